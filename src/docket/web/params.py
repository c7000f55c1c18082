"""Reading query parameters: a bad value is a ValidationFailed naming the field, never a 500."""

from __future__ import annotations

from datetime import date

from docket.domain.dates import DateError, parse_day
from docket.domain.vocabulary import Vocabulary
from docket.errors import Problem, ValidationFailed
from docket.services.browsing import PeopleFilter


def day(value: str | None, fld: str = "as_of") -> date:
    if not value:
        return date.today()
    try:
        return parse_day(value)
    except DateError as err:
        raise ValidationFailed([Problem(str(err), field=fld)]) from err


def people_filter(
    vocab: Vocabulary,
    *,
    as_of: date,
    status: str | None,
    recognition: str | None,
    article: str | None,
    organisation: str | None,
    region: str | None,
    name: str | None,
) -> PeopleFilter:
    """`status` is a liberty status, a category (deprived_of_liberty, persecuted) or
    political_prisoners (deprived of liberty and recognised)."""
    cats = vocab.categories
    statuses: frozenset[str] | None = None
    recognitions = frozenset({recognition}) if recognition else None
    if status == "political_prisoners":
        statuses = cats.deprived_of_liberty
        recognitions = (recognitions or cats.political_prisoner_recognitions) & (
            cats.political_prisoner_recognitions
        )
    elif status in ("deprived_of_liberty", "persecuted"):
        statuses = getattr(cats, status)
    elif status:
        if status not in vocab.statuses:
            raise ValidationFailed([Problem(f"unknown status '{status}'", field="status")])
        statuses = frozenset({status})
    if recognition and recognition not in vocab.term("recognition_kinds"):
        raise ValidationFailed(
            [Problem(f"unknown recognition '{recognition}'", field="recognition")]
        )
    texts = {"article": article, "organisation": organisation, "region": region, "name": name}
    for fld, value in texts.items():
        if value and "\x00" in value:  # PostgreSQL refuses it in any text: say so, not a 503
            raise ValidationFailed([Problem("contains a NUL character", field=fld)])
    return PeopleFilter(
        as_of,
        statuses=statuses,
        recognitions=recognitions,
        article=article or None,
        organisation=organisation or None,
        region=region or None,
        name=(name or "").strip()[:100] or None,
    )
