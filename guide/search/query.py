"""What a person typed, checked and turned into groups of words, the same for every engine.

Each group is one thing they asked about: a word of theirs, with its spelling put right if it is not
a word the guide uses, or a lay term ("numb bum") with the guide's words for it. A page matches a
group when it has any of the group's words.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from guide.search.words import STOPWORDS, meaningful, similarity, words_of

MAX_LENGTH = 100
MAX_GROUPS = 12
# pg_trgm's default threshold is 0.3; a little stricter, so a short slip ("sciatca") finds its word
# but an unrelated word of similar letters does not.
SPELLING_THRESHOLD = 0.45


class BadQuery(ValueError):
    """A search that cannot be run; the message says what to do, in plain words."""


@dataclass(frozen=True)
class Group:
    typed: tuple[str, ...]  # what the person wrote (after folding)
    words: tuple[str, ...]  # every word that counts as a match, theirs first
    prefix: str = ""  # the last word as typed so far, matched as the start of a word
    means: tuple[str, ...] = ()  # a lay term's meaning, in the guide's words

    @property
    def meaning(self) -> tuple[str, ...]:
        """The words that say a page is about it: a lay term of several words counts by what it means
        ("hot water bottle" is heat, not every page with "hot" in its title)."""
        if self.means and len(self.typed) > 1:
            return self.means
        return self.words


def checked(text: str | None) -> str:
    """The query, trimmed, or BadQuery saying why not."""
    text = (text or "").strip()
    if len(text) > MAX_LENGTH:
        raise BadQuery(f"Search for something shorter: at most {MAX_LENGTH} letters.")
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} for ch in text):
        raise BadQuery("Your search had characters we cannot read. Type it again in plain words.")
    if text and not words_of(text):
        raise BadQuery("Type some words, such as ice, paracetamol or numb leg.")
    return text


@lru_cache(maxsize=2048)  # people type the same slips; a frozenset keeps its hash, so the key is cheap
def corrected(word: str, vocabulary: frozenset[str]) -> str | None:
    """The guide's word closest to a misspelt one, as pg_trgm would pick it; None if none is close."""
    if word in vocabulary or len(word) < 4 or word.isdigit():
        return None
    best, score = None, SPELLING_THRESHOLD
    for candidate in vocabulary:
        if abs(len(candidate) - len(word)) <= 3 and (s := similarity(word, candidate)) >= score:
            best, score = candidate, s
    return best


def groups(text: str, synonyms: list, vocabulary: frozenset[str], typing: bool = False) -> list[Group]:
    """The groups of words a checked query asks for. `typing`: the last word may be unfinished."""
    words = words_of(text)
    found: list[Group] = []
    taken = [False] * len(words)
    # Longest terms first, so "hot water bottle" wins over "water".
    for term, means in sorted(synonyms, key=lambda pair: -len(pair[0])):
        for start in range(len(words) - len(term) + 1):
            span = range(start, start + len(term))
            if tuple(words[start : start + len(term)]) == term and not any(taken[i] for i in span):
                for i in span:
                    taken[i] = True
                own = tuple(meaningful(list(term))) or term
                meant = tuple(meaningful(list(means)))
                found.append((start, Group(term, tuple(dict.fromkeys(own + meant)), means=meant)))
    for i, word in enumerate(words):
        if taken[i] or word in STOPWORDS:
            continue
        alternatives = [word]
        if (right := corrected(word, vocabulary)) is not None:
            alternatives.append(right)
        last = typing and i == len(words) - 1 and len(word) >= 3 and word not in vocabulary
        found.append((i, Group((word,), tuple(alternatives), prefix=word if last else "")))
    return [group for _, group in sorted(found, key=lambda pair: pair[0])][:MAX_GROUPS]
