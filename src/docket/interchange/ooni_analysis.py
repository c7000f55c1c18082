"""Docket's own verdict on a web_connectivity measurement, computed from its evidence.

For version 0.5 this follows the "classic" analysis that OONI Probe runs since 0.5.2x
(ooni/probe-cli: webconnectivitylte/analysisclassic.go over internal/minipipeline), which keeps
the verdicts of version 0.4: every DNS lookup, TCP connect, TLS handshake and HTTP round trip
becomes an observation, is matched with what OONI's test helper (the control) saw, is filtered to
what the system resolver did, and the latest, most advanced step decides. For version 0.4 it
follows the decision of probe-cli's webconnectivity/summary.go (spec: ooni/spec ts-017).
Written from reading those sources; the Go code is not copied.

Two differences: OONI Probe looks up the network (ASN) of an address in its own database, where
Docket uses the numbers the measurement carries (DNS answers, the control's `ip_info`); and
Docket also says in words which step decided the verdict.
"""

from __future__ import annotations

from collections.abc import Callable

from docket.domain.digital import Verdict
from docket.interchange.ooni_comparison import (
    Diff,
    dns_consistency,
    http_diff,
    http_differs,
    loopback,
)
from docket.interchange.ooni_format import ControlHttp, TestKeys
from docket.interchange.ooni_observations import DNS, HTTP, STEP, TCP, TLS, Obs, Observations

_NO_HTTP = ControlHttp()


def classic_verdict(test_keys: TestKeys) -> Verdict:
    """Docket's verdict on a web_connectivity 0.5 measurement's test keys."""
    return _verdict(Observations(test_keys))


def _verdict(observed: Observations) -> Verdict:
    """The verdict the observations give, with the comparisons it needed."""
    linear = sorted(
        (*observed.dns, *observed.endpoints.values()),
        key=lambda o: (
            -(o.depth if o.depth is not None else -1),
            -o.kind,
            o.failure,
            -o.txid,
        ),
    )
    # The DNS comparison and the page comparison are costly and often not needed (a page
    # that came over TLS decides alone): each is made once, when the verdict asks for it.
    consistency: list[str | None] = []
    diff: list[Diff] = []

    def inconsistent() -> bool:
        if not consistency:
            consistency.append(dns_consistency(observed))
        return consistency[0] == "inconsistent"

    def page_differs() -> bool:
        if not diff:
            final = next((o for o in observed.endpoints.values() if o.final), None)
            control = observed.control.http_request if observed.control else None
            diff.append(http_diff(final, control or _NO_HTTP))
        return http_differs(diff[0])

    blocking, accessible, reason = _walk(linear, inconsistent, page_differs)
    return Verdict(
        blocking,
        accessible,
        reason,
        consistency[0] if consistency else None,
        *(diff[0] if diff else (None, None, None, None, None)),
    )


def _walk(
    linear: list[Obs], inconsistent: Callable[[], bool], page_differs: Callable[[], bool]
) -> tuple[str | None, bool | None, str]:
    """The latest, most advanced step decides (analysisclassic's order of cases)."""

    def blocked(kind: str, why: str) -> tuple[str | None, bool | None, str]:
        if kind != "dns" and inconsistent():
            return "dns", False, why + "; the DNS answers differ from the control's"
        return kind, False, why

    def down(why: str) -> tuple[str | None, bool | None, str]:
        if inconsistent():
            return "dns", False, why + "; the DNS answers differ from the control's"
        return "none", False, why + " (the website seems down)"

    def unknown(why: str) -> tuple[str | None, bool | None, str]:
        if inconsistent():
            return "dns", False, why + "; the DNS answers differ from the control's"
        return None, None, why

    for o in linear:
        if o.final:
            if o.tls_failure == "":
                return "none", True, f"the page came over TLS from {o.endpoint}"
            if o.c_http_failure is None:
                return unknown("the page arrived but there is no control to compare it with")
            if not page_differs():
                return "none", True, "the page matches the control's"
            return blocked("http-diff", "the page differs from the control's")
        step = f"{STEP[o.kind]} {o.endpoint or o.dns_domain or ''}".strip()
        if not o.failure:
            if o.kind == DNS and o.c_dns_failure == "":
                mine_lo, theirs_lo = loopback(o.dns_addrs), loopback(o.c_dns_addrs)
                if mine_lo and not theirs_lo:
                    return blocked("dns", f"{step} answered only loopback addresses")
                if mine_lo and theirs_lo:
                    return down(f"{step} answered only loopback addresses, also to the control")
            continue
        failed = f"{step} failed ({o.failure})"
        if o.kind == HTTP:
            if o.c_http_failure is None:
                return unknown(failed + " and there is no control")
            if o.c_http_failure:
                return down(failed + f"; the control failed too ({o.c_http_failure})")
            return blocked("http-failure", failed + " while the control fetched the page")
        control = {TLS: o.c_tls_failure, TCP: o.c_tcp_failure, DNS: o.c_dns_failure}[o.kind]
        kind = {TLS: "http-failure", TCP: "tcp_ip", DNS: "dns"}[o.kind]
        if control is None:
            if o.c_http_failure is None:
                if o.kind == DNS:
                    return "none", True, failed + " and there is no control"
                return unknown(failed + " and there is no control")
            # after a redirect the control has no step to compare: the page it got decides
            late = "dns" if o.kind == DNS else "http-failure"
            return blocked(late, failed + " while the control fetched the page")
        if control:
            return down(failed + f"; the control failed too ({control})")
        if o.kind == DNS and o.failure == "dns_no_answer" and o.c_dns_addrs == frozenset():
            return down(failed + "; the control found no address either")
        what = {TLS: "handshook", TCP: "connected", DNS: "resolved the name"}[o.kind]
        return blocked(kind, failed + f" while the control {what}")
    return None, None, "no step of the measurement decides"
