"""Read a dataset directory: dataset.yaml plus one file per record type, YAML or JSON lines.

YAML is for data people review like code (the demo); JSON lines (`events.jsonl`) for bulk data.
Every record keeps the file and line it came from, so a problem can be pointed at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import yaml

from docket.domain.dataset import Dataset, DatasetInfo
from docket.domain.source import Origin
from docket.errors import Problem, ValidationFailed
from docket.interchange.records import READERS
from docket.interchange.surveillance_records import SURVEILLANCE_READERS

SUFFIXES = (".yaml", ".yml", ".jsonl")
FILES = {**READERS, **SURVEILLANCE_READERS}  # every record file a dataset may hold


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text: 2021-13-01 must be our error, not a crash."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _decode(path: Path, label: str, problems: list[Problem]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.append(Problem(f"cannot be read: {err.strerror}", file=label))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(Problem("is not UTF-8 text; save it as UTF-8", file=label, line=line))
        return None


def _yaml_records(text: str, label: str, problems: list[Problem]) -> Iterator[tuple[Any, Origin]]:
    try:
        loader = _Loader(text)  # reads the first characters: an unacceptable one raises here
    except yaml.YAMLError as err:
        problems.append(Problem(f"is not valid YAML: {err}", file=label))
        return
    try:
        node = loader.get_single_node()
        if node is None:
            return
        if not isinstance(node, yaml.SequenceNode):
            line = node.start_mark.line + 1
            problems.append(Problem("must be a list of records (- id: ...)", file=label, line=line))
            return
        for item in node.value:
            line = item.start_mark.line + 1
            if isinstance(item, yaml.MappingNode):
                keys = [k.value for k, _ in item.value if isinstance(k, yaml.ScalarNode)]
                for key in {k for k in keys if keys.count(k) > 1}:
                    problems.append(
                        Problem(f"field '{key}' is given twice", file=label, line=line, field=key)
                    )
            yield loader.construct_object(item, deep=True), Origin(label, line)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problems.append(
            Problem(f"is not valid YAML: {getattr(err, 'problem', err)}", file=label, line=line)
        )
    finally:
        loader.dispose()


def _jsonl_records(text: str, label: str, problems: list[Problem]) -> Iterator[tuple[Any, Origin]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield orjson.loads(line), Origin(label, number)
        except orjson.JSONDecodeError as err:
            problems.append(Problem(f"is not valid JSON: {err.msg}", file=label, line=number))


def read_records(path: Path, label: str, problems: list[Problem]) -> Iterator[tuple[Any, Origin]]:
    text = _decode(path, label, problems)
    if text is None:
        return iter(())
    if path.suffix == ".jsonl":
        return _jsonl_records(text, label, problems)
    return _yaml_records(text, label, problems)


_UNREADABLE = object()


def _read_meta(path: Path, problems: list[Problem]) -> Any:
    text = _decode(path, "dataset.yaml", problems)
    if text is None:
        return _UNREADABLE
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        why = getattr(err, "problem", None) or err
        problems.append(Problem(f"is not valid YAML: {why}", file="dataset.yaml", line=line))
        return _UNREADABLE


def read_dataset(directory: Path) -> Dataset:
    """Read every file of a dataset directory; raise ValidationFailed listing every problem."""
    problems: list[Problem] = []
    if not directory.is_dir():
        raise ValidationFailed(
            [Problem("is not a dataset directory", file=str(directory))],
            summary=f"Cannot load {directory}.",
        )
    meta_path = directory / "dataset.yaml"
    info = DatasetInfo(id=directory.name, title=directory.name)
    if meta_path.exists():
        meta = _read_meta(meta_path, problems)
        if isinstance(meta, dict) and meta.get("id"):
            info = DatasetInfo(
                id=str(meta["id"]),
                title=str(meta.get("title") or meta["id"]),
                description=meta.get("description"),
                jurisdiction=meta.get("jurisdiction"),
            )
        elif meta is not _UNREADABLE:
            problems.append(Problem("needs at least an id", file="dataset.yaml", field="id"))
    else:
        problems.append(
            Problem("is missing: it names the dataset (id, title)", file="dataset.yaml")
        )
    dataset = Dataset(info)
    for child in sorted(directory.iterdir()):
        if child.suffix not in SUFFIXES or child.name == "dataset.yaml":
            continue
        if child.stem not in FILES:
            problems.append(
                Problem(f"is not a record file (known: {', '.join(FILES)})", file=child.name)
            )
            continue
        attribute, reader = FILES[child.stem]
        target: list[Any] = getattr(dataset, attribute)
        for raw, origin in read_records(child, child.name, problems):
            target.append(reader(raw, origin, problems))
    if problems:
        raise ValidationFailed(problems)
    return dataset
