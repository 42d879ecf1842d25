"""The probes of issue 16, against a live server: each prints PASS or FAIL and what it saw.

    .venv/bin/python -m tests.security.probe_live http://127.0.0.1:8000 \\
        --officer "$(.venv/bin/hub token --role ANALYST)" \\
        --intake "$(.venv/bin/hub token --role INTAKE)" \\
        --force-hub "$(.venv/bin/hub token --role FORCE_OFFICER --force HUB)" \\
        --force-officer "$(.venv/bin/hub token --role FORCE_OFFICER --force west-yorkshire \\
                           --subject probe-officer)" \\
        --supervisor "$(.venv/bin/hub token --role SUPERVISOR)"

`--officer` is any role that may read networks (an analyst or hub officer), `--intake` the
intake service's, `--force-hub` a force officer's token whose `force` claim is `HUB`, signed
as the identity provider would sign it, `--force-officer` a real force's officer (whose
subject the last probe floods past the rate limit: give it a subject of its own), and
`--supervisor` reads the audit trail back, as the hub's supervisors do, to see each refusal
logged. Nothing the probes send is stored but audit entries: every intake they attempt is
refused. The server must hold a case of another force than the force officer's (`hub demo`
does). The exit status is the number of probes that failed. The suite runs the same functions
against a server it starts (`tests/security/test_probe_live.py`).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from strawberry import relay

QUERY = '{"query": "query Forces { forces { code } }"}'
SUBMIT = ("mutation Submit($i: SubmitReportInput!) { submitReport(input: $i) { created "
          "userErrors { field code } } }")


@dataclass(frozen=True)
class Live:
    """A live hub and the tokens the probes act with."""

    http: httpx.Client
    officer: str
    intake: str
    force_hub: str
    force_officer: str
    supervisor: str

    def post(self, token: str, body: bytes | str, content_type: str = "application/json",
             **headers: str) -> httpx.Response:
        return self.http.post("/graphql", content=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": content_type, **headers})

    def gql(self, token: str, query: str, justification: str | None = None,
            **variables: Any) -> dict[str, Any]:
        headers = {"X-Hub-Justification": justification} if justification else {}
        response = self.http.post("/graphql", json={"query": query, "variables": variables},
                                  headers={"Authorization": f"Bearer {token}", **headers})
        body: dict[str, Any] = response.json()
        return body


@dataclass(frozen=True)
class Outcome:
    passed: bool
    saw: str


def refused_with(response: httpx.Response, status: int, code: str) -> Outcome:
    """Whether the answer is `status` with an error of `code`, as JSON."""
    try:
        codes = [error.get("extensions", {}).get("code")
                 for error in response.json().get("errors", [])]
    except ValueError:
        codes = []
    return Outcome(response.status_code == status and code in codes,
                   f"HTTP {response.status_code} {codes}")


def codes_of(body: dict[str, Any]) -> list[str]:
    return [str(error.get("extensions", {}).get("code")) for error in body.get("errors") or ()]


def user_errors(body: dict[str, Any]) -> set[tuple[tuple[str, ...], str]]:
    payload = (body.get("data") or {}).get("submitReport") or {}
    return {(tuple(error["field"]), error["code"]) for error in payload.get("userErrors") or ()}


def referral(**overrides: Any) -> dict[str, Any]:
    """A referral Truevision could send, under a reference no one has used."""
    return {"truevisionRef": f"TV-PROBE-{uuid.uuid4().hex[:12]}",
            "receivedAt": "2026-11-20T10:15:00+00:00", "narrative": "A probe.",
            "contentUrls": ["https://x.com/someone/status/1790000000000000001"],
            "platform": "Twitter", "suspectHandles": ["@someone"],
            "victim": {"name": "A Probe", "postcode": "LS6 2AB"}, **overrides}


def non_object_body(live: Live) -> Outcome:
    return refused_with(live.post(live.officer, '"hello"'), 400, "BAD_REQUEST")


def batch_array(live: Live) -> Outcome:
    return refused_with(live.post(live.officer, f"[{QUERY}]"), 400, "BAD_REQUEST")


def wrong_content_type(live: Live) -> Outcome:
    return refused_with(live.post(live.officer, QUERY, "text/plain"), 415,
                        "UNSUPPORTED_MEDIA_TYPE")


def over_long_search(live: Live) -> Outcome:
    body = live.gql(live.officer, "query($s: String!) { bestPractice(search: $s) { totalCount } }",
                    s=" ".join(["hate"] * 1_100))
    fields = [e["field"] for error in body.get("errors") or ()
              for e in error.get("extensions", {}).get("userErrors", ())]
    return Outcome(codes_of(body) == ["TOO_LONG"] and fields == [["search"]],
                   f"{codes_of(body)} at {fields}")


def odd_ids(live: Live) -> Outcome:
    ids = [relay.to_base64(kind, key) for kind, key in (
        ("Victim", "victim-1"), ("Platform", "tiktok"), ("Force", "metropolitan"),
        ("Nonsense", "1"), ("Case", "HUB-1999-999999"))]
    answers = [live.gql(live.officer, "query($id: ID!) { node(id: $id) { id } }", id=id)
               for id in ids]
    nulls = [answer.get("data") == {"node": None} and not answer.get("errors")
             for answer in answers]
    return Outcome(all(nulls), f"null for {sum(nulls)} of {len(ids)} ids")


def two_anonymous_operations(live: Live) -> Outcome:
    body = live.gql(live.officer, "query { forces { code } } query { platforms { id } }")
    return Outcome(body.get("data") is None and codes_of(body) == ["OPERATION_NAME_REQUIRED"],
                   f"{codes_of(body)}")


def claims(token: str) -> dict[str, Any]:
    """What a token says (the probes find its entries in the log by its subject)."""
    said: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return said


def refusals(live: Live, **filters: str) -> tuple[int, list[dict[str, Any]]]:
    """How many REFUSAL entries there are, and the latest, newest first, as a supervisor
    reads them."""
    body = live.gql(live.supervisor, """query($actor: String, $target: String) {
        auditEvents(action: REFUSAL, actor: $actor, target: $target, first: 100) {
        totalCount edges { node { actor force targets operation reason } } } }""", **filters)
    events = body["data"]["auditEvents"]
    return events["totalCount"], [edge["node"] for edge in events["edges"]]


def logged_by(live: Live, act: Callable[[], Outcome], actor: str) -> tuple[Outcome, list[Any]]:
    """What `act` saw, and the REFUSAL entries of `actor` it added."""
    before, _ = refusals(live, actor=actor)
    seen = act()
    after, latest = refusals(live, actor=actor)
    return seen, latest[:after - before]


def bad_force_claim(live: Live) -> Outcome:
    refused, new = logged_by(
        live, lambda: refused_with(live.post(live.force_hub, QUERY), 401, "UNAUTHENTICATED"),
        claims(live.force_hub)["sub"])
    audited = [entry for entry in new if entry["force"] == "HUB"]
    return Outcome(refused.passed and len(audited) == 1,
                   f"{refused.saw}, {len(audited)} REFUSAL entry")


def unique(name: str) -> str:
    """An operation name no earlier run used, to find this run's entries in the log."""
    return f"{name}{uuid.uuid4().hex[:8]}"


