"""Compare two name parts and say which rule decided: same key, short form, dropped suffix...

Given names and surnames differ in how much spelling freedom they get. Two given names that
differ by one letter are usually two names (Marat, Murat; Asel, Asem; Ilya, Ilyas), so only a
letter dropped or two swapped inside the name are forgiven (Barlyk, Baryk). Surnames,
recognised by their endings, are longer and more often misspelt (Mendygazyev, Menydgyazyev),
and Kazakh and Russian spellings of one surname change its vowels (Жүсіпов, Жусупов;
Тұрсынбаев, Турсунбаев): there the vowel pairs that Kazakh ү ұ і ы ө and Russian у и о exchange
cost a third of a changed letter.
Names that start differently are never the same by spelling (Valiev, Aliev; Omarov, Umarov):
romanisations that change the first letter (Yerulan, Erulan) are already one key.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import Indel

from docket.names.short_form import is_short_form
from docket.names.token import SURNAME_KINDS, NameToken, make_token

# Rules, as they appear in explanations.
SAME = "same"  # the same letters once folded to ASCII
SPELLING_VARIANT = "spelling_variant"  # the same name key: another romanisation or script
SHORT_FORM = "short_form"  # Bota / Botagoz, from the short-form table
SUFFIX_DROPPED = "suffix_dropped"  # Kayyrbek / Kayyrbekov, Kusman / Kusmankyzy
SUFFIX_FORM = "suffix_form"  # Kemelov / Kemeluly, Kusmanova / Kusmankyzy, Aidarovna / Aidarkyzy
FUZZY_SPELLING = "fuzzy_spelling"  # a letter or two differ: Barlyk / Baryk
INITIAL = "initial"  # E. / Erulan
GENDER_DIFFERS = "gender_differs"  # Amirov / Amirova, Kemeluly / Kemelkyzy, Ruslan / Ruslana
DIFFERENT = "different"

FUZZY_FLOOR = 0.85
SUFFIX_SCORE = 0.85
FUZZY_SUFFIX_SCORE = 0.8
SHORT_FORM_SCORE = 0.9
INITIAL_SCORE = 0.5
AMBIGUOUS_LATIN_SCORE = 0.95
# Patronymic endings may stand in for surname endings, but not for a bare given name: Serik is
# not Serikovich.
_DROPPABLE_KINDS = frozenset({"surname", "surname_in", "kazakh_patronymic"})
_PATRONYMIC_KINDS = frozenset({"patronymic", "kazakh_patronymic"})


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
    # Everything but the text as written derives from the folded form, so results are cached
    # by folded forms (cheap to hash) and in a fixed order (symmetry).
    if a.folded > b.folded:
        return _compare_folded(b.folded, a.folded)
    return _compare_folded(a.folded, b.folded)


@lru_cache(maxsize=524288)
def _compare_folded(a: str, b: str) -> TokenMatch:
    return _compare_ordered(make_token(a, a), make_token(b, b))


def _compare_ordered(a: NameToken, b: NameToken) -> TokenMatch:
    if a.is_initial or b.is_initial:
        return _compare_initial(a, b)
    if a.folded == b.folded:
        return TokenMatch(SAME, 1.0, True)
    if a.key == b.key:
        return TokenMatch(SPELLING_VARIANT, 1.0, True)
    if a.key[0] != b.key[0] and not is_short_form(a.key, b.key):
        # Every rule below but short forms needs the same first letter.
        return _DIFFERENT
    lenient = a.kind in SURNAME_KINDS or b.kind in SURNAME_KINDS
    if _gender_differs(a, b, lenient):
        return TokenMatch(GENDER_DIFFERS, 0.0, False)
    if is_short_form(a.key, b.key):
        return TokenMatch(SHORT_FORM, SHORT_FORM_SCORE, True)
    if _german_final_j(a.key, b.key) or _kazakh_latin_sh(a.key, b.key):
        return TokenMatch(SPELLING_VARIANT, AMBIGUOUS_LATIN_SCORE, True)
    if a.suffix != b.suffix and (a.gender is None or b.gender is None or a.gender == b.gender):
        match = _compare_suffixed(a, b)
        if match is not None:
            return match
    if {a.kind, b.kind} & _PATRONYMIC_KINDS and a.kind != b.kind:
        # A patronymic is not a misspelt surname (Nikolaevna, Nikolaeva; Stepanovna, Stepanova).
        return _different(a, b)
    length = min(len(a.key), len(b.key))
    budget = _budget(length, lenient=lenient)
    if budget and _same_edges(a.key, b.key, lenient):
        distance = spelling_distance(a.key, b.key, lenient=lenient, limit=budget)
        if distance <= budget and (lenient or _consonants_kept(a.key, b.key)):
            score = min(0.95, max(FUZZY_FLOOR, 1.0 - 0.5 * distance / length))
            return TokenMatch(FUZZY_SPELLING, score, True)
    return _different(a, b)


def _different(a: NameToken, b: NameToken) -> TokenMatch:
    # The score only ranks non-matching parts against each other when names are aligned.
    return TokenMatch(DIFFERENT, 0.5 * Indel.normalized_similarity(a.key, b.key), False)


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
        budget = _budget(min(len(a.stem), len(b.stem)), lenient)
        return spelling_distance(a.stem, b.stem, lenient=lenient, limit=budget) <= budget
    # Given names: Ruslan / Ruslana, Aleksandr / Aleksandra, Evgeniy / Evgeniya.
    short, long_ = (a.key, b.key) if len(a.key) < len(b.key) else (b.key, a.key)
    return long_ == short + "a" and short[-1:] not in "aeou" and len(short) >= 3


def _compare_suffixed(a: NameToken, b: NameToken) -> TokenMatch | None:
    """Same stem, different endings: a dropped Russian ending, or Russian against Kazakh form."""
    kinds = {a.kind, b.kind}
    if kinds == {"surname", "kazakh_patronymic"} or kinds == {"patronymic", "kazakh_patronymic"}:
        if _stems(a) & _stems(b):
            return TokenMatch(SUFFIX_FORM, SUFFIX_SCORE, True)
        return None
    for bare, suffixed in ((a, b), (b, a)):
        # A Kazakh name in -ын is not a Russian -in surname (Байтұрсын, Baitursynova; but
        # Savin, Savinov are two families).
        kazakh_yn = bare.kind == "surname_in" and bare.folded.endswith("yn")
        if suffixed.kind not in _DROPPABLE_KINDS or not (bare.kind is None or kazakh_yn):
            continue
        stems = _stems(suffixed)
        if bare.key in stems:
            return TokenMatch(SUFFIX_DROPPED, SUFFIX_SCORE, True)
        budget = _budget(len(bare.key), lenient=True)
        if any(
            stem[:1] == bare.key[:1]
            and spelling_distance(bare.key, stem, lenient=True, limit=budget) <= budget
            for stem in stems
        ):
            return TokenMatch(SUFFIX_DROPPED, FUZZY_SUFFIX_SCORE, True)
    return None


def _stems(token: NameToken) -> set[str]:
    """The stem as read, and as it may have been before the ending joined it: with the ending's
    first consonant when keys merged doubled letters (Sarsenbek + kyzy -> "sarsenbeKizi"), and
    with the й or и that -ev swallows (Оразтай, Оразтаев; Қалиғазы, Калигазиев)."""
    stems = {token.stem}
    first = token.suffix[:1]
    if first and first not in "aeiou":
        stems.add(token.stem + first)
    elif first == "e":
        stems.update((token.stem + "i", token.stem + "ei"))
    return stems


def _german_final_j(a: str, b: str) -> bool:
    """Sergej / Sergei, Nikolaj / Nikolai: German romanisation writes a final й as "j". Not in
    the key, because the Kazakh Latin alphabet writes a final ж as "j"."""
    if len(a) != len(b) or len(a) < 3 or a[:-1] != b[:-1] or a[-2] not in "aeiou":
        return False
    return {a[-1], b[-1]} == {"J", "i"}


def _kazakh_latin_sh(a: str, b: str) -> bool:
    """Askhat / Ashat: the Kazakh Latin alphabet writes ш as ş, so its "sh" is с + х; read as
    ш, it must still meet the "skh" of other romanisations (Şasha, Шасха)."""
    for one, other in ((a, b), (b, a)):
        if len(other) <= len(one) or "S" not in one:
            continue
        parts = one.split("S")
        if len(parts) > 4:
            continue
        for choice in product(("S", "sK"), repeat=len(parts) - 1):
            joined = parts[0] + "".join(c + p for c, p in zip(choice, parts[1:], strict=True))
            if joined == other:
                return True
    return False


def _same_edges(a: str, b: str, lenient: bool) -> bool:
    """Same first letter; for given names also the same last letter (Ilya, Ilyas), but for a
    final vowel (Jardemalie, Жардемали)."""
    if a[:1] != b[:1]:
        return False
    if lenient or a[-1:] == b[-1:]:
        return True
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return long_[:-1] == short and long_[-1] in "aeiou"


def _consonants_kept(a: str, b: str) -> bool:
    """At most one consonant more or less, none replaced: a given name may lose or move a
    letter (Barlyk, Baryk; Jardemalie, Jadermalie) but not change one (Sultanlan, Sultankhan)."""
    difference = Counter(c for c in a if c not in "aeiou")
    difference.subtract(c for c in b if c not in "aeiou")
    return sum(abs(n) for n in difference.values()) <= 1


def _budget(length: int, lenient: bool) -> float:
    """How much spelling distance two name parts may carry and stay the same, by the length of
    the shorter key."""
    if length <= 4:
        return 0.0
    if length <= 8:
        # One dropped vowel makes another short surname (Kulbayev, Kulibayev).
        return 1.0 if lenient else 1.5
    return 2.5


def _indel_cost(char: str, consonant: float) -> float:
    if char == "i":
        return 1.5
    return 2.0 if char in "aeou" else consonant


def spelling_distance(a: str, b: str, *, lenient: bool, limit: float = 3.0) -> float:
    """Weighted edit distance between two keys.

    A swap of neighbours and an exchanged Kazakh/Russian vowel (i/u, o/u) cost 1. An added or
    dropped "i" costs 1.5: Russian spelling drops the Kazakh ы and і (Бауыржан, Бауржан;
    Әбдірахманов, Абдрахманов); any other vowel 2 (Erlan, Erulan are two names), so that
    changing a vowel for another costs 3 or more, like any other changed letter (Suleimenov,
    Suleimanov). An added or dropped consonant costs 1 in a given name (Barlyk, Baryk) but 2 in
    a surname (`lenient`), where one consonant more usually makes another family's name
    (Popov, Popkov). Distances above `limit` may be reported as any value above `limit`.
    """
    # Every edit costs at least half its Indel cost: Indel/2 bounds the distance from below
    # and spares the slow loop most pairs.
    lower = Indel.distance(a, b, score_cutoff=int(2 * limit) + 1) / 2
    if lower > limit:
        return lower
    # A common beginning and end cost nothing (a swap cannot straddle them either).
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a, b = a[start : len(a) - end], b[start : len(b) - end]
    consonant = 2.0 if lenient else 1.0
    cost_a = [_indel_cost(c, consonant) for c in a]
    cost_b = [_indel_cost(c, consonant) for c in b]
    # Cells further than `band` from the diagonal need more indels than the limit allows.
    band = int(limit / min(1.5, consonant)) + 1
    inf = float("inf")
    rows = len(b) + 1
    before: list[float] = []
    previous = [0.0] * rows
    for j in range(1, rows):
        previous[j] = previous[j - 1] + cost_b[j - 1]
    for i in range(1, len(a) + 1):
        ca = a[i - 1]
        current = [inf] * rows
        current[0] = previous[0] + cost_a[i - 1]
        for j in range(max(1, i - band), min(rows, i + band + 1)):
            cb = b[j - 1]
            if ca == cb:
                sub = 0.0
            elif ca + cb in _EXCHANGED_VOWELS:
                sub = 1.0
            else:
                sub = 3.0
            best = min(
                previous[j] + cost_a[i - 1], current[j - 1] + cost_b[j - 1], previous[j - 1] + sub
            )
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, before[j - 2] + 1)
            current[j] = best
        before, previous = previous, current
    return previous[-1]
