"""compare_names: each rule, with the explanation it gives."""

from __future__ import annotations

import pytest

from docket.names import THRESHOLD, compare_names
from docket.names.comparison import (
    DIFFERENT_PART_RULE,
    EXTRA_RULE,
    GENDER_RULE,
    INITIAL_RULE,
    JOINED_RULE,
    ORDER_RULE,
    RELATIVE_RULE,
    SINGLE_PART_RULE,
    SWAPPED_RULE,
)


def rules_of(a: str, b: str) -> tuple[str, ...]:
    return compare_names([a], [b]).explain.rules


def token_rules(a: str, b: str) -> list[str]:
    return [t.rule for t in compare_names([a], [b]).explain.alignment]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Erulan Amirov", "Yerulan Amirov"),
        ("Ерулан Амиров", "Yerulan Amirov"),
        ("Zhanbolat Agadil", "Janbolat Agadil"),
        ("Amanbike Khairolla", "Amanbike Qairolla"),
        ("Nataliya Dauletiyarova", "Natalia Dauletiyarova"),
        ("Abay Begimbetov", "Abai Begimbetov"),
        ("Kassym-Jomart Tokayev", "Қасым-Жомарт Тоқаев"),
        ("Бауыржан Жүсіпов", "Baurzhan Jussupov"),
    ],
)
def test_spelling_and_script_variants_match(a: str, b: str) -> None:
    result = compare_names([a], [b])
    assert result.match
    assert result.score >= THRESHOLD
    assert result.threshold == THRESHOLD


def test_exact_and_variant_rules_are_named() -> None:
    assert token_rules("Erulan Amirov", "Yerulan Amirov") == ["spelling_variant", "same"]


def test_name_order_swap() -> None:
    result = compare_names(["ZHEKSEBAYEV Askhat"], ["Askhat Zheksebayev"])
    assert result.match and result.score == 1.0
    assert ORDER_RULE in result.explain.rules
    pairs = {(t.left, t.right) for t in result.explain.alignment}
    assert pairs == {("ZHEKSEBAYEV", "Zheksebayev"), ("Askhat", "Askhat")}


def test_hyphenated_and_joined_names() -> None:
    assert compare_names(["Kassym Jomart Tokayev"], ["Kassym-Jomart Tokayev"]).score == 1.0
    joined = compare_names(["Kassymzhomart Tokaev"], ["Kassym-Jomart Tokayev"])
    assert joined.match and JOINED_RULE in joined.explain.rules


def test_short_form() -> None:
    result = compare_names(["Bota Jardemalie"], ["Botagoz Jardemalie"])
    assert result.match
    assert token_rules("Bota Jardemalie", "Botagoz Jardemalie")[0] == "short_form"
    assert compare_names(["Саша Петров"], ["Aleksandr Petrov"]).match


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Erulan Amirov", "Erulan Amirova"),  # -ov / -ova
        ("Aiman Tokayev", "Aiman Tokayeva"),  # -ev / -eva
        ("Ainur Kemeluly", "Ainur Kemelkyzy"),  # -uly / -kyzy
        ("Айнұр Кемелұлы", "Ainur Kemelkyzy"),  # across scripts
        ("Ruslan Ginatullin", "Ruslana Ginatullina"),  # -in / -ina and the given name
        ("Aleksandr Ivanov", "Aleksandra Ivanova"),
        ("Amirov E.", "Amirova E."),
        ("Zhenis Kemelov", "Zhenis Kemelkyzy"),  # -ov / -kyzy
    ],
)
def test_gender_suffix_differs(a: str, b: str) -> None:
    result = compare_names([a], [b])
    assert not result.match
    assert result.score <= 0.3
    assert GENDER_RULE in result.explain.rules


def test_given_name_gender() -> None:
    assert "gender_differs" in token_rules("Valentin Sokolov", "Valentina Sokolov")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Dulat Agadil", "Zhanbolat Agadil"),  # father and son
        ("Bekizhan Mendygazyev", "Barlyk Mendygazyev"),  # brothers
        ("Нұрсұлтан Назарбаев", "Bolat Nazarbayev"),
        ("Marat Kurbanov", "Murat Kurbanov"),  # one letter apart, two names
        ("Asel Nurpeisova", "Asem Nurpeisova"),
        ("Ilya Sokolov", "Ilyas Sokolov"),
    ],
)
def test_relatives_sharing_a_surname_do_not_match(a: str, b: str) -> None:
    result = compare_names([a], [b])
    assert not result.match
    assert DIFFERENT_PART_RULE in result.explain.rules
    assert RELATIVE_RULE in result.explain.rules


