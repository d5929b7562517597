"""Search on PostgreSQL: Django's full-text search, title weighted over body, with trigram similarity.

The documents of the current content version are kept in one table (SearchDocument), rewritten when
the version changes, under an advisory lock so that two workers never write it at once. Searching
ranks with SearchRank over a weighted SearchVector, and adds TrigramWordSimilarity of the query to
each title, so a title the person nearly typed still comes up.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, TrigramWordSimilarity
from django.db import connection, models, transaction
from django.db.models import Q

from guide.search.documents import Corpus
from guide.search.query import Group

LOCK_ID = 2_026_120_721  # any number no other advisory lock of the site uses
LIMIT = 100
TITLE_SIMILARITY = 0.5


class SearchDocument(models.Model):
    """A copy of one public document for PostgreSQL's search: rewritten from content, never edited."""

    changes_no_page = True  # pagecache: writing this table is not a content change

    version = models.CharField(max_length=32, db_index=True)
    key = models.CharField(max_length=150)
    title = models.CharField(max_length=300)
    body = models.TextField()

    class Meta:
        app_label = "guide"
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_search_document_per_version")]

    def __str__(self):
        return self.key


def synced(corpus: Corpus) -> None:
    """Make the table hold this version's documents, and only those."""
    if SearchDocument.objects.filter(version=corpus.version).exists():
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_ID])
        if SearchDocument.objects.filter(version=corpus.version).exists():
            return  # another worker wrote it while this one waited
        SearchDocument.objects.exclude(version=corpus.version).delete()
        SearchDocument.objects.bulk_create(
            SearchDocument(version=corpus.version, key=doc.key, title=doc.title, body=doc.body)
            for doc in corpus.documents
        )


def rank(corpus: Corpus, groups: list[Group], typed: str) -> list[tuple[str, float]]:
    terms = [word for group in groups for word in group.words] + [f"{g.prefix}:*" for g in groups if g.prefix]
    if not terms:
        return []
    synced(corpus)
    # Every word is letters and digits only (words.py), so a raw tsquery of them joined by | is safe.
    query = SearchQuery(" | ".join(terms), search_type="raw", config="english")
    vector = SearchVector("title", weight="A", config="english") + SearchVector("body", weight="B", config="english")
    rows = (
        SearchDocument.objects.filter(version=corpus.version)
        .annotate(search=vector, rank=SearchRank(vector, query), similar=TrigramWordSimilarity(typed, "title"))
        .filter(Q(search=query) | Q(similar__gte=TITLE_SIMILARITY))
        .order_by("-rank", "-similar")
        .values_list("key", "rank", "similar")[:LIMIT]
    )
    return [(key, rank + similar) for key, rank, similar in rows]
