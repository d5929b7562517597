"""Search on SQLite: an in-memory FTS5 index of the current content version, in each process.

Why in memory and not a table in the database: the index is rebuilt from the published content
whenever the content version changes (a few milliseconds for the whole guide), so it can never fall
out of step with an edit, a fixture load or a restored backup, needs no migration or trigger on
every content table, and a search never writes to the database. Python's own sqlite3 module carries
FTS5, so this works whatever database the site runs on; the site uses it when that database is SQLite.
"""

import sqlite3
import threading

from guide.search.documents import Document
from guide.search.query import Group

# Title over body, as PostgreSQL's weights A (1.0) and B (0.4) rank them.
TITLE_WEIGHT, BODY_WEIGHT = 2.5, 1.0
LIMIT = 100


class Fts5Index:
    def __init__(self, documents: list[Document]):
        self.lock = threading.Lock()
        self.connection = sqlite3.connect(":memory:", check_same_thread=False)
        self.connection.execute(
            "CREATE VIRTUAL TABLE documents USING fts5("
            "key UNINDEXED, title, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        self.connection.executemany(
            "INSERT INTO documents (key, title, body) VALUES (?, ?, ?)",
            [(doc.key, doc.title, doc.body) for doc in documents],
        )

    def rank(self, groups: list[Group]) -> list[tuple[str, float]]:
        """Keys of the documents with any of the groups' words, best first, with FTS5's bm25 score."""
        # Every word is letters and digits only (words.py), so quoting it makes a safe FTS5 string.
        terms = [f'"{word}"' for group in groups for word in group.words]
        terms += [f'"{group.prefix}" *' for group in groups if group.prefix]
        if not terms:
            return []
        weights = f"0, {TITLE_WEIGHT}, {BODY_WEIGHT}"
        sql = (
            f"SELECT key, -bm25(documents, {weights}) FROM documents WHERE documents MATCH ? "
            f"ORDER BY bm25(documents, {weights}) LIMIT {LIMIT}"
        )
        with self.lock:
            return self.connection.execute(sql, [" OR ".join(terms)]).fetchall()
