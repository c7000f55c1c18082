"""Cyrillic (Russian and Kazakh) to Latin: readable romanisations and a folding for matching.

`transliterate` writes a name the way a monitor would in a document: ICAO passport style, BGN/PCGN
style or the Kazakh Latin alphabet of 2021. `fold` is for machines: lower-case ASCII, one fixed
scheme for every script, the first step of a name key. Kazakh letters are mapped here and not by
ICU or rigour, because ICU turns some of them into '?' and rigour writes қ as "q" but ң as "n".
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from rigour.text.translit import ascii_text

from docket.errors import DocketError

_RUSSIAN_ICAO: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia",
}  # fmt: skip

# Kazakh passports follow the Russian ICAO table and write the Kazakh letters plainly.
_KAZAKH_ICAO: dict[str, str] = {
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}  # fmt: skip

# BGN/PCGN (Russian 1947, Kazakh 1979) without its diacritics and apostrophes.
_BGN: dict[str, str] = {
    **_RUSSIAN_ICAO,
    "е": "e", "ё": "yo", "й": "y", "ъ": "", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "і": "i",
}  # fmt: skip

# Kazakh Latin alphabet (decree of 2021 draft); Ц, Щ, Ё, Ъ, Ь follow common practice.
_KZ2021: dict[str, str] = {
    "а": "a", "ә": "ä", "б": "b", "в": "v", "г": "g", "ғ": "ğ", "д": "d", "е": "e",
    "ё": "io", "ж": "j", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "q", "л": "l",
    "м": "m", "н": "n", "ң": "ñ", "о": "o", "ө": "ö", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ұ": "ū", "ү": "ü", "ф": "f", "х": "h", "һ": "h", "ц": "ts",
    "ч": "ç", "ш": "ş", "щ": "ş", "ъ": "", "ы": "y", "і": "ı", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}  # fmt: skip

SYSTEMS: Mapping[str, Mapping[str, str]] = {
    "icao": {**_RUSSIAN_ICAO, **_KAZAKH_ICAO},
    "bgn": _BGN,
    "kz2021": _KZ2021,
}

# The folding used for matching: every romanisation of a letter must fold to the same string
# once name keys (key.py) collapse the remaining variants (ye/e, kh/h/q, zh/j, y/i...).
_FOLD: dict[str, str] = {
    **_BGN,
    "е": "e", "ё": "e", "й": "y", "ы": "y", "ъ": "", "ь": "",
    "є": "ye", "ї": "yi", "ґ": "g", "ў": "u",
    # Latin letters of Kazakh, Turkic and Slavic alphabets that ascii_text would flatten
    # differently from their Cyrillic source (ş -> s, ñ -> n).
    "ä": "a", "ə": "a", "ğ": "gh", "ñ": "ng", "ö": "o", "ū": "u", "ü": "u", "ş": "sh",
    "ç": "ch", "ı": "i", "ž": "zh", "š": "sh", "č": "ch", "ý": "y", "ÿ": "y", "ǵ": "g",
    "ń": "n", "ó": "o", "ú": "u", "ő": "o", "ű": "u", "é": "e", "è": "e", "ë": "e",
    "ê": "e", "á": "a", "à": "a", "â": "a", "í": "i", "ì": "i", "î": "i", "ï": "i",
    "ò": "o", "ô": "o", "ù": "u", "û": "u", "ō": "o", "ā": "a", "ī": "i", "ē": "e",
    "'": "", "’": "", "ʼ": "", "`": "", "´": "", "ʻ": "",
}  # fmt: skip

_VOWELS = frozenset("аәеёиоөуұүыіэюяє")
_SOFT_OR_HARD = frozenset("йъь")


class UnknownTransliteration(DocketError):
    """A transliteration system was asked for that Docket does not know."""


def transliterate(text: str, system: str = "icao") -> str:
    """Romanise the Cyrillic letters of `text` with `system` ("icao", "bgn" or "kz2021").

    Other characters are kept as they are. Capitals are kept: "ЖЕКСЕБАЕВ" gives "ZHEKSEBAEV",
    "Жексебаев" gives "Zheksebaev". BGN/PCGN writes "ye" for е at the start of a word and after
    a vowel, as in "Yerulan".
    """
    table = SYSTEMS.get(system)
    if table is None:
        known = ", ".join(sorted(SYSTEMS))
        raise UnknownTransliteration(f"Unknown transliteration '{system}'; use one of: {known}.")
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    for pos, char in enumerate(text):
        lower = char.lower()
        latin = table.get(lower)
        if latin is None:
            out.append(char)
            continue
        if system == "bgn" and lower == "е" and _starts_syllable(text, pos):
            latin = "ye"
        if char != lower:
            latin = latin.upper() if _in_capitals(text, pos) else latin.capitalize()
        out.append(latin)
    return "".join(out)


def _starts_syllable(text: str, pos: int) -> bool:
    if pos == 0:
        return True
    prev = text[pos - 1].lower()
    return not prev.isalpha() or prev in _VOWELS or prev in _SOFT_OR_HARD


def _in_capitals(text: str, pos: int) -> bool:
    """Is the capital at `pos` part of a word written in capitals?"""
    nxt = text[pos + 1] if pos + 1 < len(text) else ""
    prev = text[pos - 1] if pos > 0 else ""
    if nxt.isalpha():
        return nxt.isupper()
    return prev.isalpha() and prev.isupper()


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case ASCII for matching, from any script: "Қасым-Жомарт" gives "qasym-zhomart".

    Cyrillic (Russian, Kazakh, Ukrainian) and the Latin letters of the Kazakh alphabets use
    Docket's own table; anything else (Greek, Arabic, Chinese...) goes through rigour.
    """
    text = unicodedata.normalize("NFC", text).lower()
    # е is "ye" where BGN/PCGN writes it so (Ерулан, Тоқаев, Байе) and name keys drop the y
    # again where the spelling does not need it: all romanisations then agree.
    mapped = "".join(
        "ye" if char == "е" and _starts_syllable(text, pos) else _FOLD.get(char, char)
        for pos, char in enumerate(text)
    )
    if not mapped.isascii():
        mapped = ascii_text(mapped).lower()
    return mapped
