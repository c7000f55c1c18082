"""Fuzz the name functions with any text: transliteration, folding, keys, parsing, comparison, and
the name index that search uses (the web's search box sends it whatever a visitor types).

For any text: a result, never an exception; folded text is ASCII; a comparison scores in [0, 1]
and the same both ways; an index answers only with the people it holds.
"""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from docket.names import (
    SYSTEMS,
    NameIndex,
    compare_names,
    fold,
    name_key,
    parse_name,
    transliterate,
)
from tests.security.fuzzing import FAST, report_counts, tried

__all__ = ["report_counts"]

# Letters names are written in, punctuation they carry, and the odd things pasted text holds:
# combining marks, zero-width joiners, right-to-left marks, ligatures, brackets, controls.
ODD = "\u0301\u0306\u200d\u200b\u200f\ufeff\ufb01()[]{}«»\"'`-‐.,;|/\\\t\n\x00"
NAMEISH = st.one_of(
    st.text(max_size=60),
    st.text(alphabet="Ерулан АмиовҚасымЖомартӘӨҮҰІҢҒһ ErulanAmirovQsymZhmrt" + ODD, max_size=40),
)


@FAST
@given(NAMEISH, st.sampled_from(sorted(SYSTEMS)))
@example("ǅ", "icao")  # a title-case digraph: its lower and upper forms differ in length
@example("ﬀ", "bgn")
@example("\u0301", "kz2021")  # a combining mark alone
def test_transliteration_and_keys_take_any_text(text: str, system: str) -> None:
    tried("names.transliterate")
    romanised = transliterate(text, system)
    assert isinstance(romanised, str)
    folded = fold(text)
    assert folded.isascii()
    for part in folded.split():
        assert isinstance(name_key(part), str)
    parsed = parse_name(text)
    assert all(token.key for token in parsed.tokens)


@FAST
@given(NAMEISH, NAMEISH)
@example("", "")
@example("()", "(Амиров)")
@example("Кемел ұлы", "ұлы")
def test_comparison_takes_any_pair(a: str, b: str) -> None:
    tried("names.compare")
    forward = compare_names([a], [b])
    backward = compare_names([b], [a])
    assert 0.0 <= forward.score <= 1.0
    assert forward.score == backward.score and forward.match == backward.match
    assert forward.explain is not None


@FAST
@given(st.lists(NAMEISH, min_size=1, max_size=4), NAMEISH)
def test_the_index_takes_any_names_and_any_query(names: list[str], query: str) -> None:
    tried("names.index")
    index = NameIndex()
    for n, name in enumerate(names):
        index.add(f"p-{n}", [name])
    hits = index.search(query)
    assert all(0.0 <= score <= 1.0 for _, score in hits)
    assert {pid for pid, _ in hits} <= {f"p-{n}" for n in range(len(names))}
    assert isinstance(index.candidate_pairs(), list)
