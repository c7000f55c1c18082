"""A small RFC 3161 timestamp authority for tests: a CA, a TSA certificate (critical EKU
timeStamping), and an HTTP server on 127.0.0.1 that answers timestamp queries with tokens
signed by hand-built DER (CMS SignedData over a TSTInfo), as real authorities do."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

# --- DER -----------------------------------------------------------------------------------


def _len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _len(len(body)) + body


def seq(*parts: bytes) -> bytes:
    return tlv(0x30, b"".join(parts))


def set_of(*parts: bytes) -> bytes:
    return tlv(0x31, b"".join(sorted(parts)))


def integer(n: int) -> bytes:
    body = n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big", signed=True)
    return tlv(0x02, body)


def oid(dotted: str) -> bytes:
    nums = [int(x) for x in dotted.split(".")]
    body = bytes([40 * nums[0] + nums[1]])
    for n in nums[2:]:
        chunk = [n & 0x7F]
        n >>= 7
        while n:
            chunk.insert(0, 0x80 | (n & 0x7F))
            n >>= 7
        body += bytes(chunk)
    return tlv(0x06, body)


def octets(b: bytes) -> bytes:
    return tlv(0x04, b)


def explicit(n: int, body: bytes) -> bytes:
    return tlv(0xA0 + n, body)


def gentime(t: dt.datetime) -> bytes:
    return tlv(0x18, t.strftime("%Y%m%d%H%M%SZ").encode())


def _read(data: bytes, at: int) -> tuple[int, bytes, int]:
    """(tag, contents, next position) of the DER element at AT."""
    tag, size = data[at], data[at + 1]
    at += 2
    if size & 0x80:
        n = size & 0x7F
        size = int.from_bytes(data[at : at + n], "big")
        at += n
    return tag, data[at : at + size], at + size


def parse_request(query: bytes) -> tuple[bytes, int | None]:
    """(the hash to stamp, the nonce) of a TimeStampReq (RFC 3161 section 2.4.1)."""
    tag, body, _ = _read(query, 0)
    if tag != 0x30:
        raise ValueError("not a TimeStampReq")
    _, _, at = _read(body, 0)  # version
    _, imprint, at = _read(body, at)  # messageImprint
    _, _, inner = _read(imprint, 0)  # hashAlgorithm
    _, hashed, _ = _read(imprint, inner)
    nonce = None
    while at < len(body):
        tag, value, at = _read(body, at)
        if tag == 0x02:
            nonce = int.from_bytes(value, "big", signed=True)
    return hashed, nonce


SHA256 = "2.16.840.1.101.3.4.2.1"
ECDSA_SHA256 = "1.2.840.10045.4.3.2"
SIGNED_DATA = "1.2.840.113549.1.7.2"
TST_INFO = "1.2.840.113549.1.9.16.1.4"
CONTENT_TYPE = "1.2.840.113549.1.9.3"
MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47"
POLICY = "1.3.6.1.4.1.99999.1"

# --- the authority -------------------------------------------------------------------------


@dataclass
class Authority:
    ca_key: ec.EllipticCurvePrivateKey
    ca_cert: x509.Certificate
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    serial: int = 1

    @property
    def roots_pem(self) -> str:
        return self.ca_cert.public_bytes(serialization.Encoding.PEM).decode()

    def answer(self, query: bytes) -> bytes:
        imprint, nonce = parse_request(query)
        self.serial += 1
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        tst = seq(
            integer(1),
            oid(POLICY),
            seq(seq(oid(SHA256), tlv(0x05, b"")), octets(imprint)),
            integer(self.serial),
            gentime(now),
            *([integer(nonce)] if nonce is not None else []),
        )
        cert_der = self.cert.public_bytes(serialization.Encoding.DER)
        ess = seq(seq(seq(octets(hashlib.sha256(cert_der).digest()))))
        attrs = [
            seq(oid(CONTENT_TYPE), set_of(oid(TST_INFO))),
            seq(oid(MESSAGE_DIGEST), set_of(octets(hashlib.sha256(tst).digest()))),
            seq(oid(SIGNING_CERT_V2), set_of(ess)),
        ]
        signed_attrs = set_of(*attrs)
        signature = self.key.sign(signed_attrs, ec.ECDSA(hashes.SHA256()))
        issuer = self.cert.issuer.public_bytes()
        signer = seq(
            integer(1),
            seq(issuer, integer(self.cert.serial_number)),
            seq(oid(SHA256)),
            b"\xa0" + signed_attrs[1:],  # [0] IMPLICIT SET OF Attribute
            seq(oid(ECDSA_SHA256)),
            octets(signature),
        )
        signed_data = seq(
            integer(3),
            set_of(seq(oid(SHA256))),
            seq(oid(TST_INFO), explicit(0, octets(tst))),
            b"\xa0" + _len(len(cert_der)) + cert_der,  # [0] IMPLICIT certificates
            set_of(signer),
        )
        token = seq(oid(SIGNED_DATA), explicit(0, signed_data))
        return seq(seq(integer(0)), token)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_authority() -> Authority:
    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    later = now + dt.timedelta(days=30)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Fictional Test Root"))
        .issuer_name(_name("Fictional Test Root"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Fictional Test TSA"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    return Authority(ca_key, ca_cert, key, cert)


@contextmanager
def serve_authority(authority: Authority) -> Iterator[str]:
    """Run the authority on 127.0.0.1; yields its address."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                answer = authority.answer(body)
            except ValueError:
                self.send_response(400)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
