"""Compare two name parts and say which rule decided: same key, short form, dropped suffix...

Given names and surnames differ in how much spelling freedom they get. Two given names that
differ by one letter are usually two names (Marat, Murat; Asel, Asem; Ilya, Ilyas), so only a
letter dropped inside the name is forgiven (Barlyk, Baryk). Surnames, recognised by their
endings, are longer and more often misspelt (Mendygazyev, Menydgyazyev), and Kazakh and Russian
spellings of one surname change its vowels (Жүсіпов, Жусупов; Тұрсынбаев, Турсунбаев): there
the vowel pairs that Kazakh ү ұ і ы ө and Russian у и о exchange cost half a changed letter.
Names that start differently are never the same by spelling (Valiev, Aliev; Omarov, Umarov):
romanisations that change the first letter (Yerulan, Erulan) are already one key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from docket.names.short_form import is_short_form
from docket.names.token import SURNAME_KINDS, NameToken

# Rules, as they appear in explanations.
SAME = "same"  # the same letters once folded to ASCII
SPELLING_VARIANT = "spelling_variant"  # the same name key: another romanisation or script
SHORT_FORM = "short_form"  # Bota / Botagoz, from the short-form table
SUFFIX_DROPPED = "suffix_dropped"  # Kayyrbek / Kayyrbekov, Kusman / Kusmankyzy
SUFFIX_FORM = "suffix_form"  # Kemelov / Kemeluly, Kusmanova / Kusmankyzy
FUZZY_SPELLING = "fuzzy_spelling"  # a letter or two differ: Barlyk / Baryk
INITIAL = "initial"  # E. / Erulan
GENDER_DIFFERS = "gender_differs"  # Amirov / Amirova, Kemeluly / Kemelkyzy, Ruslan / Ruslana
DIFFERENT = "different"

FUZZY_FLOOR = 0.85
SUFFIX_SCORE = 0.85
SHORT_FORM_SCORE = 0.9
INITIAL_SCORE = 0.5
# Patronymic endings may stand in for surname endings, but not for a bare given name: Serik is
# not Serikovich.
_DROPPABLE_KINDS = frozenset({"surname", "kazakh_patronymic"})


@dataclass(frozen=True, slots=True)
class TokenMatch:
    rule: str
    score: float  # 0..1
    accepted: bool  # the two parts may be the same name part

    @property
    def gender_conflict(self) -> bool:
        return self.rule == GENDER_DIFFERS


_DIFFERENT = TokenMatch(DIFFERENT, 0.0, False)
# Vowels that Kazakh and Russian spellings of one name exchange: ү ұ ы / у, і ы / и, ө / о, у.
_EXCHANGED_VOWELS = frozenset({"iu", "ui", "ou", "uo"})


def compare_tokens(a: NameToken, b: NameToken) -> TokenMatch:
    """Compare two name parts. Symmetric: compare_tokens(a, b) == compare_tokens(b, a)."""
    if (a.key, a.folded) > (b.key, b.folded):
        a, b = b, a
    return _compare_ordered(a, b)


@lru_cache(maxsize=262144)
def _compare_ordered(a: NameToken, b: NameToken) -> TokenMatch:
    if a.is_initial or b.is_initial:
        return _compare_initial(a, b)
    if a.folded == b.folded:
        return TokenMatch(SAME, 1.0, True)
    if a.key == b.key:
        return TokenMatch(SPELLING_VARIANT, 1.0, True)
    lenient = a.kind in SURNAME_KINDS or b.kind in SURNAME_KINDS
    if _gender_differs(a, b, lenient):
        return TokenMatch(GENDER_DIFFERS, 0.0, False)
    if is_short_form(a.key, b.key):
        return TokenMatch(SHORT_FORM, SHORT_FORM_SCORE, True)
    if a.suffix != b.suffix and (a.gender is None or b.gender is None or a.gender == b.gender):
        match = _compare_suffixed(a, b)
        if match is not None:
            return match
    distance = spelling_distance(a.key, b.key, lenient=lenient)
    length = min(len(a.key), len(b.key))
    if _same_edges(a.key, b.key, lenient) and distance <= _budget(length, lenient=lenient):
        score = min(0.95, max(FUZZY_FLOOR, 1.0 - 0.5 * distance / length))
        return TokenMatch(FUZZY_SPELLING, score, True)
    return TokenMatch(DIFFERENT, round(0.5 * Indel.normalized_similarity(a.key, b.key), 4), False)


def _compare_initial(a: NameToken, b: NameToken) -> TokenMatch:
    if a.is_initial and b.is_initial:
        return TokenMatch(INITIAL, INITIAL_SCORE, True) if a.key == b.key else _DIFFERENT
    initial, full = (a, b) if a.is_initial else (b, a)
    if full.folded.startswith(initial.folded) or full.key[:1] == initial.key:
        return TokenMatch(INITIAL, INITIAL_SCORE, True)
    return _DIFFERENT


def _gender_differs(a: NameToken, b: NameToken, lenient: bool) -> bool:
    if a.gender is not None and b.gender is not None and a.gender != b.gender:
        if a.stem == b.stem:
            return True
        length = min(len(a.stem), len(b.stem))
        return spelling_distance(a.stem, b.stem, lenient=lenient) <= _budget(length, lenient)
    # Given names: Ruslan / Ruslana, Aleksandr / Aleksandra, Evgeniy / Evgeniya.
    short, long_ = (a.key, b.key) if len(a.key) < len(b.key) else (b.key, a.key)
    return long_ == short + "a" and short[-1:] not in "aeiou" and len(short) >= 3


def _compare_suffixed(a: NameToken, b: NameToken) -> TokenMatch | None:
    bare, suffixed = (a, b) if not a.suffix else (b, a)
    if not bare.suffix:
        if suffixed.kind in _DROPPABLE_KINDS and bare.key in _stems(suffixed):
            return TokenMatch(SUFFIX_DROPPED, SUFFIX_SCORE, True)
        return None
    if _stems(a) & _stems(b) and {a.kind, b.kind} == _DROPPABLE_KINDS:
        return TokenMatch(SUFFIX_FORM, SUFFIX_SCORE, True)
    return None


def _stems(token: NameToken) -> set[str]:
    """The stem, and the stem with the ending's first consonant when keys merged doubled
    letters across the join (Sarsenbek + kyzy -> "sarsenbeKizi")."""
    stems = {token.stem}
    if token.suffix[:1] not in ("", "a", "e", "i", "o", "u"):
        stems.add(token.stem + token.suffix[0])
    return stems


def _same_edges(a: str, b: str, lenient: bool) -> bool:
    """Same first letter; for given names also the same last letter (Ilya, Ilyas), but for a
    final vowel (Jardemalie, Жардемали)."""
    if a[:1] != b[:1]:
        return False
    if lenient or a[-1:] == b[-1:]:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_[:-1] == short and long_[-1] in "aeiou"


def _budget(length: int, lenient: bool) -> float:
    """How much spelling distance two name parts may carry and stay the same, by the length of
    the shorter key."""
    if length <= 4:
        return 0.0
    if length <= 8:
        # One dropped vowel makes another short surname (Kulbayev, Kulibayev).
        return 1.0 if lenient else 1.5
    if length <= 11 or not lenient:
        return 2.5
    return 3.0


@lru_cache(maxsize=262144)
def spelling_distance(a: str, b: str, *, lenient: bool) -> float:
    """Weighted edit distance between two keys.

    A swap of neighbours and an exchanged Kazakh/Russian vowel (i/u, o/u) cost 1, an added or
    dropped vowel 1.5 (so that changing a vowel for another costs 3, like any other changed
    letter: Suleimenov, Suleimanov). An added or dropped consonant costs 1 in a given name
    (Barlyk, Baryk) but 2 in a surname (`lenient`), where one consonant more usually makes
    another family's name (Popov, Popkov).
    """
    # Every edit costs at least half its Indel cost: Indel/2 bounds the distance from below
    # and spares the slow loop most pairs.
    lower = Indel.distance(a, b) / 2
    if lower > 3:
        return lower
    consonant = 2.0 if lenient else 1.0

    def indel(char: str) -> float:
        return 1.5 if char in "aeiou" else consonant

    rows = len(b) + 1
    before: list[float] = []
    previous = [0.0] * rows
    for j in range(1, rows):
        previous[j] = previous[j - 1] + indel(b[j - 1])
    for i in range(1, len(a) + 1):
        ca = a[i - 1]
        current = [previous[0] + indel(ca)] + [0.0] * (rows - 1)
        for j in range(1, rows):
            cb = b[j - 1]
            if ca == cb:
                sub = 0.0
            elif ca + cb in _EXCHANGED_VOWELS:
                sub = 1.0
            else:
                sub = 3.0
            best = min(previous[j] + indel(ca), current[j - 1] + indel(cb), previous[j - 1] + sub)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        before, previous = previous, current
    return previous[-1]
