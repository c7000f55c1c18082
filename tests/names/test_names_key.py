"""Name keys: one key for the romanisations of one name, gendered endings read apart."""

from __future__ import annotations

import pytest

from docket.names import name_key, parse_name
from docket.names.key import split_suffix
from docket.names.transliteration import fold


def key(text: str) -> str:
    return name_key(fold(text).replace("-", ""))


@pytest.mark.parametrize(
    "variants",
    [
        ("Yerulan", "Erulan", "Ерулан"),  # ye/e
        ("Zhanbolat", "Janbolat", "Жанболат"),  # zh/j
        ("Khairolla", "Hairolla", "Qairolla", "Хайролла", "Қайролла"),  # kh/h/q
        ("Nataliya", "Natalia", "Natalya", "Наталья"),  # -iya/-ia
        ("Kassym", "Kasym", "Қасым"),  # doubled letters
        ("Abay", "Abai", "Абай"),  # y/i
        ("Dzhumabaev", "Jumabaev", "Zhumabayev", "Джумабаев"),  # dzh/j
        ("Kuznetsov", "Kuznecov", "Кузнецов"),  # ts/c
        ("Zhangabayev", "Zhanabayev", "Жаңабаев"),  # ng/n (ң)
        ("Fyodor", "Fedor", "Fiodor", "Фёдор"),  # ё as yo, e, io
        ("Grigoriev", "Grigoryev", "Григорьев"),  # ie/ye after a consonant
        ("Shcherbakov", "Sherbakov", "Щербаков"),  # shch/sh
        ("Machkevitch", "Mashkevich", "Машкевич"),  # French tch/ch
        ("Aleksey", "Alexei", "Алексей"),  # x/ks, ey/ei
        ("Kulassh", "Kulash", "Күләш"),  # ssh
        ("Ghalym", "Galym", "Ğalym", "Ғалым"),  # gh/g
    ],
)
def test_variants_share_a_key(variants: tuple[str, ...]) -> None:
    keys = {key(v) for v in variants}
    assert len(keys) == 1, dict(zip(variants, map(key, variants), strict=True))


@pytest.mark.parametrize(
    ("one", "other"),
    [("Marat", "Murat"), ("Anna", "Yana"), ("Elena", "Alena"), ("Serik", "Berik")],
)
def test_different_names_keep_different_keys(one: str, other: str) -> None:
    assert key(one) != key(other)


@pytest.mark.parametrize(
    ("word", "stem", "gender", "kind"),
    [
        ("Amirov", "amir", "m", "surname"),
        ("Amirova", "amir", "f", "surname"),
        ("Tokayev", "toKa", "m", "surname"),
        ("Tokayeva", "toKa", "f", "surname"),
        ("Kemeluly", "Kemel", "m", "kazakh_patronymic"),
        ("Kemelkyzy", "Kemel", "f", "kazakh_patronymic"),
        ("Serikovich", "seriK", "m", "patronymic"),
        ("Serikovna", "seriK", "f", "patronymic"),
        ("Ginatullin", "ginatul", "m", "surname_in"),
        ("Ginatullina", "ginatul", "f", "surname_in"),
    ],
)
def test_gendered_endings(word: str, stem: str, gender: str, kind: str) -> None:
    assert split_suffix(key(word)) == (stem, key(word)[len(stem) :], gender, kind)


def test_kazakh_womens_names_in_sulu_are_not_patronymics() -> None:
    for name in ("Aisulu", "Мөлсұлу", "Nursulu"):
        assert split_suffix(key(name))[3] is None, name


def test_short_words_are_not_read_as_endings() -> None:
    assert split_suffix(key("Dina")) == (key("Dina"), "", None, None)
    assert split_suffix(key("Lev"))[2] is None
    assert split_suffix(key("Dinara"))[2] is None


def test_parse_name_parts_and_patronymic_word() -> None:
    name = parse_name("ZHEKSEBAYEV Askhat")
    assert [t.text for t in name.tokens] == ["ZHEKSEBAYEV", "Askhat"]
    name = parse_name("Ерлан Кемел ұлы")
    assert [t.key for t in name.tokens] == [key("Erlan"), key("Kemeluly")]
    assert name.genders == {"m"}


def test_parse_name_drops_brackets_honorifics_and_splits_hyphens() -> None:
    name = parse_name("Mr Kassym-Jomart (President) Tokayev")
    assert [t.text for t in name.tokens] == ["Kassym", "Jomart", "Tokayev"]
    assert [t.text for t in parse_name("г-н Иванов Сергей").tokens] == ["Иванов", "Сергей"]
    assert parse_name("  -- ").tokens == ()
