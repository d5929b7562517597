"""Site search: one interface, PostgreSQL's full-text search or SQLite's FTS5 underneath.

`search(text)` checks the query (BadQuery says what is wrong), turns it into groups of words
(query.py: spelling put right, lay terms read through the editors' search words), asks the engine
for every page with any of those words, and puts them in one order on both engines: pages whose
title has more of what was asked first, then pages with more of it anywhere, then the engine's own
rank. A warning sign of an emergency that the query names comes before everything (see `named`).

Nothing here keeps the query: not in the database, a log or a cache key.
"""

import bisect
from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from django.db import connection

from guide.search import documents, query
from guide.search.documents import Corpus, Document
from guide.search.query import BadQuery, Group
from guide.search.words import same_word, stem, words_of

__all__ = ["BadQuery", "Results", "search"]

MAX_RESULTS = 20
MAX_EMERGENCIES = 3
# A word in more than this share of the documents says little about which one is meant ("pain", "leg").
COMMON_SHARE = 0.1
BRIEF_SHARE = 0.4


@dataclass(frozen=True)
class Results:
    text: str
    emergencies: list[Document]
    documents: list[Document]

    def __bool__(self):
        return bool(self.emergencies or self.documents)


class Stems:
    """A document's word stems, to test whether it has a query word (stemmed alike, or one begins the other)."""

    def __init__(self, words: list[str]):
        self.exact = {stem(word) for word in words}
        self.sorted = sorted(self.exact)

    def has(self, word: str) -> bool:
        s = stem(word)
        if s in self.exact:
            return True
        if len(s) >= 4:  # a slightly longer word of the document that begins with it: "breath", "breathe"
            i = bisect.bisect_left(self.sorted, s)
            while i < len(self.sorted) and self.sorted[i].startswith(s):
                if len(self.sorted[i]) - len(s) <= 3:
                    return True
                i += 1
        return False

    def matches(self, group: Group) -> bool:
        return any(self.has(word) for word in group.meaning) or bool(
            group.prefix and any(w.startswith(group.prefix) for w in self.sorted)
        )


class Index:
    """What search needs of one content version, built once per version."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.by_key = {doc.key: doc for doc in corpus.documents}
        self.titles = {doc.key: Stems(words_of(doc.title)) for doc in corpus.documents}
        self.texts = {doc.key: Stems(words_of(doc.title + " " + doc.body)) for doc in corpus.documents}
        self.signs = {doc.key: Stems(list(doc.sign_words)) for doc in corpus.documents if doc.urgency == "emergency"}
        self.frequency = Counter(s for stems in self.texts.values() for s in stems.exact)
        self.common = COMMON_SHARE * len(corpus.documents)

    @cached_property
    def fts5(self):
        from guide.search.fts5 import Fts5Index

        return Fts5Index(self.corpus.documents)

    def engine_rank(self, groups: list[Group], text: str) -> list[tuple[str, float]]:
        if connection.vendor == "postgresql":
            from guide.search import postgres

            return postgres.rank(self.corpus, groups, text)
        return self.fts5.rank(groups)

    def rare(self, group: Group, stems: Stems) -> bool:
        return any(stems.has(word) and self.frequency[stem(word)] <= self.common for word in group.meaning)

    def named(self, groups: list[Group]) -> list[Document]:
        """Emergency signs the query reads like. Every group (all but one, of four or more) is among the
        sign's own words; at least one of them is a word few pages use ("chest", not "pain"); and the query
        says enough of the sign: a lay term of several words whose whole meaning is in it ("numb bum"), or at least
        BRIEF_SHARE of its few words on the warning-signs page ("chest pain", not "pins and needles"
        for numb legs)."""
        found = []
        for key, stems in self.signs.items():
            matched = [group for group in groups if stems.matches(group)]
            enough = len(matched) >= (len(groups) - 1 if len(groups) >= 4 else len(groups))
            if not (matched and enough and any(self.rare(group, stems) for group in matched)):
                continue
            brief = self.by_key[key].brief_words
            said = sum(any(same_word(word, b) for g in matched for word in g.meaning) for b in brief)
            whole_term = any(len(g.typed) > 1 and g.means and all(stems.has(word) for word in g.means) for g in matched)
            if whole_term or (brief and said / len(brief) >= BRIEF_SHARE):
                found.append((len(matched), said, key))
        found.sort(key=lambda item: (-item[0], -item[1]))
        return [self.by_key[key] for *_, key in found[:MAX_EMERGENCIES]]

    def ordered(self, groups: list[Group], ranked: list[tuple[str, float]]) -> list[Document]:
        def key(item):
            doc_key, score = item
            in_title = sum(self.titles[doc_key].matches(g) for g in groups)
            anywhere = sum(self.texts[doc_key].matches(g) for g in groups)
            return (-(2 * in_title + anywhere), -score)

        # The engine's copy may be a moment older than this process's documents: keep only those both know.
        return [self.by_key[doc_key] for doc_key, _ in sorted((r for r in ranked if r[0] in self.by_key), key=key)]


_index: Index | None = None


def index() -> Index:
    global _index
    corpus = documents.corpus()
    if _index is None or _index.corpus is not corpus:
        _index = Index(corpus)
    return _index


def search(text: str | None, typing: bool = False) -> Results:
    """The pages for a query, emergencies first. Raises BadQuery for a query that cannot be run."""
    text = query.checked(text)
    if not text:
        return Results("", [], [])
    idx = index()
    groups = query.groups(text, idx.corpus.synonyms, idx.corpus.vocabulary, typing=typing)
    if not groups:
        return Results(text, [], [])
    emergencies = idx.named(groups)
    shown = {doc.key for doc in emergencies}
    found = [doc for doc in idx.ordered(groups, idx.engine_rank(groups, text)) if doc.key not in shown]
    return Results(text, emergencies, found[:MAX_RESULTS])
