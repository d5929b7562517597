"""Words as search sees them, the same for every engine: lower case, no accents, letters and digits only.

Also pg_trgm's trigram similarity, done in Python, so a misspelt word is matched to the guide's own
words the same way on SQLite as PostgreSQL's pg_trgm would match it.
"""

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"[a-z0-9]+")
# Words that carry no meaning in a search ("what to do for a bad back"), as PostgreSQL's english
# dictionary drops them; SQLite's FTS5 would otherwise rank every page for them. Unlike PostgreSQL,
# "up", "down", "on", "off", "out", "over", "under" and "both" stay: "get up" is not "get down".
STOPWORDS = frozenset(
    """a about after again all also am an and any are as at be been before being but by can could did do
    does doing for from get got had has have having he her here hers him his how i if in into is it its
    just me more most my no nor not now of once only or other our own same she should so some such than
    that the their them then there these they this those through to too until very was we were what when
    where which while who why will with would you your yours""".split()  # noqa: SIM905
)


def fold(text: str) -> str:
    """Lower case without accents or apostrophes: "Can't" and "cant", "naïve" and "naive" are one word."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("'", "").replace("\u2019", "")


def words_of(text: str) -> list[str]:
    return WORD.findall(fold(text))


def meaningful(words: list[str]) -> list[str]:
    return [word for word in words if word not in STOPWORDS]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A rough stem, for comparing words in Python: "numbness" and "numb", "peeing" and "pee"."""
    for suffix in ("ness", "ing", "ed", "es", "s", "y"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def same_word(a: str, b: str) -> bool:
    a, b = stem(a), stem(b)
    shorter, longer = sorted((a, b), key=len)
    return a == b or (len(shorter) >= 4 and longer.startswith(shorter))


@lru_cache(maxsize=8192)
def trigrams(word: str) -> frozenset[str]:
    """pg_trgm's trigrams of one word: padded with two spaces in front and one behind."""
    padded = f"  {word} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all trigrams of the two words."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta or tb else 0.0
