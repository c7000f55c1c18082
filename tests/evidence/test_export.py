"""Evidence packages: what a lawyer receives, checked offline; any change shows."""

from __future__ import annotations

import json
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest

from docket.errors import ValidationFailed
from docket.services import capture
from docket.services.evidence import custody_of
from docket.services.evidence_export import KEY_FILE, check_package, export_package
from docket.services.store import Store
from tests.evidence.site import Site


def _items(store: Store, site: Site) -> list[str]:
    urls = [site.url(f"{p}?x={uuid.uuid4().hex[:6]}") for p in ("/page", "/doc.pdf")]
    done = capture.capture_many(store, [capture.Target(u) for u in urls], concurrency=2)
    return [c.item.id for c in done if c.item]


def _rewrite(package: Path, target: Path, name: str, change: bytes) -> None:
    with zipfile.ZipFile(package) as src, zipfile.ZipFile(target, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info.filename, change if info.filename == name else data)


def test_package_holds_files_timestamps_custody_and_a_signed_manifest(
    ev_store: Store, site: Site, tmp_path: Path
) -> None:
    ids = _items(ev_store, site)
    package, n, key = export_package(ev_store, tmp_path / "handover.zip", ids=ids)
    assert n == 2 and key.startswith("SHA256:")
    assert (ev_store.settings.data_dir / KEY_FILE).stat().st_mode & 0o077 == 0
    found = check_package(package)
    assert found.problems == [] and found.items == 2 and found.key_fingerprint == key
    with zipfile.ZipFile(package) as z:
        manifest = json.loads(z.read("manifest.json"))
        z.extractall(tmp_path / "unpacked")
    [page] = [i for i in manifest["items"] if i["media_type"] == "text/html"]
    assert [e["action"] for e in page["custody"]] == ["captured", "exported"]
    assert page["custody"][-1]["details"] == {"package": "handover.zip"}
    assert custody_of(ev_store, page["id"])[-1].action == "exported"
    assert page["timestamps"][0]["path"].startswith("timestamps/")
    assert (tmp_path / "unpacked" / "timestamps" / "roots.pem").is_file()
    if shutil.which("sha256sum"):
        done = subprocess.run(
            ["sha256sum", "-c", "--quiet", "SHA256SUMS"],
            cwd=tmp_path / "unpacked",
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout
    stamp = page["timestamps"][0]
    if shutil.which("openssl"):  # the token as any RFC 3161 tool checks it
        done = subprocess.run(
            ["openssl", "ts", "-verify", "-digest", stamp["digest_sha256"], "-in", stamp["path"]]
            + ["-CAfile", "timestamps/roots.pem"],
            cwd=tmp_path / "unpacked",
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0 and "Verification: OK" in done.stdout, done.stderr
    with pytest.raises(ValidationFailed, match="exists already"):
        export_package(ev_store, package, ids=ids)


@pytest.mark.parametrize("what", ["file", "manifest", "signature", "custody"])
def test_any_change_to_a_package_shows(
    sqlite_store: Store, site: Site, tmp_path: Path, what: str
) -> None:
    ids = _items(sqlite_store, site)
    package, _, _ = export_package(sqlite_store, tmp_path / "p.zip", ids=ids)
    with zipfile.ZipFile(package) as z:
        manifest = json.loads(z.read("manifest.json"))
        first = manifest["items"][0]["files"][0]["path"]
        data = z.read(first)
    changed = tmp_path / "changed.zip"
    if what == "file":
        _rewrite(package, changed, first, data[:-1] + bytes([data[-1] ^ 1]))
    elif what == "manifest":
        manifest["items"][0]["url"] = "https://elsewhere.example/"
        _rewrite(package, changed, "manifest.json", json.dumps(manifest, indent=2).encode())
    elif what == "signature":
        _rewrite(package, changed, "manifest.json.sig", b"AAAA\n")
    else:
        manifest["items"][0]["custody"][0]["actor"] = "someone else"
        _rewrite(package, changed, "manifest.json", json.dumps(manifest, indent=2).encode())
    problems = check_package(changed).problems
    assert problems, what
    if what == "file":
        assert f"{first} was altered (its SHA-256 differs)" in problems
    if what in ("manifest", "custody"):
        assert "the manifest's signature does not verify" in problems
    if what == "custody":
        assert any("custody entry 1 (captured) was altered" in p for p in problems)
