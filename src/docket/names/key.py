"""Name keys: one spelling per name part, whatever the script or romanisation.

A key is computed from the folded (lower-case ASCII) form of one name part. It collapses the
differences that romanisations of Russian and Kazakh names disagree on:

- ye/e (Yerulan, Erulan), yo/io/e (Fyodor, Fiodor, Fedor), y/i (Abay, Abai), iya/ia
  (Nataliya, Natalia), ie/ye/e after a consonant (Grigoriev, Grigoryev, Григорьев);
- zh/j/dzh/dj (Zhanbolat, Janbolat, Dzhumabaev) -> "J";
- kh/h/q/k (Khairolla, Hairolla, Qairolla) -> "K"; gh/g (Ghalym, Galym) -> "g";
- sh/sch/shch -> "S", ch/tch -> "C", ts/tz/c -> "T", ng/n (Zhanabayev, Zhangabayev), w/v, x/ks;
- doubled letters (Kassym, Kasym).

Upper-case letters in a key are codes for sounds written with two Latin letters. Keys say nothing
about gender; `split_suffix` reads the Russian and Kazakh gendered endings from a key.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

Gender = Literal["m", "f"]

_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"[^a-z]", ""),
        (r"s+(?=sh)", ""),  # Kulassh, Khadissha
        (r"shch|sch|sh", "S"),
        (r"t?ch", "C"),
        (r"dzh|dj|zh|j", "J"),
        (r"gh", "g"),
        (r"ts|tz|c(?=[aeiouy])", "T"),
        (r"ck|c", "k"),
        (r"x", "ks"),
        (r"ph", "f"),
        (r"w", "v"),
        (r"[qkh]", "K"),
        (r"ng", "n"),
        (r"ye", "e"),
        (r"(?<=[^aeiouy])yo", "e"),  # Pyotr, Seryozha, Alyona
        (r"ou", "u"),
        (r"y", "i"),
        (r"(?<=[^aeiou])ie(?=[^aeiou])", "e"),  # Grigoriev, Grigoryev, Григорьев
        (r"(?<=[^aeiou])io(?=[^aeiou])", "e"),  # ё in Kazakh Latin 2021: Fiodor, Semionova
        (r"(.)\1+", r"\1"),
    )
)

_FRENCH_CH = re.compile(r"(?<!t)ch")
VOWELS = frozenset("aeiou")

# Endings read from a key, longest first. Not the Kyrgyz "uulu": Kazakh women's names end in
# -сұлу (Айсұлу, Мөлсұлу). Each gives the gender it marks and its kind. The -in
# of Russian surnames (Putin, Ginatullin) is a weak mark: Kazakh names end in -ын too (Байтұрсын),
# so it only tells a man from a woman of the same stem (Ginatullin, Ginatullina).
_SUFFIXES: tuple[tuple[str, Gender, str], ...] = (
    ("inicna", "f", "patronymic"),
    ("oviC", "m", "patronymic"),
    ("eviC", "m", "patronymic"),
    ("ovna", "f", "patronymic"),
    ("evna", "f", "patronymic"),
    ("iCna", "f", "patronymic"),
    ("Kizi", "f", "kazakh_patronymic"),
    ("gizi", "f", "kazakh_patronymic"),
    ("ogli", "m", "kazakh_patronymic"),
    ("oglu", "m", "kazakh_patronymic"),
    ("uli", "m", "kazakh_patronymic"),
    ("sKaia", "f", "surname"),
    ("TKaia", "f", "surname"),
    ("sKi", "m", "surname"),
    ("ova", "f", "surname"),
    ("eva", "f", "surname"),
    ("ina", "f", "surname_in"),
    ("iC", "m", "patronymic"),
    ("ov", "m", "surname"),
    ("ev", "m", "surname"),
    ("in", "m", "surname_in"),
)
_MIN_STEM = 3

# The Kazakh patronymic written as a separate word ("Кемел ұлы", "Kemel kyzy"): joined to the
# word before it when a name is parsed.
PATRONYMIC_WORDS = frozenset({"uli", "Kizi", "gizi", "ogli", "oglu"})


@lru_cache(maxsize=131072)
def name_key(folded: str) -> str:
    """The key of one folded name part: "yerulan" and "erulan" both give "erulan"."""
    key = folded
    if "tch" in key:
        # French romanisation writes ч as "tch", so its plain "ch" is ш (Machkevitch, Машкевич).
        key = _FRENCH_CH.sub("sh", key)
    for pattern, replacement in _RULES:
        key = pattern.sub(replacement, key)
    return key


@lru_cache(maxsize=131072)
def split_suffix(key: str) -> tuple[str, str, Gender | None, str | None]:
    """Split a key into (stem, suffix, gender, kind): "amirova" -> ("amir", "ova", "f", "surname").

    Keys without a gendered ending give (key, "", None, None). A stem must keep at least three
    letters, so "dina" is not read as "d" + "ina".
    """
    for suffix, gender, kind in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM:
            return key[: -len(suffix)], suffix, gender, kind
    return key, "", None, None