def test_same_given_name_different_surname() -> None:
    for a, b in [("Erlan Abenov", "Erlan Abilov"), ("Darkhan Valiyev", "Darkhan Aliyev")]:
        assert not compare_names([a], [b]).match


def test_fuzzy_spelling_in_a_surname_and_a_given_name() -> None:
    result = compare_names(["Barlyk Mendygazyev"], ["Baryk Menydgyazyev"])
    assert result.match
    assert token_rules("Barlyk Mendygazyev", "Baryk Menydgyazyev") == ["fuzzy_spelling"] * 2
    assert not compare_names(["Daniyar Suleimenov"], ["Daniyar Suleimanov"]).match


def test_russian_suffix_dropped_or_kazakh_form() -> None:
    assert token_rules("Askar Kayyrbek", "Асқар Қайырбеков")[1] == "suffix_dropped"
    assert token_rules("Saltanat Kusmankyzy", "Салтанат Кусманова")[1] == "suffix_form"
    assert compare_names(["Erlan Kemeluly"], ["Erlan Kemelov"]).match
    assert compare_names(["Aizhan Sarsenbekkyzy"], ["Aizhan Sarsenbekova"]).match


def test_patronymic_is_not_the_fathers_own_name() -> None:
    # Marat son of Timur, against Timur son of Toletai: father and son.
    result = compare_names(["Marat Timuruly Toletaev"], ["Тимур Толетайулы"])
    assert not result.match
    assert any("patronymic" in rule for rule in result.explain.rules)
    # A patronymic is not a misspelt surname.
    assert not compare_names(["Evgeniia Nikolaevna Kalinina"], ["Zhenia Nikolaeva"]).match
    # -kyzy written as the surname is still hers.
    assert compare_names(["Мөлсұлу Дәулетболқызы"], ["Molsulu Dauletbolova"]).match


def test_given_name_and_surname_swapped_by_suffix() -> None:
    for a, b in [("Ivan Petrov", "Petr Ivanov"), ("Askar Bolatuly", "Bolat Askaruly")]:
        result = compare_names([a], [b])
        assert not result.match
        assert SWAPPED_RULE in result.explain.rules


def test_patronymic_on_one_side_costs_little() -> None:
    result = compare_names(["Назарбаев Нурсултан Абишевич"], ["Nursultan Nazarbayev"])
    assert result.match and 0.95 <= result.score < 1.0
    assert EXTRA_RULE in result.explain.rules
    assert [t.rule for t in result.explain.alignment][-1] == "unmatched"


def test_patronymics_that_differ_keep_namesakes_apart() -> None:
    a, b = "Marat Serikovich Akhmetov", "Marat Bolatovich Akhmetov"
    assert not compare_names([a], [b]).match
    assert compare_names(["Марат Серикович Ахметов"], ["Marat Serikuly Akhmetov"]).match


def test_initials_and_single_names_never_match_alone() -> None:
    initials = compare_names(["K. Tokayev"], ["Kassym-Jomart Tokayev"])
    assert not initials.match and INITIAL_RULE in initials.explain.rules
    single = compare_names(["Nazarbayev"], ["Nursultan Nazarbayev"])
    assert not single.match and SINGLE_PART_RULE in single.explain.rules
    assert not compare_names(["A. Omarov"], ["B. Omarov"]).match


def test_best_pair_of_names_decides() -> None:
    person_a = ["Botagoz Jardemalie", "Ботагөз Жардемали"]
    person_b = ["Madina Ablyazova", "Bota Jadermalie"]
    result = compare_names(person_a, person_b)
    assert result.match
    assert result.explain.left == "Botagoz Jardemalie"
    assert result.explain.right == "Bota Jadermalie"


def test_a_bare_string_is_one_name() -> None:
    assert compare_names("Erulan Amirov", "Ерулан Амиров").match


def test_empty_names() -> None:
    result = compare_names([], ["Erulan Amirov"])
    assert result.score == 0.0 and not result.match
    assert compare_names(["---"], ["Erulan Amirov"]).score == 0.0


def test_threshold_is_a_parameter() -> None:
    result = compare_names(["Askar Kayyrbek"], ["Askar Kayyrbekov"], threshold=0.95)
    assert 0.8 < result.score < 0.95 and not result.match


def test_explanation_reads_as_text() -> None:
    text = str(compare_names(["Erulan Amirov"], ["Erulan Amirova"]).explain)
    assert "Amirov~Amirova:gender_differs" in text
    assert GENDER_RULE in text
