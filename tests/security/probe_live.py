"""The probes of issue 16, against a live server: each prints PASS or FAIL and what it saw.

    .venv/bin/python -m tests.security.probe_live http://127.0.0.1:8000 \\
        --officer "$(.venv/bin/hub token --role ANALYST)" \\
        --intake "$(.venv/bin/hub token --role INTAKE)" \\
        --force-hub "$(.venv/bin/hub token --role FORCE_OFFICER --force HUB)"

`--officer` is any role that may read networks (an analyst or hub officer), `--intake` the
intake service's, `--force-hub` a force officer's token whose `force` claim is `HUB`, signed
as the identity provider would sign it. Nothing the probes send is stored: every intake they
attempt is refused. The exit status is the number of probes that failed. The suite runs the
same functions against a server it starts (`tests/security/test_probe_live.py`).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx
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


def bad_force_claim(live: Live) -> Outcome:
    return refused_with(live.post(live.force_hub, QUERY), 401, "UNAUTHENTICATED")


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
}


def run(live: Live) -> dict[str, Outcome]:
    return {name: probe(live) for name, probe in PROBES.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url", help="the hub's base URL, e.g. http://127.0.0.1:8000")
    for name in ("officer", "intake", "force-hub"):
        parser.add_argument(f"--{name}", required=True, help="a bearer token")
    arguments = parser.parse_args(argv)
    with httpx.Client(base_url=arguments.url, timeout=30) as http:
        outcomes = run(Live(http, arguments.officer, arguments.intake, arguments.force_hub))
    for name, outcome in outcomes.items():
        print(f"{'PASS' if outcome.passed else 'FAIL'}  {name}: {outcome.saw}")
    return sum(not outcome.passed for outcome in outcomes.values())


if __name__ == "__main__":
    sys.exit(main())
