"""Every UI string has a Russian translation, and the compiled catalogue matches the .po file.

After changing a template's text: extract with `pybabel extract -F src/docket/web/babel.cfg
-k N_ -o messages.pot src/docket/web`, translate in messages.po, then compile with
`pybabel compile -d src/docket/web/translations`. The compiled .mo is committed."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from docket.web import i18n

WEB = Path(i18n.__file__).parent
RU = WEB / "translations" / "ru" / "LC_MESSAGES"


def _plain(value: object) -> object:
    return tuple(value) if isinstance(value, (list, tuple)) else value


def _catalogue() -> dict[object, object]:
    with open(RU / "messages.po", "rb") as f:
        return {_plain(m.id): _plain(m.string) for m in read_po(f) if m.id}


def test_every_message_is_translated() -> None:
    po = _catalogue()
    method_map = [("**.py", "python"), ("**/templates/**.html", "jinja2")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    missing = []
    for _, _, message, _, _ in extract_from_dir(
        WEB,
        method_map,
        options_map=options,
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
    ):
        key = message if isinstance(message, str) else tuple(message)
        found = po.get(key)
        if not found or (isinstance(found, tuple) and not all(found)):
            missing.append(key)
    assert not missing, f"untranslated: {missing}"


def test_compiled_catalogue_is_current() -> None:
    with open(RU / "messages.mo", "rb") as f:
        mo = {_plain(m.id): _plain(m.string) for m in read_mo(f) if m.id}
    assert mo == _catalogue(), "run: pybabel compile -d src/docket/web/translations"


def test_dates_keep_their_precision() -> None:
    token = i18n.current_language.set("en")
    try:
        assert i18n.show_date("2021") == "2021"
        assert i18n.show_date("2021-06") == "June 2021"
        assert i18n.show_date("2021-06-14") == "14 June 2021"
        assert i18n.show_date("../2021-10-26") == "on or before 26 October 2021"
        i18n.current_language.set("ru")
        assert i18n.show_date("2021-06-14").replace("\u202f", " ") == "14 июня 2021 г."
        assert "не позднее" in i18n.show_date("../2021-10-26")
    finally:
        i18n.current_language.reset(token)
