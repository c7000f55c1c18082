"""Mapping files, the words they know, dates as teams type them, and legal articles."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from docket.domain.dates import DateError, PartialDate
from docket.domain.vocabulary import Vocabulary
from docket.errors import ValidationFailed
from docket.interchange.cell_values import cell_date, read_articles
from docket.interchange.mapping import (
    DEFAULT_DATE_FORMATS,
    REPORTED,
    builtin_words,
    check_value,
    parse_mapping,
)
from docket.interchange.mapping_proposal import guess_field, propose_for_file
from docket.interchange.spreadsheet import open_table
from tests.interchange.conftest import CORPUS, MAPPING


def test_every_built_in_word_means_a_known_value(vocab: Vocabulary) -> None:
    for fld, words in builtin_words().items():
        for word, value in words.items():
            assert check_value(fld, value, vocab) is None, (fld, word, value)


def test_the_corpus_mapping_and_its_words(vocab: Vocabulary) -> None:
    mapping = parse_mapping(MAPPING.read_text("utf-8"), "mapping.yaml", vocab)
    assert mapping.columns["ФИО"] == "name" and mapping.status_date == PartialDate(2021, 10, 26)
    assert mapping.word("status", "СИЗО") == "pre_trial_detention"
    assert mapping.word("status", " Pre-Trial ") == "pre_trial_detention"
    assert mapping.word("status", "в колонии") == REPORTED + "imprisoned"
    assert mapping.word("status", "освобождён") == "released"  # ё reads as е
    assert mapping.word("status", "заключение под стражу") == "pre_trial_detention"
    assert mapping.word("status", "Released on parole") == "released_on_parole"  # a label
    assert mapping.word("sex", "Ж") == "female"
    assert mapping.word("status", "на Луне") is None


def test_a_mapping_adds_and_overrides_words(vocab: Vocabulary) -> None:
    text = """
columns: {Name: name, State: status}
values:
  status:
    ИВС: pre_trial_detention
    held somewhere: {reported: held}
"""
    mapping = parse_mapping(text, "m.yaml", vocab)
    assert mapping.word("status", "ивс") == "pre_trial_detention"
    assert mapping.word("status", "Held somewhere") == "reported:held"


def test_a_bad_mapping_lists_every_problem(vocab: Vocabulary) -> None:
    text = """
columns: {ФИО: nmae, Статус: status, Когда: "event:flogging", Кто: recognition}
values:
  status: {СИЗО: remand_prison, x: {reported: asleep}}
  colour: {red: blue}
