"""With `OTEL_EXPORTER_OTLP_ENDPOINT` set, a `hub serve` process sends its traces there over
OTLP/HTTP: each request a server span continuing the caller's trace, its Neo4j transactions
spans under it, and nothing a client sent (documents, variables) on any span."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from api.settings import ApiSettings
from casework.access import Role
from graph.settings import Neo4jSettings
from tests.support.processes import hub_serving
from tests.support.tokens import bearer

CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
SENT = "TV-2026-987654"  # a value the client sent: it must not reach any span


class Collector(ThreadingHTTPServer):
    """A stand-in OpenTelemetry collector: keeps every span posted to /v1/traces."""

    def __init__(self) -> None:
        self.spans: list[Span] = []
        self.raw: list[bytes] = []
        super().__init__(("127.0.0.1", 0), _Receive)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Receive(BaseHTTPRequestHandler):
    server: Collector

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        request = ExportTraceServiceRequest.FromString(body)
        self.server.raw.append(body)
        for resource in request.resource_spans:
            for scope in resource.scope_spans:
                self.server.spans.extend(scope.spans)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def collector() -> Iterator[Collector]:
    server = Collector()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()


def attributes(span: Span) -> dict[str, Any]:
    return {a.key: getattr(a.value, a.value.WhichOneof("value")) for a in span.attributes}


def test_a_request_and_its_transactions_are_one_trace_continuing_the_callers(
        neo4j_settings: Neo4jSettings, nats_url: str, collector: Collector,
        tmp_path: Path) -> None:
    with hub_serving([(neo4j_settings, nats_url, tmp_path / "hub.log")],
                     OTEL_EXPORTER_OTLP_ENDPOINT=collector.endpoint,
                     OTEL_BSP_SCHEDULE_DELAY="50") as (base,):
        answer = httpx.post(f"{base}/graphql", timeout=30, headers={
            **bearer(ApiSettings(), Role.HUB_OFFICER),
            "traceparent": f"00-{CALLER_TRACE}-00f067aa0ba902b7-01"}, json={
            "query": "query ReportCheck($ref: String!) { report(truevisionRef: $ref) { id } }",
            "variables": {"ref": SENT}})
        assert answer.status_code == 200, answer.text
        deadline = time.monotonic() + 30
        while not any(s.kind == Span.SPAN_KIND_SERVER for s in collector.spans) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
    server = [s for s in collector.spans if s.kind == Span.SPAN_KIND_SERVER]
    assert [s.name for s in server] == ["POST /graphql"]  # probes (/readyz) are not traced
    request = server[0]
    assert request.trace_id.hex() == CALLER_TRACE
    assert attributes(request)["graphql.operation.name"] == "ReportCheck"
    assert attributes(request)["http.response.status_code"] == 200
    queries = [s for s in collector.spans if s.parent_span_id == request.span_id]
    assert queries
    assert all(s.name == "neo4j read" for s in queries)
    assert attributes(queries[0])["db.system"] == "neo4j"
    assert all(SENT.encode() not in body and b"truevisionRef" not in body
               for body in collector.raw)
