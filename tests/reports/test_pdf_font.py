"""The PDF font's faster text splitting gives what ReportLab's own gives, subsets and all."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import matplotlib
from reportlab.pdfbase.ttfonts import TTFont

from docket.reports.pdf_font import SubsetFont

FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


class _Doc:
    """Stands for a ReportLab document: fonts keep their subsets per document object."""


def _texts() -> list[str]:
    pick = random.Random(4)
    letters = (
        "abcdefghij ABC 0123 .,;:()" + "\xa0"  # no-break space: drawn as a space
        "Ерулан Амиров әғқңөұүһі ӘҒҚҢӨҰҮҺІ"  # Russian and Kazakh Cyrillic
        + "".join(chr(c) for c in range(0x100, 0x250))  # Latin Extended: more than one subset
        + "中\ue000"  # no glyph in DejaVu Sans: code 0
    )
    texts = ["", "Political prisoners", "Political prisoners", "\xa0", " "]
    for _ in range(600):
        texts.append("".join(pick.choice(letters) for _ in range(pick.randint(0, 40))))
    return texts


def _state(font: TTFont, doc: _Doc) -> tuple[object, ...]:
    state: Any = font.state[doc]
    return (dict(state.assignments), [list(s) for s in state.subsets], state.nextCode)


def test_split_matches_reportlab_and_assigns_the_same_codes() -> None:
    texts = _texts()
    theirs, ours = TTFont("A", str(FONT)), SubsetFont("B", str(FONT))
    for _ in range(2):  # a second document starts its subsets afresh
        doc_a, doc_b = _Doc(), _Doc()
        for text in texts + texts:  # the second pass takes the fast path throughout
            assert ours.splitString(text, doc_b) == theirs.splitString(text, doc_a), text
        assert _state(ours, doc_b) == _state(theirs, doc_a)
        assert len(theirs.state[doc_a].subsets) > 1  # the test reached a second subset
