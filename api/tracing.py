"""OpenTelemetry tracing, on when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (the standard variable).

Each request is a server span (`api.observe.RequestLog`) continuing the caller's W3C
`traceparent`, and each Neo4j transaction a client span under it (`graph.telemetry`), so a slow
request shows which of its transactions took the time. Spans go over OTLP/HTTP in batches from
a background thread; the SDK's own `OTEL_*` variables (service name, resource attributes,
sampler, batch delay, headers) apply as documented.

The server span is made here rather than by `opentelemetry-instrumentation-asgi`, and GraphQL
gets no span per resolver from strawberry's `OpenTelemetryExtension`: both record what a
client sent (the query string, the document, resolvers' arguments), which can hold a victim's
or a suspect's personal data. Spans here carry the same fields as the request's log line and no
more.
"""

from __future__ import annotations

import os

from opentelemetry import trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import SERVICE_NAME, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT"


def install() -> TracerProvider | None:
    """The process's tracer provider, exporting over OTLP/HTTP, or None when no endpoint is set
    (then every span is a no-op that costs about a microsecond)."""
    if not os.environ.get(ENDPOINT):
        return None
    name = os.environ.get("OTEL_SERVICE_NAME", "hub")
    provider = TracerProvider(resource=Resource.create({SERVICE_NAME: name}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    return provider
