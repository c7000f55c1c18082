"""Docket's verdict on a web_connectivity 0.4 measurement, from the comparisons its probe made.

Version 0.4 probes compared DNS answers, TCP connects and the page with the control themselves and
wrote the results (`dns_consistency`, `body_length_match`...); this follows the decision OONI
Probe made from them (ooni/probe-cli webconnectivity/summary.go; spec: ooni/spec ts-017).
Written from reading those sources; the Go code is not copied.
"""

from __future__ import annotations

from typing import Any

from docket.domain.digital import Verdict

_HTTP_FAILURES = {
    "connection_refused": "http-failure",
    "connection_reset": "http-failure",
    "eof_error": "http-failure",
    "generic_timeout_error": "http-failure",
    "ssl_invalid_hostname": "http-failure",
    "ssl_invalid_certificate": "http-failure",
    "ssl_unknown_authority": "http-failure",
    "dns_nxdomain_error": "dns",
}
_NXDOMAIN = ("dns_nxdomain_error", "android_dns_cache_no_data")


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _flag(value: Any) -> bool | None:
    return value if type(value) is bool else None


def _proportion(value: Any) -> float | None:
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) + 0.0 if number else None  # + 0.0: no -0.0


def verdict_v04(tk: dict[str, Any]) -> Verdict:
    """Version 0.4's decision, from the comparisons the probe recorded (summary.go's order)."""
    requests = tk.get("requests") or []
    first = requests[0] if requests else {}
    consistency = _text(tk.get("dns_consistency"))
    dns_failure = tk.get("dns_experiment_failure")
    diff: tuple[Any, ...] = (
        _flag(tk.get("body_length_match")),
        _flag(tk.get("headers_match")),
        _flag(tk.get("status_code_match")),
        _flag(tk.get("title_match")),
        _proportion(tk.get("body_proportion")),
    )

    def verdict(blocking: str | None, accessible: bool | None, why: str) -> Verdict:
        return Verdict(blocking, accessible, why, consistency, *diff)

    url = ((first.get("request") or {}).get("url") or "") if first else ""
    if first and first.get("failure") is None and url.startswith("https://"):
        return verdict("none", True, "the page came over HTTPS")
    if tk.get("control_failure") is not None:
        return verdict(None, None, f"the control failed ({tk['control_failure']})")
    if dns_failure in _NXDOMAIN and consistency == "consistent":
        return verdict("none", True, "the name does not exist, for the control too")
    if dns_failure in _NXDOMAIN and consistency == "inconsistent":
        return verdict("dns", False, f"DNS lookup failed ({dns_failure}), not for the control")
    attempts = tk.get("tcp_connect") or []
    connected = any((a.get("status") or {}).get("success") for a in attempts)
    if attempts and consistency is not None and not connected:
        if consistency == "consistent":
            return verdict("tcp_ip", False, "every TCP connect failed")
        if consistency == "inconsistent":
            return verdict("dns", False, "every TCP connect failed; the DNS answers differ")
        return verdict(None, None, "every TCP connect failed")
    if ((tk.get("control") or {}).get("http_request") or {}).get("failure") is not None:
        return verdict(None, None, "the control could not fetch the page")
    if not requests:
        return verdict(None, None, "the measurement has no HTTP request")
    failure = first.get("failure")
    if failure is not None:
        kind = _HTTP_FAILURES.get(failure)
        if kind is None:
            return verdict(None, None, f"HTTP request failed ({failure})")
        if len(requests) == 1 and consistency == "inconsistent":
            kind = "dns"
        return verdict(kind, False, f"HTTP request failed ({failure})")
    if diff[2] and (diff[0] or diff[1] or diff[3]):
        return verdict("none", True, "the page matches the control's")
    if consistency == "inconsistent":
        return verdict("dns", False, "the page differs from the control's; so do the DNS answers")
    return verdict("http-diff", False, "the page differs from the control's")
