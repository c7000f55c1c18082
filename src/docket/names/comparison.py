"""Compare two people by their names, in any script, and explain the score.

Each person may carry several names (Cyrillic, Latin, short forms); every name of one is
compared with every name of the other and the best pair decides. Within a pair of names the
parts are aligned in whatever order fits best, so "ZHEKSEBAYEV Askhat" meets "Askhat
Zheksebayev". Then rules set the score:

- a gendered ending that differs (Amirov / Amirova, -uly / -kyzy) means two people;
- a name part that does not match (Dulat Agadil / Zhanbolat Agadil: relatives share surnames)
  keeps the score below the threshold, whatever else matches;
- one-word names and initials never reach the threshold on their own;
- parts one name has and the other lacks (a patronymic, a second given name) cost a little.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations

from docket.names.token import NameToken, ParsedName, join_tokens, parse_name
from docket.names.token_match import (
    INITIAL,
    SUFFIX_DROPPED,
    TokenMatch,
    compare_tokens,
)

THRESHOLD = 0.8
"""Scores at or above this are a match. Chosen on tests/names/pairs.csv; see bench/."""

GENDER_CAP = 0.3
DIFFERENT_PART_CAP = 0.6
SINGLE_PART_FACTOR = 0.6
SWAPPED_PARTS_CAP = 0.7
EXTRA_PART_PENALTY = 0.04
EXTRA_PATRONYMIC_PENALTY = 0.02
GENDER_AFFINITY = 0.9
_MAX_PERMUTED = 6  # above this many parts, align greedily
_PATRONYMIC_KINDS = frozenset({"patronymic", "kazakh_patronymic"})
_SURNAME_LIKE = frozenset({"surname", "surname_in", "kazakh_patronymic"})


@dataclass(frozen=True, slots=True)
class TokenAlignment:
    """Two aligned name parts, or a part left over on one side (the other is None)."""

    left: str | None
    right: str | None
    rule: str
    score: float


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why two names got their score: the names compared, their parts side by side, the rules."""

    left: str
    right: str
    alignment: tuple[TokenAlignment, ...]
    rules: tuple[str, ...]  # name-level rules that fired, e.g. "gender suffix differs"

    def __str__(self) -> str:
        parts = ", ".join(f"{a.left or '-'}~{a.right or '-'}:{a.rule}" for a in self.alignment)
        rules = "; ".join(self.rules)
        return f"'{self.left}' vs '{self.right}' [{parts}]" + (f" ({rules})" if rules else "")


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of comparing two people by name."""

    score: float  # 0..1
    match: bool  # score >= threshold
    threshold: float
    explain: Explanation


# Name-level rules, as they appear in Explanation.rules.
GENDER_RULE = "gender suffix differs"
DIFFERENT_PART_RULE = "a name part differs"
RELATIVE_RULE = "other parts match: relatives share surnames"
SINGLE_PART_RULE = "one-part name: not enough to identify a person"
INITIAL_RULE = "initials only: not enough to identify a person"
SWAPPED_RULE = "both parts differ by a surname ending (given name and surname swapped?)"
ORDER_RULE = "name order differs"
EXTRA_RULE = "extra name part"
JOINED_RULE = "parts written together"
PATRONYMIC_RULE = "a patronymic (father's name) matched a name of the other person"


def compare_names(
    a: Sequence[str], b: Sequence[str], *, threshold: float = THRESHOLD
) -> Comparison:
    """Compare two people, each given as a list of their names in any scripts.

    Every name of `a` is compared with every name of `b`; the best pair decides the score, and
    `explain` describes that pair. A bare string is taken as one name.
    """
    left = [parse_name(n) for n in ([a] if isinstance(a, str) else a)]
    right = [parse_name(n) for n in ([b] if isinstance(b, str) else b)]
    return compare_parsed(left, right, threshold=threshold)


def compare_parsed(
    a: Sequence[ParsedName], b: Sequence[ParsedName], *, threshold: float = THRESHOLD
) -> Comparison:
    """`compare_names` for names already parsed (the index keeps them parsed)."""
    best = best_pair(a, b)
    if best is None:
        empty = Explanation("", "", (), ("no name to compare",))
        return Comparison(0.0, False, threshold, empty)
    return Comparison(best.score, best.score >= threshold, threshold, best.explain())


def best_pair(
    a: Sequence[ParsedName], b: Sequence[ParsedName], *, floor: float | None = None
) -> ScoredPair | None:
    """The best-scoring pair of one name from `a` and one from `b`, or None if either is empty.

    With a `floor` above the score of names that differ in a part, pairs of names that
    certainly differ in a part are skipped unscored (the index uses this to go fast), and None
    means no pair reached the floor.
    """
    best: ScoredPair | None = None
    quick = floor is not None and floor > DIFFERENT_PART_CAP
    for name_a in a:
        for name_b in b:
            if quick and _differs_in_a_part(name_a, name_b):
                continue
            scored = score_pair(name_a, name_b)
            if best is None or scored.score > best.score:
                best = scored
                if best.score >= 1.0:
                    return best
    return best


def _differs_in_a_part(a: ParsedName, b: ParsedName) -> bool:
    """True when some part of the shorter name matches no part of the other, and no two parts
    could be one word written apart (Kassym Jomart, Kassymjomart): the score is then capped."""
    short, long_ = (a, b) if len(a.tokens) <= len(b.tokens) else (b, a)
    if not short.tokens:
        return False
    for token in short.tokens:
        if token.key not in long_.keys and not any(
            compare_tokens(token, other).accepted for other in long_.tokens
        ):
            break
    else:
        return False
    return not _may_be_written_together(a, b)


def _may_be_written_together(a: ParsedName, b: ParsedName) -> bool:
    """Could two neighbouring parts of one name be one part of the other (Kassym Jomart,
    Kassymjomart)? Judged on keys, so a rare digraph across the join may be missed."""
    for first, second in ((a, b), (b, a)):
        tokens = first.tokens
        for i in range(len(tokens) - 1):
            if concat_keys(tokens[i].key, tokens[i + 1].key) in second.keys:
                return True
    return False


def concat_keys(first: str, second: str) -> str:
    """The key of two parts written together, as keys merge a doubled letter across the join."""
    return first + (second[1:] if first[-1:] == second[:1] else second)


@dataclass(slots=True)
class ScoredPair:
    """Two names with their score; `explain()` writes the explanation only when it is needed."""

    a: ParsedName
    b: ParsedName
    score: float
    rules: list[str]
    short: list[NameToken]
    long_: list[NameToken]
    pairs: list[tuple[int, int, TokenMatch]]
    swap: bool

    def explain(self) -> Explanation:
        used = {j for _, j, _ in self.pairs}
        alignment = [_aligned(self.short[i], self.long_[j], m, self.swap) for i, j, m in self.pairs]
        alignment += [
            _aligned(None, t, _LEFT_OVER, self.swap)
            for j, t in enumerate(self.long_)
            if j not in used
        ]
        return Explanation(self.a.text, self.b.text, tuple(alignment), tuple(self.rules))


def score_pair(a: ParsedName, b: ParsedName) -> ScoredPair:
    """Score two single names, 0..1."""
    if not a.tokens or not b.tokens:
        return ScoredPair(a, b, 0.0, ["no name to compare"], [], [], [], False)
    rules: list[str] = []
    left, right = list(a.tokens), list(b.tokens)
    if _may_be_written_together(a, b):
        left, right = _join_written_together(left, right, rules)
    swap = len(left) > len(right)
    short, long_ = (right, left) if swap else (left, right)
    pairs = _align(short, long_)
    score = sum(m.score for _, _, m in pairs) / len(pairs)

    if len(long_) > len(short):
        used = {j for _, j, _ in pairs}
        for j, token in enumerate(long_):
            if j not in used:
                score -= EXTRA_PATRONYMIC_PENALTY if token.is_patronymic else EXTRA_PART_PENALTY
        rules.append(EXTRA_RULE)
    if any(pairs[k][1] > pairs[k + 1][1] for k in range(len(pairs) - 1)):
        rules.append(ORDER_RULE)

    score = _apply_caps(score, a, b, short, long_, pairs, rules)
    return ScoredPair(a, b, round(min(1.0, max(0.0, score)), 4), rules, short, long_, pairs, swap)


_LEFT_OVER = TokenMatch("unmatched", 0.0, False)


def _apply_caps(
    score: float,
    a: ParsedName,
    b: ParsedName,
    short: list[NameToken],
    long_: list[NameToken],
    pairs: list[tuple[int, int, TokenMatch]],
    rules: list[str],
) -> float:
    matches = [m for _, _, m in pairs]
    if any(_patronymic_as_name(short[i], long_[j], short, long_) for i, j, _ in pairs):
        rules.append(PATRONYMIC_RULE)
        return min(score, DIFFERENT_PART_CAP)
    genders = a.genders | b.genders
    if any(m.gender_conflict for m in matches) or (
        len(genders) == 2 and len(a.genders) == 1 and len(b.genders) == 1
    ):
        rules.append(GENDER_RULE)
        return min(score, GENDER_CAP)
    if not all(m.accepted for m in matches):
        rules.append(DIFFERENT_PART_RULE)
        if any(m.accepted and m.score >= 0.85 for m in matches):
            rules.append(RELATIVE_RULE)
        return min(score, DIFFERENT_PART_CAP)
    if len(short) == 1:
        rules.append(SINGLE_PART_RULE)
        return score * SINGLE_PART_FACTOR
    if any(m.rule == INITIAL for m in matches):
        rules.append(INITIAL_RULE)
    if sum(1 for m in matches if m.rule == SUFFIX_DROPPED) >= 2:
        rules.append(SWAPPED_RULE)
        return min(score, SWAPPED_PARTS_CAP)
    return score


def _patronymic_as_name(
    s: NameToken, t: NameToken, short: list[NameToken], long_: list[NameToken]
) -> bool:
    """Is a Kazakh patronymic paired with a surname or a given name, though its own name has a
    surname besides (or a second -uly/-kyzy)? Then it names the father: "Marat Timuruly
    Toletaev" is Timur's son, not "Timur Toletaiuly"."""
    return any(
        token.kind == "kazakh_patronymic"
        and other.kind not in _PATRONYMIC_KINDS
        and any(o.kind in _SURNAME_LIKE for o in name if o is not token)
        for token, other, name in ((s, t, short), (t, s, long_))
    )


