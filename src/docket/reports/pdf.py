"""PDF from a small HTML dialect (what the `*.pdf.html.j2` templates write), with ReportLab.

Block tags: h1-h4, p (class: meta, small, note, quote), ul/ol/li, table/tr/th/td (table
attribute `widths`: column widths in percent), img (src "chart:NAME", attribute `width` in percent
of the text width), hr, div class="pagebreak". Inside a block, ReportLab's inline markup: b, i, u,
a href, super, sub, br, font. Other tags are transparent. A4, page numbers "N / M" in the footer,
DejaVu Sans (shipped with matplotlib) for every script. `invariant` output: the same document
gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal

from docket.reports.text import ReportError

FONT = "DejaVu"
MARGIN_MM = 18


def _register_fonts() -> None:
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics

    from docket.reports.pdf_font import SubsetFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces: list[tuple[Literal[0, 1], Literal[0, 1], str, str]] = [
        (0, 0, "DejaVu", "DejaVuSans.ttf"),
        (1, 0, "DejaVu-Bold", "DejaVuSans-Bold.ttf"),
        (0, 1, "DejaVu-Oblique", "DejaVuSans-Oblique.ttf"),
        (1, 1, "DejaVu-BoldOblique", "DejaVuSans-BoldOblique.ttf"),
    ]
    for bold, italic, name, file in faces:
        pdfmetrics.registerFont(SubsetFont(name, str(folder / file)))
        addMapping(FONT, bold, italic, name)


def _styles() -> dict[str, Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("p", fontName=FONT, fontSize=9.5, leading=12.5, spaceAfter=4)
    # No keepWithNext: it makes ReportLab lay out the next block twice. A heading instead starts
    # a new page when little room is left below it (_Story.KEEP).
    heading: dict[str, Any] = {"fontName": "DejaVu-Bold", "textColor": HexColor("#1f3b5a")}
    return {
        "p": base,
        "meta": ParagraphStyle("meta", base, fontSize=9, textColor=HexColor("#555555")),
        "small": ParagraphStyle("small", base, fontSize=8, leading=10.5, spaceAfter=2),
        "note": ParagraphStyle("note", base, fontSize=8, leading=10, spaceAfter=2, leftIndent=14,
                               firstLineIndent=-14),
        "quote": ParagraphStyle("quote", base, fontSize=8.5, leftIndent=12,
                                textColor=HexColor("#333333")),
        "h1": ParagraphStyle("h1", base, fontSize=18, leading=22, spaceAfter=6, **heading),
        "h2": ParagraphStyle("h2", base, fontSize=13.5, leading=17, spaceBefore=10,
                             spaceAfter=5, **heading),
        "h3": ParagraphStyle("h3", base, fontSize=10.5, leading=13.5, spaceBefore=7,
                             spaceAfter=2, **heading),
        "h4": ParagraphStyle("h4", base, fontSize=9.5, leading=12, spaceBefore=4, **heading),
        "li": ParagraphStyle("li", base, leftIndent=12, bulletIndent=3, spaceAfter=2),
        "cell": ParagraphStyle("cell", base, fontSize=8, leading=10, spaceAfter=0),
        "th": ParagraphStyle("th", base, fontName="DejaVu-Bold", fontSize=8, leading=10,
                             spaceAfter=0),
    }  # fmt: skip


class _Paragraphs:
    """ReportLab paragraphs, made as `Paragraph(markup, style)` makes them. Plain text (no tag,
    no entity: most cells and list items of a long briefing) is not run through ReportLab's
    markup parser, a new one per paragraph: its one fragment is the fragment that parser gives
    the style, with the text, cleaned as ReportLab cleans it."""

    def __init__(self) -> None:
        self.probes: dict[int, tuple[Any, Any]] = {}  # id(style) -> (style, its fragment)

    def __call__(self, markup: str, style: Any, bullet: str | None = None) -> Any:
        from reportlab.platypus import Paragraph
        from reportlab.platypus.paragraph import (  # type: ignore[attr-defined]
            cleanBlockQuotedText,
            textTransformFrags,
        )
        from reportlab.platypus.paraparser import ParaParser

        if "<" in markup or "&" in markup:
            return Paragraph(markup, style, bulletText=bullet)
        found = self.probes.get(id(style))
        if found is None:
            parsed, frags, _ = ParaParser().parse("x", style)  # type: ignore[no-untyped-call]
            if parsed is not style or frags is None or len(frags) != 1:
                return Paragraph(markup, style, bulletText=bullet)
            found = self.probes[id(style)] = (style, frags[0])
        probe = found[1]
        text = cleanBlockQuotedText(markup)
        frags = []
        if text:
            frags = [probe.clone(text=text, link=list(probe.link), us_lines=list(probe.us_lines))]
            textTransformFrags(frags, style)
        return Paragraph(text, style, bulletText=bullet, frags=frags)


class _Story(HTMLParser):
    """Turns the template's HTML into ReportLab flowables."""

    BLOCKS = frozenset({"h1", "h2", "h3", "h4", "p", "li", "td", "th"})
    KEEP = {"h2": 90.0, "h3": 60.0, "h4": 45.0}  # room (points) a heading needs below it
    INLINE = frozenset({"b", "i", "u", "a", "super", "sub", "font", "strike"})

    def __init__(self, images: Mapping[str, bytes], width: float) -> None:
        super().__init__(convert_charrefs=True)
        self.images = images
        self.width = width
        self.styles = _styles()
        self.paragraph = _Paragraphs()
        self.story: list[Any] = []
        self.text: list[str] | None = None
        self.block: tuple[str, str] = ("p", "")
        self.lists: list[list[int]] = []  # one counter per open list; [-1] for bullets
        self.table: list[list[Any]] | None = None
        self.widths: list[float] = []
        self.header = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag in self.BLOCKS:
            self.text, self.block = [], (tag, a.get("class", ""))
            if tag in self.KEEP:
                from reportlab.platypus import CondPageBreak

                self.story.append(CondPageBreak(self.KEEP[tag]))
            if tag == "th":
                self.header = True
        elif tag in self.INLINE and self.text is not None:
            attributes = "".join(f' {k}="{escape(v)}"' for k, v in a.items())
            self.text.append(f"<{tag}{attributes}>")
        elif tag == "br" and self.text is not None:
            self.text.append("<br/>")
        elif tag in ("ul", "ol"):
            self.lists.append([0 if tag == "ol" else -1])
        elif tag == "table":
            self.table, self.header = [], False
            self.widths = [float(w) for w in a.get("widths", "").split(",") if w.strip()]
        elif tag == "tr" and self.table is not None:
            self.table.append([])
        elif tag == "img":
            self._image(a)
        elif tag == "hr":
            from reportlab.platypus import HRFlowable

            self.story.append(HRFlowable(width="100%", thickness=0.5, spaceBefore=4, spaceAfter=4))
        elif tag == "div" and a.get("class") == "pagebreak":
            from reportlab.platypus import PageBreak

            self.story.append(PageBreak())

    def handle_endtag(self, tag: str) -> None:
        paragraph = self.paragraph
        if tag in self.INLINE and self.text is not None:
            self.text.append(f"</{tag}>")
        elif tag in self.BLOCKS and self.text is not None:
            markup = "".join(self.text).strip()
            kind, css = self.block
            self.text = None
            if tag in ("td", "th"):
                if self.table:
                    self.table[-1].append(
                        paragraph(markup, self.styles[tag if tag == "th" else "cell"])
                    )
                return
            if tag == "li":
                counter = self.lists[-1] if self.lists else [-1]
                if counter[0] >= 0:
                    counter[0] += 1
                bullet = f"{counter[0]}." if counter[0] >= 0 else "•"
                self.story.append(paragraph(markup, self.styles["li"], bullet))
                return
            style = self.styles.get(css) if kind == "p" and css else self.styles[kind]
            self.story.append(paragraph(markup, style or self.styles["p"]))
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "table" and self.table is not None:
            self._finish_table()

    def handle_data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(escape(data, quote=False))

    def _image(self, a: Mapping[str, str]) -> None:
        from reportlab.lib.utils import ImageReader
        from reportlab.platypus import Image

        name = a.get("src", "").removeprefix("chart:")
        data = self.images.get(name)
        if data is None:
            return
        w, h = ImageReader(io.BytesIO(data)).getSize()
        width = self.width * float(a.get("width") or 100) / 100
        self.story.append(Image(io.BytesIO(data), width=width, height=width * h / w))

    def _finish_table(self) -> None:
        from reportlab.lib.colors import HexColor
        from reportlab.platypus import Table, TableStyle

        rows = [r for r in self.table or [] if r]
        self.table = None
        if not rows:
            return
        columns = max(len(r) for r in rows)
        rows = [r + [""] * (columns - len(r)) for r in rows]
        widths = self.widths if len(self.widths) == columns else [100 / columns] * columns
        table = Table(
            rows,
            colWidths=[self.width * w / sum(widths) for w in widths],
            repeatRows=1 if self.header else 0,
        )
        style: list[Any] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.25, HexColor("#bbbbbb")),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if self.header:
            style.append(("BACKGROUND", (0, 0), (-1, 0), HexColor("#e8edf3")))
        table.setStyle(TableStyle(style))
        self.story.append(table)


