"""Short forms of given names (Bota for Botagoz), as a reviewed table checked when loaded.

Each line is "full name: short form, short form". Spellings may be in any script or
romanisation; they are compared by name key, so "Natasha" also covers "Наташа" and "Natascha".
Only forms that monitors meet as a person's everyday name belong here; a short form that
stands for many names (Gulya) lists each of them, and is still only ever one clue among others.

Compiled from common Russian diminutives and Kazakh short forms seen in the press; a native
speaker should review every change to it (see git history for who did).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from docket.errors import Problem, ValidationFailed
from docket.names.token import make_token

TABLE = """
# Kazakh
Botagoz: Bota
Gulnara: Gulya, Gulia
Gulmira: Gulya, Gulia
Gulzhan: Gulya, Gulia
Gulnur: Gulya, Gulia
Gulzipa: Gulya, Gulia
Aigerim: Aika
Aizhan: Aika
Aigul: Aika
Nurlan: Nurik
Nursultan: Nurik
Nurbol: Nurik
Erlan: Erik
Erbol: Erik
Ermek: Erik
Erzhan: Erik
Asylbek: Asik
Baurzhan: Bauka
Zhanbolat: Zhanik
Saltanat: Salta
Dinara: Dina
Kuralai: Kuka
# Russian
Aleksandr: Sasha, Sanya, Shura
Aleksandra: Sasha, Shura
Aleksey: Alyosha, Lyosha
Anatoliy: Tolya
Andrey: Andryusha
Anna: Anya
Dmitriy: Dima, Mitya
Ekaterina: Katya
Elena: Lena
Evgeniy: Zhenya
Evgeniya: Zhenya
Galina: Galya
Grigoriy: Grisha
Irina: Ira
Ivan: Vanya
Konstantin: Kostya
Lyudmila: Lyuda, Mila
Mariya: Masha
Mikhail: Misha
Nadezhda: Nadya
Natalya: Natasha
Nikolay: Kolya
Olga: Olya
Pavel: Pasha
Pyotr: Petya
Sergey: Seryozha, Serezha
Svetlana: Sveta
Tatyana: Tanya
Valentina: Valya
Viktor: Vitya
Vladimir: Volodya, Vova
Vyacheslav: Slava
Yuriy: Yura
"""


class BadShortFormTable(ValidationFailed):
    """The short-form table has lines Docket cannot read."""


@cache
def short_forms() -> Mapping[str, frozenset[str]]:
    """Name key -> keys of the names it may stand for (both ways: Bota <-> Botagoz)."""
    pairs: dict[str, set[str]] = {}
    problems: list[Problem] = []
    for number, line in enumerate(TABLE.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        full, sep, shorts = line.partition(":")
        full_key = make_token(full.strip()).key
        short_keys = [make_token(s.strip()).key for s in shorts.split(",") if s.strip()]
        if not sep or not full_key or not short_keys or not all(short_keys):
            problems.append(Problem("expected 'full name: short form, ...'", line=number))
            continue
        for short_key in short_keys:
            if short_key == full_key:
                problems.append(Problem(f"'{line}' pairs a name with itself", line=number))
            pairs.setdefault(full_key, set()).add(short_key)
            pairs.setdefault(short_key, set()).add(full_key)
    if problems:
        raise BadShortFormTable(problems, summary="The short-form table of names is invalid.")
    return {key: frozenset(values) for key, values in pairs.items()}


def is_short_form(key_a: str, key_b: str) -> bool:
    """Is one of two name keys a listed short form of the other?"""
    return key_b in short_forms().get(key_a, frozenset())
