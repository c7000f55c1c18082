"""Transliteration and folding: Kazakh letters, Russian letters, capitals, other scripts."""

from __future__ import annotations

import pytest

from docket.errors import DocketError
from docket.names import UnknownTransliteration, fold, transliterate

KAZAKH_LETTERS = "әғқңөұүһі"


@pytest.mark.parametrize("system", ["icao", "bgn", "kz2021"])
def test_every_kazakh_letter_is_romanised(system: str) -> None:
    for letter in KAZAKH_LETTERS + KAZAKH_LETTERS.upper():
        latin = transliterate(letter, system)
        assert latin and latin != letter
        assert "?" not in latin


@pytest.mark.parametrize(
    ("cyrillic", "system", "latin"),
    [
        ("Қасым-Жомарт Тоқаев", "icao", "Kasym-Zhomart Tokaev"),
        ("Қасым-Жомарт Тоқаев", "bgn", "Qasym-Zhomart Toqayev"),
        ("Қасым-Жомарт Тоқаев", "kz2021", "Qasym-Jomart Toqaev"),
        ("Ерулан Елшібаев", "bgn", "Yerulan Yelshibayev"),
        ("Ерулан Елшібаев", "icao", "Erulan Elshibaev"),
        ("Наталья Юрьевна", "icao", "Natalia Iurevna"),
        ("Ғалымжан Кенжебаев", "kz2021", "Ğalymjan Kenjebaev"),
        ("Мұхтар Әблязов", "kz2021", "Mūhtar Äbliazov"),
        ("Ақмарал Нұрғалиева", "bgn", "Aqmaral Nurghaliyeva"),
        ("Щербаков", "icao", "Shcherbakov"),
    ],
)
def test_systems(cyrillic: str, system: str, latin: str) -> None:
    assert transliterate(cyrillic, system) == latin


def test_capitals_are_kept() -> None:
    assert transliterate("ЖЕКСЕБАЕВ Асхат") == "ZHEKSEBAEV Askhat"
    assert transliterate("Жексебаев") == "Zheksebaev"
    assert transliterate("Ж.") == "Zh."


def test_latin_and_other_characters_are_left_alone() -> None:
    assert transliterate("Askhat Zheksebayev (2021)") == "Askhat Zheksebayev (2021)"


def test_unknown_system_is_a_docket_error() -> None:
    with pytest.raises(UnknownTransliteration) as raised:
        transliterate("Ерулан", "gost")
    assert isinstance(raised.value, DocketError)
    assert "icao" in str(raised.value)


def test_fold_kazakh_letters_without_question_marks() -> None:
    # ICU's Any-Latin; Latin-ASCII turns ұ, ү, ө, ң into "?"; folding must not.
    folded = fold("Әбілқайыр Ұлықбек Өтеміс Іңкәр Үміт Һ Ғалым")
    assert folded == "abilqayyr ulyqbek otemis ingkar umit h ghalym"
    assert folded.isascii() and "?" not in folded


def test_fold_kazakh_latin_letters_like_their_cyrillic() -> None:
    assert fold("Ğalymjan Şäkenov Ñ") == fold("Ғалымжан Шәкенов Ң").replace("zh", "j")


def test_fold_other_scripts_through_rigour() -> None:
    assert fold("习近平") == "xi jin ping"
    assert fold("Łukasz Żółw") == "lukasz zolw"
