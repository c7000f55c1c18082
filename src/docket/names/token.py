"""A person's name read into parts: each part with its folded form, key and gendered ending."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from docket.names.key import PATRONYMIC_WORDS, Gender, name_key, split_suffix
from docket.names.transliteration import fold

# Honorifics and words that are not part of a name, as folded.
_NOT_NAME = frozenset({"mr", "mrs", "ms", "miss", "dr", "gr", "grazhdanin", "grazhdanka"})
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|(?<!\w)г-(?:н|жа)(?!\w)", re.IGNORECASE)
# Hyphens and dots separate parts ("Kassym-Jomart", "K.Tokayev"); apostrophes do not (O'Neil,
# Kazakh Latin of 2017 "Qasym-Jomart Toqaev" wrote ә as a').
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―.,;:/\\|_+&\"«»“”„()\[\]{}<>0-9]+")

SURNAME_KINDS = frozenset({"surname", "surname_in", "patronymic", "kazakh_patronymic"})


@dataclass(frozen=True, slots=True)
class NameToken:
    """One part of a name: "Ерулан" -> folded "erulan", key "erulan"."""

    text: str  # as written
    folded: str  # lower-case ASCII
    key: str  # see key.name_key
    stem: str  # key without its gendered ending
    suffix: str  # the gendered ending of the key, or ""
    gender: Gender | None
    kind: str | None  # surname, surname_in, patronymic, kazakh_patronymic or None
    is_initial: bool  # a single letter: "K." in "K. Tokayev"

    @property
    def is_patronymic(self) -> bool:
        return self.kind in ("patronymic", "kazakh_patronymic")


@dataclass(frozen=True, slots=True)
class ParsedName:
    """A whole name as written, and its parts in order."""

    text: str
    tokens: tuple[NameToken, ...]
    genders: frozenset[Gender]  # the genders its gendered endings mark (not the weak -in)
    keys: frozenset[str]  # the keys of its parts


@lru_cache(maxsize=131072)
def make_token(text: str, folded: str | None = None) -> NameToken:
    """Read one name part. `folded` may be given when it is already known."""
    if folded is None:
        folded = re.sub(r"[^a-z]", "", fold(text))
    key = name_key(folded)
    stem, suffix, gender, kind = split_suffix(key)
    return NameToken(text, folded, key, stem, suffix, gender, kind, len(folded) == 1)


@lru_cache(maxsize=65536)
def parse_name(text: str) -> ParsedName:
    """Split a name into parts: "ZHEKSEBAYEV Askhat" -> (Zheksebayev, Askhat).

    Bracketed text is dropped (give aliases as separate names). Honorifics are dropped. A Kazakh
    patronymic written as its own word ("Кемел ұлы") is joined to the word before it.
    """
    text = unicodedata.normalize("NFKC", text)
    cleaned = _BRACKETS.sub(" ", text)
    tokens: list[NameToken] = []
    for raw in _split(cleaned):
        token = make_token(raw)
        if not token.key:
            continue
        if token.folded in _NOT_NAME and len(raw) > 1:
            continue
        if tokens and token.key in PATRONYMIC_WORDS and not tokens[-1].is_initial:
            previous = tokens.pop()
            token = make_token(previous.text + token.text, previous.folded + token.folded)
        tokens.append(token)
    genders = frozenset(t.gender for t in tokens if t.gender and t.kind != "surname_in")
    return ParsedName(text, tuple(tokens), genders, frozenset(t.key for t in tokens))


def _split(text: str) -> list[str]:
    words: list[str] = []
    for raw in _SEPARATORS.split(text):
        if not raw:
            continue
        if raw.isascii():
            words.append(raw)
            continue
        # Scripts written without spaces (Chinese) come out of folding as several words.
        folded = fold(raw).split()
        words.extend(folded if len(folded) > 1 else [raw])
    return words


def join_tokens(first: NameToken, second: NameToken) -> NameToken:
    """Two parts written as one: "Kassym" + "Jomart" -> "KassymJomart"."""
    return make_token(first.text + second.text, first.folded + second.folded)