def another_forces_case(live: Live) -> Outcome:
    listed = live.gql(live.supervisor, "query { cases(first: 100) { edges { node {"
                                       " reference forceCode } } } }")
    own = claims(live.force_officer)["force"]
    others = [edge["node"]["reference"] for edge in listed["data"]["cases"]["edges"]
              if edge["node"]["forceCode"] not in (own, "HUB")]
    if not others:
        return Outcome(False, "no case of another force on this server to reach for")
    operation = unique("Reach")
    body = live.gql(live.force_officer, f"query {operation}($r: String!) {{ case(reference: $r)"
                                        " { reference status } }", r=others[0])
    _, latest = refusals(live, target=others[0])
    logged = [entry for entry in latest if entry["operation"] == operation]
    return Outcome(body == {"data": {"case": None}, "extensions": body.get("extensions")}
                   and len(logged) == 1,
                   f"case: {(body.get('data') or {}).get('case')}, "
                   f"{len(logged)} REFUSAL entry naming {others[0]}")


def a_cases_suspects_unjustified(live: Live) -> Outcome:
    body = live.gql(live.officer, 'query { case(reference: "HUB-1999-999999") {'
                                  " accounts { id } suspects { id } } }")
    return Outcome(body.get("data") is None
                   and codes_of(body) == ["JUSTIFICATION_REQUIRED"] * 2, f"{codes_of(body)}")


def costly_and_deep_audited(live: Live) -> Outcome:
    costly, deep = unique("Scrape"), unique("Dig")
    by_cost = live.gql(live.officer, f"query {costly} {{ cases(first: 100) {{ edges {{ node {{"
                                     " reports(first: 100) { edges { node { id } } } } } } }")
    nested = "reports(first: 1) { edges { node { case { " * 3
    by_depth = live.gql(live.officer, f'query {deep} {{ case(reference: "HUB-1999-999999") {{ '
                                      f"{nested} reference" + " } } } }" * 3 + " } }")
    logged = {entry["operation"] for entry in refusals(live)[1]} & {costly, deep}
    return Outcome(codes_of(by_cost) == ["QUERY_TOO_COSTLY"] and len(logged) == 2,
                   f"{codes_of(by_cost)}, depth: {len(by_depth.get('errors') or ())} error, "
                   f"{len(logged)} of 2 logged")


