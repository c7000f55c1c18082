"""Every error Docket raises on purpose. Messages are written for a monitor, not a programmer."""

from __future__ import annotations

from dataclasses import dataclass


class DocketError(Exception):
    """Root of every error Docket raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class NotFound(DocketError):
    exit_code = 3


class Conflict(DocketError):
    exit_code = 4


class PermissionDenied(DocketError):
    exit_code = 5


class StoreError(DocketError):
    """The database could not be opened or written."""

    exit_code = 6


class WrongPassphrase(DocketError):
    """The passphrase (or recovery key) does not open the encrypted store."""

    exit_code = 7


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input: where it is and why."""

    message: str
    file: str | None = None
    line: int | None = None
    record: str | None = None
    field: str | None = None

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        if self.record:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(f"field '{self.field}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        return f"{where}: {self.message}" if where else self.message


class ValidationFailed(DocketError):
    """The input has problems; nothing was written."""

    exit_code = 2

    def __init__(self, problems: list[Problem], *, summary: str | None = None) -> None:
        self.problems = list(problems)
        head = summary or (
            f"{len(self.problems)} problem(s) found; nothing was written."
            if len(self.problems) != 1
            else "1 problem found; nothing was written."
        )
        lines = [head] + [f"  - {p}" for p in self.problems[:200]]
        if len(self.problems) > 200:
            lines.append(f"  ... and {len(self.problems) - 200} more")
        super().__init__("\n".join(lines))
