"""What an operator sees: a request id on every answer and log line, one JSON line per request
saying who did what and what it cost, and metrics a Prometheus server can scrape."""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.metrics import MULTIPROCESS, OperationNames
from api.settings import ApiSettings
from casework.access import Role
from tests.support.intake import referral
from tests.support.logs import lines
from tests.support.tokens import bearer

FORCES = "query Forces { forces { code } }"
ANONYMOUS = "{ forces { code } }"
SUBMIT = """mutation Submit($input: SubmitReportInput!) {
  submitReport(input: $input) { created case { reference } userErrors { code } }
}"""


def sample(text: str, name: str, **labels: str) -> float:
    """One sample's value from a scrape, 0 when the series does not exist yet."""
    for family in text_string_to_metric_families(text):
        for found in family.samples:
            if found.name == name and all(found.labels.get(k) == v for k, v in labels.items()):
                return float(found.value)
    return 0.0


async def test_a_request_carries_its_id_into_the_answer_and_its_log_line(
        client: httpx.AsyncClient, api_settings: ApiSettings, json_lines: io.StringIO) -> None:
    response = await client.post("/graphql", json={"query": FORCES, "operationName": "Forces"},
                                 headers={**bearer(api_settings, Role.ANALYST),
                                          "X-Request-ID": "front-end-42"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "front-end-42"
    [line] = lines(json_lines)
    assert line["request_id"] == "front-end-42"
    assert line["level"] == "info"
    assert line["timestamp"]
    assert (line["subject"], line["operation"], line["outcome"], line["status"]) == \
        ("test-analyst", "Forces", "ok", 200)
    assert isinstance(line["neo4j_transactions"], int)
    assert line["neo4j_transactions"] >= 1
    assert isinstance(line["duration_ms"], float)


async def test_a_missing_or_unsafe_request_id_is_replaced(
        client: httpx.AsyncClient, api_settings: ApiSettings, json_lines: io.StringIO) -> None:
    headers = bearer(api_settings, Role.ANALYST)
    plain = await client.post("/graphql", json={"query": ANONYMOUS}, headers=headers)
    forged = await client.post("/graphql", json={"query": ANONYMOUS},
                               headers={**headers, "X-Request-ID": 'x" forged="1'})
    for response in (plain, forged):
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
    assert plain.headers["x-request-id"] != forged.headers["x-request-id"]
    # An anonymous document is named by a hash of it; what it asked is never logged.
    logged = lines(json_lines)
    assert {line["operation"] for line in logged} == {
        f"anonymous:sha256:{hashlib.sha256(ANONYMOUS.encode()).hexdigest()[:16]}"}
    assert "forces" not in json_lines.getvalue()


async def test_a_refused_request_is_logged_and_counted_without_a_subject(
        client: httpx.AsyncClient, json_lines: io.StringIO) -> None:
    before = sample((await client.get("/metrics")).text, "hub_requests_total",
                    operation="/graphql", outcome="http_401")
    response = await client.post("/graphql", json={"query": FORCES})
    assert response.status_code == 401
    assert response.headers["x-request-id"]
    [line] = lines(json_lines)
    assert (line["subject"], line["outcome"]) == (None, "http_401")
    after = sample((await client.get("/metrics")).text, "hub_requests_total",
                   operation="/graphql", outcome="http_401")
    assert after == before + 1


async def test_metrics_count_operations_intake_outcomes_and_database_work(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    before = (await client.get("/metrics")).text
    intake = bearer(api_settings, Role.INTAKE)
    for ref in ("TV-METRICS-1", "TV-METRICS-1", "TV-METRICS-2"):  # new, repeat, joined
        body = (await client.post("/graphql", headers=intake, json={
            "query": SUBMIT, "operationName": "Submit",
            "variables": {"input": referral(ref)}})).json()
        assert body["data"]["submitReport"]["userErrors"] == [], body
    scrape = await client.get("/metrics")
    assert scrape.status_code == 200
    assert scrape.headers["content-type"].startswith("text/plain")
    after = scrape.text

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("hub_requests_total", operation="Submit", outcome="ok") == 3
    assert grew("hub_request_seconds_count", operation="Submit") == 3
    assert (grew("hub_intake_total", outcome="new_case"), grew("hub_intake_total",
            outcome="repeat"), grew("hub_intake_total", outcome="joined")) == (1, 1, 1)
    assert grew("hub_neo4j_transaction_seconds_count", kind="write") >= 3
    assert "hub_outbox_backlog" in after
    assert "hub_subscriptions_open" in after


def test_operation_labels_are_bounded_whatever_clients_name_them() -> None:
    names = OperationNames(limit=2)
    assert [names.label(n) for n in ("CaseScreen", "CaseList", "Third", "CaseScreen")] == \
        ["CaseScreen", "CaseList", "other", "CaseScreen"]
    assert names.label(None) == names.label("anonymous:0123abcd") == "anonymous"
    assert names.label("not a name {") == "other"


WORKER = """
import signal, sys
from api.metrics import SUBSCRIPTIONS_OPEN
SUBSCRIPTIONS_OPEN.inc(int(sys.argv[1]))
print("open", flush=True)
if sys.argv[2] == "killed":
    signal.raise_signal(signal.SIGKILL)
sys.stdin.read()  # lives until its parent closes this
"""


async def test_a_killed_workers_open_subscriptions_are_not_counted(
        client: httpx.AsyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With several workers (`hub serve --workers`), each keeps its figures in files a scrape
    adds up. A worker that is killed leaves its files behind; the subscriptions it held closed
    with it, so the open-subscriptions gauge must count only the living workers'."""
    env = {**os.environ, MULTIPROCESS: str(tmp_path)}
    killed = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-c", WORKER, "2", "killed"], env=env,
        capture_output=True, text=True, timeout=120, check=False)
    assert killed.stdout == "open\n"
    assert killed.returncode == -signal.SIGKILL
    with subprocess.Popen([sys.executable, "-c", WORKER, "1", "living"], env=env,  # noqa: ASYNC220
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as living:
        assert living.stdout is not None
        assert await asyncio.to_thread(living.stdout.readline) == "open\n"
        monkeypatch.setenv(MULTIPROCESS, str(tmp_path))
        scrape = (await client.get("/metrics")).text
        living.communicate()  # closes its stdin: it ends
    assert sample(scrape, "hub_subscriptions_open") == 1