def _aligned(
    left: NameToken | None, right: NameToken | None, match: TokenMatch, swap: bool
) -> TokenAlignment:
    if swap:
        left, right = right, left
    return TokenAlignment(
        left.text if left else None, right.text if right else None, match.rule, match.score
    )


def _align(short: list[NameToken], long_: list[NameToken]) -> list[tuple[int, int, TokenMatch]]:
    """Pair each part of the shorter name with a distinct part of the longer, best total first."""
    matrix = [[compare_tokens(s, t) for t in long_] for s in short]
    if len(long_) <= _MAX_PERMUTED:
        affinity = [[_affinity(m) for m in row] for row in matrix]
        best: tuple[float, tuple[int, ...]] | None = None
        for perm in permutations(range(len(long_)), len(short)):
            total = sum([affinity[i][j] for i, j in enumerate(perm)])
            # Prefer the written order among equal totals, for stable explanations.
            if best is None or total > best[0] + 1e-9:
                best = (total, perm)
        assert best is not None
        return [(i, j, matrix[i][j]) for i, j in enumerate(best[1])]
    cells = sorted(
        ((_affinity(matrix[i][j]), i, j) for i in range(len(short)) for j in range(len(long_))),
        reverse=True,
    )
    taken_i: set[int] = set()
    taken_j: set[int] = set()
    pairs: list[tuple[int, int, TokenMatch]] = []
    for _, i, j in cells:
        if i not in taken_i and j not in taken_j:
            taken_i.add(i)
            taken_j.add(j)
            pairs.append((i, j, matrix[i][j]))
    return sorted(pairs)


def _affinity(match: TokenMatch) -> float:
    """How strongly two parts belong side by side: Amirov sits opposite Amirova, and differs."""
    return GENDER_AFFINITY if match.gender_conflict else match.score


def _join_written_together(
    a: list[NameToken], b: list[NameToken], rules: list[str]
) -> tuple[list[NameToken], list[NameToken]]:
    """Join neighbouring parts of one name that the other writes as one word (Kassym-Jomart)."""
    for first, second in ((a, b), (b, a)):
        keys = {t.key for t in second}
        i = 0
        while i < len(first) - 1:
            if concat_keys(first[i].key, first[i + 1].key) in keys:
                joined = join_tokens(first[i], first[i + 1])
                if joined.key in keys:
                    first[i : i + 2] = [joined]
                    rules.append(JOINED_RULE)
            i += 1
    return a, b