def flood_audited_once(live: Live) -> Outcome:
    """Past the rate limit and on: one REFUSAL entry for the flood, not one per 429."""
    def flood() -> Outcome:
        # 32 at a time, and each refused cheaply (415, no database) once counted: a loaded
        # server answering real queries one after another may answer slower than the rate.
        with ThreadPoolExecutor(32) as pool:
            statuses = list(pool.map(
                lambda _: live.post(live.force_officer, QUERY, "text/plain").status_code,
                range(400)))
        refused = statuses.count(429)
        return Outcome(refused >= 20, f"{refused} of {len(statuses)} refused")

    flooded, new = logged_by(live, flood, claims(live.force_officer)["sub"])
    audited = [entry for entry in new if entry["reason"].startswith("over the rate limit")]
    return Outcome(flooded.passed and len(audited) == 1,
                   f"{flooded.saw}, {len(audited)} REFUSAL entry")


def intake_reading_more(live: Live) -> Outcome:
    body = live.gql(live.intake, "mutation($i: SubmitReportInput!) { submitReport(input: $i) "
                                 "{ created case { status priority strands } } }", i=referral())
    return Outcome(body.get("data") is None and set(codes_of(body)) == {"FORBIDDEN"},
                   f"{codes_of(body)}")


def bad_postcode(live: Live) -> Outcome:
    body = live.gql(live.intake, SUBMIT, i=referral(
        victim={"name": "A Probe", "postcode": "XX1 1XX"}))
    found = user_errors(body)
    return Outcome(found == {(("input", "victim", "postcode"), "UNKNOWN_POSTCODE_AREA")},
                   f"{sorted(found)}")


def implausible_received_at(live: Live) -> Outcome:
    body = live.gql(live.intake, SUBMIT, i=referral(receivedAt="1900-01-01T00:00:00Z"))
    found = user_errors(body)
    return Outcome(found == {(("input", "receivedAt"), "INVALID_DATETIME")}, f"{sorted(found)}")


def unjustified_action(live: Live) -> Outcome:
    around = relay.to_base64("Case", "HUB-1999-999999")
    network = "query($a: ID!) { network(around: $a) { truncated } }"
    without = live.gql(live.officer, network, a=around)
    justified = live.gql(live.officer, network, "probe: checking the hub's refusals", a=around)
    return Outcome(codes_of(without) == ["JUSTIFICATION_REQUIRED"] and not codes_of(justified),
                   f"without: {codes_of(without)}, with: {codes_of(justified) or 'answered'}")


PROBES: dict[str, Callable[[Live], Outcome]] = {
    "non-object body": non_object_body,
    "batch array": batch_array,
    "wrong content type": wrong_content_type,
    "over-long search": over_long_search,
    "odd ids": odd_ids,
    "two anonymous operations": two_anonymous_operations,
    "bad force claim": bad_force_claim,
    "intake reading more than it may": intake_reading_more,
    "bad postcode": bad_postcode,
    "implausible receivedAt": implausible_received_at,
    "unjustified action": unjustified_action,
    "a case's suspects unjustified": a_cases_suspects_unjustified,
    "another force's case": another_forces_case,
    "cost and depth refusals audited": costly_and_deep_audited,
    "a flood audited once": flood_audited_once,  # last: it spends the officer's rate
}


def run(live: Live) -> dict[str, Outcome]:
    return {name: probe(live) for name, probe in PROBES.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the hub's base URL, e.g. http://127.0.0.1:8000")
    for name in ("officer", "intake", "force-hub", "force-officer", "supervisor"):
        parser.add_argument(f"--{name}", required=True, help="a bearer token")
    arguments = parser.parse_args(argv)
    with httpx.Client(base_url=arguments.url, timeout=30) as http:
        outcomes = run(Live(http, arguments.officer, arguments.intake, arguments.force_hub,
                            arguments.force_officer, arguments.supervisor))
    for name, outcome in outcomes.items():
        print(f"{'PASS' if outcome.passed else 'FAIL'}  {name}: {outcome.saw}")
    return sum(not outcome.passed for outcome in outcomes.values())


if __name__ == "__main__":
    sys.exit(main())