def html_to_pdf(html: str, *, title: str, footer: str, images: Mapping[str, bytes]) -> bytes:
    """A4 PDF bytes from the template's HTML; the same input gives the same bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import SimpleDocTemplate

    _register_fonts()
    margin = MARGIN_MM * mm
    width = A4[0] - 2 * margin
    parser = _Story(images, width)
    try:
        parser.feed(html)
        parser.close()
    except ValueError as err:
        raise ReportError(f"The PDF template's HTML cannot be laid out: {err}") from err

    class NumberedCanvas(Canvas):
        """Holds each page back until the end, to print "page N / M" on it."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
            self.pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self.pages)
            for state in self.pages:
                self.__dict__.update(state)
                self.setFont(FONT, 7.5)
                self.setFillColorRGB(0.35, 0.35, 0.35)
                self.drawString(margin, 10 * mm, footer[:120])
                self.drawRightString(A4[0] - margin, 10 * mm, f"{self.getPageNumber()} / {total}")
                super().showPage()
            super().save()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin,
        title=title,
        author="Docket",
        creator="Docket",
        invariant=1,
    )
    try:
        doc.build(parser.story, canvasmaker=NumberedCanvas)
    except Exception as err:  # ReportLab raises bare errors for markup it cannot lay out
        raise ReportError(f"The PDF could not be laid out: {err}") from err
    return buffer.getvalue()
