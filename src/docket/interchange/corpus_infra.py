"""What a page shows of the infrastructure behind it: analytics and ad IDs, its template.

Networks of sites run by one operator often share a Google Analytics or AdSense account, a
Yandex Metrica counter, a Facebook pixel, or one HTML template; investigators (DFRLab, VIGINUM)
show shared operation this way. The template fingerprint is a hash of the page's element classes
and ids (not its text), so two sites built on one template give one fingerprint.
"""

from __future__ import annotations

import hashlib
import re

_IDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("google-analytics", re.compile(r"\b(UA-\d{4,10}-\d{1,4})\b")),
    ("google-analytics", re.compile(r"""['"/=](G-[A-Z0-9]{8,12})\b""")),
    ("google-tag-manager", re.compile(r"\b(GTM-[A-Z0-9]{4,9})\b")),
    ("adsense", re.compile(r"\b(ca-pub-\d{10,20})\b")),
    ("yandex-metrica", re.compile(r"""\bym\(\s*(\d{5,12})\s*,""")),
    ("yandex-metrica", re.compile(r"mc\.yandex\.ru/watch/(\d{5,12})")),
    ("facebook-pixel", re.compile(r"""fbq\(\s*['"]init['"]\s*,\s*['"](\d{10,20})""")),
)
_CLASS = re.compile(r"""<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?\b(?:class|id)\s*=\s*["']([^"']{1,200})""")
_MIN_TEMPLATE_MARKS = 8  # fewer class names than this says nothing about a template


def tracking_ids(html: str) -> dict[str, list[str]]:
    """{kind: [identifiers]} found in the page's source."""
    found: dict[str, set[str]] = {}
    for kind, pattern in _IDS:
        for match in pattern.finditer(html):
            found.setdefault(kind, set()).add(match.group(1))
    return {k: sorted(v) for k, v in found.items()}


def template_fingerprint(html: str) -> str | None:
    """A short hash of the page's tag/class skeleton, or None for a page without one."""
    marks = {f"{tag.lower()}.{token}" for tag, value in _CLASS.findall(html)
             for token in value.split() if not any(c.isdigit() for c in token)}  # fmt: skip
    if len(marks) < _MIN_TEMPLATE_MARKS:
        return None
    return hashlib.sha256("\n".join(sorted(marks)).encode()).hexdigest()[:16]
