"""Evidence packages a lawyer can hand over: a zip with the original files (decrypted, named by
their SHA-256), the timestamp tokens, a manifest with every item's custody log, SHA256SUMS for
`sha256sum -c`, the manifest's hash, and an Ed25519 signature of the manifest with the public
key to check it. Changing any byte of the package shows."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from docket.domain.evidence import CustodyEntry, broken_links, manifest, package_path
from docket.errors import NotFound, Problem, StoreError, ValidationFailed
from docket.services.evidence_record import actor, files_of, log_access, now
from docket.services.store import Store
from docket.storage import evidence_queries

KEY_FILE = "evidence-signing-key.pem"
README = """Evidence package exported by Docket.

manifest.json        every item: address, time of capture, who captured it, its files and
                     their SHA-256, its trusted timestamps, and its chain of custody
manifest.json.sha256 the SHA-256 of manifest.json
manifest.json.sig    an Ed25519 signature of manifest.json (base64), by signing-key.pub
SHA256SUMS           the SHA-256 of every file: check with `sha256sum -c SHA256SUMS`
files/               the original files, named by their SHA-256 (WARC files hold the HTTP
                     request and response as fetched; `warcio check` verifies their digests)
timestamps/          RFC 3161 timestamp tokens (DER) of the files named, and roots.pem, the
                     certificates trusted to sign them
"""


@dataclass(frozen=True, slots=True)
class PackageCheck:
    items: int
    files: int
    key_fingerprint: str
    problems: list[str]


def _signing_key(store: Store) -> Ed25519PrivateKey:
    """The team's export key, made on first use; kept encrypted when the store has a key."""
    path = store.settings.data_dir / KEY_FILE
    password = store.file_key
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=password)
        except (ValueError, TypeError) as err:
            raise StoreError(
                "The evidence signing key cannot be read with this store's key."
            ) from err
        if not isinstance(key, Ed25519PrivateKey):
            raise StoreError("The evidence signing key is not an Ed25519 key.")
        return key
    key = Ed25519PrivateKey.generate()
    encryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key


def fingerprint(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "SHA256:" + hashlib.sha256(raw).hexdigest()


def export_package(
    store: Store, target: Path, *, ids: Sequence[str] = (), source_id: str | None = None
) -> tuple[Path, int, str]:
    """Write the package (a .zip) of the items named, or of a source's, or of all; returns
    (path, items, the signing key's fingerprint). Logs the export in each item's custody."""
    with store.read() as conn:
        items = evidence_queries.list_items(conn, ids=list(ids) or None, source_id=source_id)
    missing = sorted(set(ids) - {i.id for i in items})
    if missing:
        raise NotFound(f"There is no evidence '{missing[0]}'.")
    if not items:
        raise NotFound("There is no evidence to export.")
    if target.exists():
        raise ValidationFailed([Problem("exists already; choose a new name", file=target.name)])
    key = _signing_key(store)
    at = now()
    who = actor(store)
    log_access(store, [i.id for i in items], action="exported", details={"package": target.name})
    with store.read() as conn:
        logs = {i.id: evidence_queries.custody_log(conn, i.id) for i in items}
    body = json.dumps(
        manifest(items, logs, exported_at=at, exported_by=who), indent=2, ensure_ascii=False
    ).encode()
    files = files_of(store)
    sums: dict[str, str] = {}
    buffer = target.with_name(target.name + ".part")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for item in items:
            for f in item.files:
                name = package_path(f)
                if name not in sums:
                    z.writestr(name, files.get(f.sha256))
                    sums[name] = f.sha256
            for t in item.timestamps:
                name = f"timestamps/{t.digest_sha256}.tsr"
                z.writestr(name, t.token)
                sums[name] = hashlib.sha256(t.token).hexdigest()
        roots = "".join(sorted({t.roots_pem for i in items for t in i.timestamps}))
        extra = {
            "manifest.json": body,
            "manifest.json.sha256": (
                hashlib.sha256(body).hexdigest() + "  manifest.json\n"
            ).encode(),
            "manifest.json.sig": base64.b64encode(key.sign(body)) + b"\n",
            "signing-key.pub": key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ),
            "README.txt": README.encode(),
        }
        if roots:
            extra["timestamps/roots.pem"] = roots.encode()
        for name, data in extra.items():
            z.writestr(name, data)
            if name != "README.txt":
                sums[name] = hashlib.sha256(data).hexdigest()
        z.writestr("SHA256SUMS", "".join(f"{h}  {n}\n" for n, h in sorted(sums.items())))
    os.replace(buffer, target)
    return target, len(items), fingerprint(key.public_key())


def check_package(path: Path) -> PackageCheck:
    """Check a package offline: every file against SHA256SUMS and the manifest, the manifest
    against its hash and its signature."""
    problems: list[str] = []
    try:
        z = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        raise ValidationFailed(
            [Problem(f"is not a package that can be read ({err})", file=path.name)]
        ) from err
    with z:
        names = set(z.namelist())

        def read(name: str) -> bytes:
            if name not in names:
                problems.append(f"{name} is missing")
                return b""
            try:
                return z.read(name)
            except (zipfile.BadZipFile, OSError, ValueError) as err:  # CRC errors on altered bytes
                problems.append(f"{name} cannot be read ({err})")
                return b""

        body = read("manifest.json")
        stated = read("manifest.json.sha256").decode(errors="replace").split(" ")[0]
        if hashlib.sha256(body).hexdigest() != stated:
            problems.append("manifest.json does not match manifest.json.sha256")
        key_fp = ""
        try:
            public = serialization.load_pem_public_key(read("signing-key.pub"))
            if not isinstance(public, Ed25519PublicKey):
                raise ValueError("not an Ed25519 key")
            key_fp = fingerprint(public)
            public.verify(base64.b64decode(read("manifest.json.sig")), body)
        except (ValueError, InvalidSignature):
            problems.append("the manifest's signature does not verify")
        sums = {}
        for line in read("SHA256SUMS").decode(errors="replace").splitlines():
            digest, _, name = line.partition("  ")
            sums[name] = digest
        try:
            data = json.loads(body) if body else {"items": []}
        except ValueError:
            data = {"items": []}
            problems.append("manifest.json cannot be read")
        count = 0
        for item in data.get("items", []):
            log = [CustodyEntry(evidence_id=item["id"], **e) for e in item.get("custody", [])]
            problems += [f"{item['id']}: {p}" for p in broken_links(log)]
            for f in item.get("files", []):
                if sums.get(f["path"]) != f["sha256"]:
                    problems.append(f"{f['path']}: SHA256SUMS and the manifest disagree")
        for name, digest in sorted(sums.items()):
            count += 1
            if hashlib.sha256(read(name)).hexdigest() != digest:
                problems.append(f"{name} was altered (its SHA-256 differs)")
    return PackageCheck(len(data.get("items", [])), count, key_fp, problems)