defaults: {status_date: 2021-13-01, sensitivity: secret}
sheet_name: x
"""
    with pytest.raises(ValidationFailed) as caught:
        parse_mapping(text, "bad.yaml", vocab)
    text = str(caught.value)
    for expected in (
        "field 'columns.ФИО': unknown field 'nmae'",
        "field 'columns.Когда': unknown event kind 'flogging'",
        "no column is mapped to name",
        "'remand_prison' is neither an event kind nor 'reported:<status>'",
        "'reported:asleep': unknown status",
        "field 'values.colour': only sex, status, recognition, sensitivity take words",
        "field 'defaults.status_date': '2021-13-01': there is no month 13",
        "unknown sensitivity 'secret'",
        "a recognition column needs the id of the organisation that recognises",
        "field 'sheet_name': unknown key",
    ):
        assert expected in text, expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("14.06.2021", "2021-06-14"),
        ("4.6.2021", "2021-06-04"),
        ("2021-06-14", "2021-06-14"),
        ("2021-06", "2021-06"),
        ("06.2021", "2021-06"),
        ("2021", "2021"),
        (2021, "2021"),
        ("14 июня 2021", "2021-06-14"),
        ("14 июня 2021 г.", "2021-06-14"),
        ("июнь 2021", "2021-06"),
        ("14 June 2021", "2021-06-14"),
        ("Jun 2021", "2021-06"),
        ("44361", "2021-06-14"),  # an Excel serial that lost its date format
        (44361, "2021-06-14"),
        (44361.75, "2021-06-14"),
        (date(2021, 6, 14), "2021-06-14"),
        (datetime(2021, 6, 14, 12, 30), "2021-06-14"),
    ],
)
def test_dates_in_the_forms_teams_type_them(cell: object, expected: str) -> None:
    assert str(cell_date(cell, DEFAULT_DATE_FORMATS)) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("03/04/2021", "is that day/month or month/day?"),
        ("31.02.2021", "February 2021 has 28 days"),
        ("вчера", "is not a date in a known form"),
        ("14.06.21", "is not a date in a known form"),
        ("14 луны 2021", "'луны' is not a month"),
        (True, "is not a date"),
    ],
)
def test_dates_that_are_not_clear_are_refused(cell: object, reason: str) -> None:
    with pytest.raises(DateError) as caught:
        cell_date(cell, DEFAULT_DATE_FORMATS)  # type: ignore[arg-type]
    assert reason in str(caught.value)


def test_date_formats_from_the_mapping() -> None:
    assert str(cell_date("03/04/2021", ["DD/MM/YYYY"])) == "2021-04-03"
    assert str(cell_date("03/04/2021", ["MM/DD/YYYY"])) == "2021-03-04"
    assert str(cell_date("14.06.21", ["DD.MM.YY"])) == "2021-06-14"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ст. 405 ч. 2", [("kz-cc-405", "2")]),
        ("ст.405 ч.2 УК РК", [("kz-cc-405", "2")]),
        ("ч. 2 ст. 405 УК", [("kz-cc-405", "2")]),
        ("art. 405(2)", [("kz-cc-405", "2")]),
        ("Article 405 part 1", [("kz-cc-405", "1")]),
        ("ст. 174, ст. 405 ч. 2", [("kz-cc-174", None), ("kz-cc-405", "2")]),
        ("174; 274", [("kz-cc-174", None), ("kz-cc-274", None)]),
        ("ст. 488 КоАП", [("kz-coao-488", None)]),
    ],
)
def test_articles_as_teams_write_them(
    vocab: Vocabulary, text: str, expected: list[tuple[str, str | None]]
) -> None:
    readings = read_articles(text, "kz-cc", vocab)
    assert [(r.charge.article_id, r.charge.part) for r in readings] == expected
    assert all(r.note is None and r.charge.wording for r in readings)


def test_articles_docket_does_not_know_stay_as_wording(vocab: Vocabulary) -> None:
    unknown, bad_part, words = read_articles("ст. 190; ст. 405 ч. 7; экстремизм", "kz-cc", vocab)
    assert unknown.charge.article_id is None and unknown.charge.wording == "ст. 190"
    assert unknown.note and "article 190 (kz-cc) is not in Docket's vocabulary" in unknown.note
    assert bad_part.charge.article_id == "kz-cc-405" and bad_part.charge.part is None
    assert bad_part.note and "has no part 7" in bad_part.note
    assert words.charge.wording == "экстремизм" and words.charge.article_id is None


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("ФИО", "name"),
        ("Ф.И.О.", "name"),
        ("Full name", "name"),
        ("Дата рождения (дд.мм.гггг)", "born"),
        ("Мера пресечения", "status"),
        ("Дата задержания", "event:detained"),
        ("Статья УК", "charges"),
        ("№", "ignore"),
        ("Любимый цвет", None),
    ],
)
def test_header_words_in_english_and_russian(header: str, field: str | None) -> None:
    assert guess_field(header) == field


def test_a_proposal_lists_every_column_and_the_words_to_settle(vocab: Vocabulary) -> None:
    text = propose_for_file(CORPUS / "people_cp1251_tab.csv", vocab)
    assert "ФИО: name" in text and "Статус: status" in text and "Дата статуса: status_date" in text
    assert "status_date: '?'" in text
    # every status word in the file is one Docket knows: none left to settle
    assert "values:" not in text
    with open_table(CORPUS / "dates.csv") as table:
        assert table.headers == ["ФИО", "Дата рождения"]
