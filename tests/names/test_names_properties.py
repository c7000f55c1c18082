"""Properties that hold for any name: symmetry, a name matches itself in every script, no crash.

Deadlines are off: the first call loads ICU's transliterator and the short-form table.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docket.names import SYSTEMS, NameIndex, compare_names, fold, parse_name, transliterate

# Letters as names use them: й closes a syllable (Айдар, Абылай), it does not open one.
CONSONANTS = "бвгғджзкқлмнңпрстфхһцчшщ"
VOWELS = "аәеиоөұүыіюя"

syllable = st.builds(
    lambda c, v, end: c + v + end,
    st.sampled_from(CONSONANTS),
    st.sampled_from(VOWELS),
    st.sampled_from(["", "н", "р", "л", "с", "т", "ь", "й"]),
)
word = st.lists(syllable, min_size=2, max_size=3).map(lambda s: "".join(s).capitalize())
cyrillic_name = st.lists(word, min_size=2, max_size=3).map(" ".join)
latin_name = st.builds(transliterate, cyrillic_name, st.sampled_from(sorted(SYSTEMS)))
any_name = st.one_of(cyrillic_name, latin_name, st.text(max_size=40))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cyrillic_name, st.sampled_from(sorted(SYSTEMS)))
def test_a_name_matches_itself_in_every_script(name: str, system: str) -> None:
    romanised = transliterate(name, system)
    result = compare_names([name], [romanised])
    assert result.match, (romanised, result.explain)
    assert compare_names([name.upper()], [romanised]).match


@settings(max_examples=200, deadline=None)
@given(cyrillic_name, st.sampled_from(sorted(SYSTEMS)), st.sampled_from(sorted(SYSTEMS)))
def test_romanisations_match_each_other(name: str, one: str, other: str) -> None:
    assert compare_names([transliterate(name, one)], [transliterate(name, other)]).match


@settings(max_examples=300, deadline=None)
@given(any_name, any_name)
def test_comparison_is_symmetric(a: str, b: str) -> None:
    forward = compare_names([a], [b])
    backward = compare_names([b], [a])
    assert forward.score == backward.score
    assert forward.match == backward.match
    assert 0.0 <= forward.score <= 1.0
    assert forward.match == (forward.score >= forward.threshold)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_no_crash_on_arbitrary_unicode(a: str, b: str) -> None:
    fold(a)
    parse_name(a)
    for system in SYSTEMS:
        transliterate(a, system)
    result = compare_names([a, b], [b])
    assert 0.0 <= result.score <= 1.0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=8), st.text(max_size=30))
def test_index_never_crashes(names: list[str], query: str) -> None:
    index = NameIndex()
    for n, name in enumerate(names):
        index.add(f"p{n}", [name])
    for _, score in index.search(query):
        assert 0.0 < score <= 1.0
    for a, b, comparison in index.candidate_pairs(min_score=0.0):
        assert a != b
        assert 0.0 <= comparison.score <= 1.0
