"""Property: no value leaves Docket for an audience below its level, in any output.

Hypothesis draws random records (tests/security/test_redaction_records.py): people, events,
sources, cases, recognitions, sanctions and claims with random record levels, random field marks
and parties with their own level, every text field and id a unique sentinel. Each is loaded
into a real SQLite store, and every output is produced for the public and for a viewer: exports
(CSV, XLSX, the JSON dataset format, FollowTheMoney), briefings and dossiers (Markdown, HTML,
PDF; dossiers also as FtM JSON), the CLI's JSON and table output (show, people list, stats,
search) and the web pages (the public site; the team site logged in as a viewer). Every output
is searched byte for byte (case-insensitively, after unzipping XLSX and extracting PDF text with
pdftotext from poppler-utils) for every sentinel. A public output holding an internal or
restricted sentinel, or a viewer's output holding a restricted one, is a leak.

A positive control keeps the search honest: the editor's JSON export must hold every sentinel.
DOCKET_REDACTION_EXAMPLES raises the number of random datasets (default 4, about a minute);
bench/redaction.sh runs a larger batch.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from typer.testing import CliRunner

from docket.cli.app import app as cli
from docket.config import Settings
from docket.domain.sensitivity import Audience
from docket.errors import NotFound
from docket.services import accounts, exporting, loading
from docket.services.briefing import BriefingRequest, write_briefing
from docket.services.dossier import DossierRequest, write_dossier
from docket.services.store import Store, open_store
from docket.web.app import create_app
from docket.web.options import WebOptions
from tests.security.test_redaction_records import Generated, datasets

EXAMPLES = int(os.environ.get("DOCKET_REDACTION_EXAMPLES", "4"))
SENTINEL = re.compile(rb"zq\d{5}x")
AS_OF = date(2030, 1, 1)
PASSWORD = "correct horse battery"
DUMP = os.environ.get("DOCKET_REDACTION_DUMP")
SECONDS: dict[str, float] = {}
TALLY = {"datasets": 0, "records": 0, "outputs": 0, "sentinels_checked": 0, "leaks": 0}

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


def pdf_text(data: bytes) -> bytes:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout


def xlsx_text(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return b"\n".join(book.read(name) for name in book.namelist())


def readable(path: Path) -> bytes:
    data = path.read_bytes()
    return pdf_text(data) if path.suffix == ".pdf" else data


def export_outputs(store: Store, audience: Audience) -> Iterator[tuple[str, bytes]]:
    for fmt in exporting.FORMATS:
        out = io.BytesIO()
        exporting.export(
            store, fmt, out, public=audience is Audience.public, as_of=AS_OF, audience=audience
        )
        data = out.getvalue()
        yield f"export {fmt}", xlsx_text(data) if fmt == "xlsx" else data


def report_outputs(
    store: Store, audience: Audience, folder: Path, people: list[str]
) -> Iterator[tuple[str, bytes]]:
    public = audience is Audience.public
    fixed = dict(generated_at=None)
    for fmt in ("md", "html", "pdf"):
        request = BriefingRequest(as_of=AS_OF, since=date(2020, 1, 1), public_only=public)
        for path in write_briefing(store, request, fmt=fmt, path=folder / f"briefing.{fmt}"):
            yield f"briefing {path.name}", readable(path)
    request_d = DossierRequest(as_of=AS_OF, public_only=public, **fixed)  # type: ignore[arg-type]
    for pid in people[:1]:
        for fmt in ("md", "html", "pdf", "json"):
            try:
                paths = write_dossier(
                    store, pid, request_d, fmt=fmt, path=folder / f"dossier-{pid}.{fmt}"
                )
            except NotFound:
                break  # not among the records this audience's dossiers may show
            for path in paths:
                yield f"dossier {path.name}", readable(path)


def cli_outputs(
    db: Path, audience: Audience, people: list[str], words: list[str]
) -> Iterator[tuple[str, bytes]]:
    runner = CliRunner()
    who = ["--audience", audience.value]
    commands = [["people", "list", "--json", *who], ["stats", "--json", "--explain", *who]]
    commands += [["show", pid, "--json", *who] for pid in people[:2]]
    commands += [["show", pid, *who] for pid in people[:1]]
    commands += [["search", word, "--json", *who] for word in words[:2]]
    for args in commands:
        result = runner.invoke(cli, ["--db", str(db), *args])
        assert result.exit_code in (0, 3), (args, result.output)  # 3: not found
        yield "docket " + " ".join(args), result.output.encode()


def web_outputs(
    client: TestClient, gen: Generated, words: list[str]
) -> Iterator[tuple[str, bytes]]:
    files = gen.files
    pages = ["/", "/people", "/cases", "/organisations", "/officials", "/sources"]
    pages += [f"/people/{r['id']}" for r in files["people"]]
    pages += [f"/cases/{r['id']}" for r in files["cases"]]
    pages += [f"/organisations/{r['id']}" for r in files["organisations"]]
    pages += [f"/sources/{r['id']}" for r in files["sources"]]
    pages += [f"/search?q={w}" for w in words]
    pages += [f"/people?name={w}" for w in words]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 404), (page, response.status_code)
        yield f"web {page}", response.content


def log_in(client: TestClient, name: str) -> TestClient:
    page = client.get("/login").text
    token = re.search(r'name="csrf" value="([^"]+)"', page)
    assert token
    form = {"csrf": token.group(1), "name": name, "password": PASSWORD, "next": "/"}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303
    return client


def leaks_in(name: str, data: bytes, gen: Generated, audience: Audience) -> list[str]:
    # what the request itself names (a page's address, a command's arguments) may be echoed
    asked = set(SENTINEL.findall(name.lower().encode()))
    found = set(SENTINEL.findall(data.lower())) - asked
    TALLY["outputs"] += 1
    TALLY["sentinels_checked"] += len(gen.levels)
    return [
        f"{name}: {s.decode()} ({gen.levels[s.decode()]})"
        for s in sorted(found)
        if not audience.sees(gen.levels.get(s.decode(), "restricted"))
    ]


def test_no_value_leaves_for_an_audience_below_its_level() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = root / "docket.sqlite"
        store = open_store(Settings(database_url=f"sqlite:///{db}", data_dir=root))
        accounts.add_user(store, "viewer", role="viewer", password=PASSWORD)
        options = WebOptions(warm_names=False)
        team = log_in(TestClient(create_app(store.settings, options, store=store)), "viewer")
        public_options = WebOptions(warm_names=False, public=True)
        public_site = TestClient(create_app(store.settings, public_options, store=store))
        leaks: list[str] = []

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
            database=None,
            phases=(Phase.explicit, Phase.generate),  # no shrinking: every leak is listed
        )
        @given(gen=datasets())
        def check(gen: Generated) -> None:
            gen.write(root / "dataset")
            loading.load_dataset(store, root / "dataset")
            TALLY["datasets"] += 1
            TALLY["records"] += gen.count()
            everything = io.BytesIO()
            exporting.export(store, "json", everything, public=False, as_of=AS_OF)
            held = {s.decode() for s in SENTINEL.findall(everything.getvalue().lower())}
            missing = sorted(set(gen.levels) - held)
            assert not missing, f"the editor's export must hold every value: {missing}"
            # a few of the people and sentinels, in a random order (the first is drawn first)
            people = [r["id"] for r in gen.files["people"]][:3]
            words = sorted(gen.levels)[:: max(1, len(gen.levels) // 3)]
            for audience, client in ((Audience.public, public_site), (Audience.viewer, team)):
                folder = root / audience.value
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                outputs = []
                for group, made in (
                    ("exports", export_outputs(store, audience)),
                    ("reports", report_outputs(store, audience, folder, people)),
                    ("cli", cli_outputs(db, audience, people, words)),
                    ("web", web_outputs(client, gen, words)),
                ):
                    started = time.perf_counter()
                    outputs += list(made)
                    SECONDS[group] = SECONDS.get(group, 0.0) + time.perf_counter() - started
                for name, data in outputs:
                    found = leaks_in(name, data, gen, audience)
                    TALLY["leaks"] += len(found)
                    if found and DUMP:  # to read a leaking output: DOCKET_REDACTION_DUMP=DIR
                        safe = re.sub(r"[^a-z0-9]+", "-", f"{audience.value} {name}".lower())
                        (Path(DUMP) / f"{len(leaks)}-{safe}.txt").write_bytes(data)
                    leaks.extend(f"{audience.value} {x}" for x in found)

        try:
            check()
        finally:
            store.close()
            spent = {k: round(v, 1) for k, v in SECONDS.items()}
            print(f"\nredaction: {TALLY}, seconds: {spent}", file=sys.stderr)
        assert TALLY["datasets"] >= 1
        assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks[:40])
