"""Plain-text paragraphs made without ReportLab's markup parser equal those made with it."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.platypus import Paragraph

from docket.reports.pdf import _Paragraphs, _register_fonts, _styles

TEXTS = [
    "Political prisoners",
    "  Ерулан   Амиров\n  (Yerulan Amirov)  ",  # spaces and a line break: cleaned alike
    "Қазақстан: әғқңөұүһі — “inciting discord” [12, 14]",
    "–",
    " ",
    "",
    "a > b",  # '>' is plain text to both
    "Status: <b>imprisoned</b> since 1 July 2021",  # markup: ReportLab's parser, as before
    "Smith &amp; Jones",  # an entity: ReportLab's parser too
]


def _plain(paragraph: Any) -> dict[str, Any]:
    out = dict(paragraph.__dict__)
    out["frags"] = [dict(f.__dict__) for f in paragraph.frags]
    return out


@pytest.mark.parametrize("bullet", [None, "•", "3."])
def test_plain_paragraphs_equal_reportlabs(bullet: str | None) -> None:
    _register_fonts()
    make = _Paragraphs()
    for name, style in _styles().items():
        for text in TEXTS + TEXTS:  # the second time the style's fragment is remembered
            ours = make(text, style, bullet)
            theirs = Paragraph(text, style, bulletText=bullet)
            assert _plain(ours) == _plain(theirs), (name, text)
            assert ours.frags is not theirs.frags
    assert make.probes  # plain text took the fast path
