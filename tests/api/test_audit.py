"""Section 62: collection and consultation are logged with who, when and what."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.audit import block_audit_events, log_read_by_supervisor, unblock_audit
from tests.support.graphql import gql
from tests.support.intake import CASE, referral, submit
from tests.support.tokens import bearer


async def test_intake_logs_a_collection_event(client: httpx.AsyncClient,
                                             api_settings: ApiSettings,
                                             clean_graph: Graph) -> None:
    result = await submit(client, api_settings, referral())
    events = await clean_graph.rows(
        "MATCH (e:AuditEvent {action: 'COLLECTION'}) RETURN e {.*} AS e")
    assert len(events) == 1
    event = events[0]["e"]
    assert event["actor"] == "test-intake"
    assert event["role"] == "INTAKE"
    assert set(event["targets"]) == {"TV-2026-000001", result["case"]["reference"]}


async def test_reading_a_case_logs_who_consulted_what_and_why(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    result = await submit(client, api_settings, referral())
    reference = result["case"]["reference"]
    headers = {**bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire"),
               "X-Hub-Justification": "investigation WY/123"}
    body = await gql(client, CASE, headers, reference=reference)
    assert body["data"]["case"]["reference"] == reference
    events = await clean_graph.rows(
        "MATCH (e:AuditEvent {action: 'CONSULTATION'}) RETURN e {.*} AS e")
    [event] = [row["e"] for row in events]
    assert event["actor"] == "test-force_officer"
    assert event["force"] == "west-yorkshire"
    assert event["justification"] == "investigation WY/123"
    assert set(event["targets"]) == {reference, "TV-2026-000001"}


async def test_nothing_found_means_nothing_consulted(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await gql(client, CASE, bearer(api_settings, Role.HUB_OFFICER), reference="HUB-0000-000000")
    assert await clean_graph.rows("MATCH (e:AuditEvent) RETURN e") == []


async def test_a_consultation_that_cannot_be_logged_shows_nothing(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    result = await submit(client, api_settings, referral())
    await block_audit_events(clean_graph, "operation", "Case")
    try:
        body = await gql(client, CASE, bearer(api_settings, Role.HUB_OFFICER),
                         reference=result["case"]["reference"])
    finally:
        await unblock_audit(clean_graph)
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "AUDIT_UNAVAILABLE", "retryable": True}


async def test_an_intake_whose_audit_entry_fails_stores_nothing(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await block_audit_events(clean_graph, "action", "COLLECTION")
    try:
        body = await gql(client, "mutation($i: SubmitReportInput!) { submitReport(input: $i) "
                                 "{ created } }", bearer(api_settings, Role.INTAKE),
                         i=referral())
    finally:
        await unblock_audit(clean_graph)
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "INTERNAL"
    assert await clean_graph.rows("MATCH (n) WHERE n:Report OR n:Case RETURN n") == []


async def test_only_supervisors_read_the_audit_log(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    await submit(client, api_settings, referral())
    query = "query { auditEvents(action: COLLECTION) { totalCount edges { node { actor } } } }"
    supervisor = await gql(client, query, bearer(api_settings, Role.SUPERVISOR))
    assert supervisor["data"]["auditEvents"] == {"totalCount": 1,
                                                 "edges": [{"node": {"actor": "test-intake"}}]}
    officer = await gql(client, query, bearer(api_settings, Role.HUB_OFFICER))
    assert officer["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_every_kind_of_processing_the_act_names_is_logged(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """Collection, consultation, alteration, disclosure, combination and erasure (DPA 2018
    s.62), each by the operation a user would do, each entry with who and what."""
    from casework.retention.service import apply_retention
    from tests.support.content import capture, refer
    from tests.support.workflow import NO, TRIAGE, mutate

    officer = bearer(api_settings, Role.HUB_OFFICER)
    first = (await submit(client, api_settings, referral()))["case"]            # collection
    other = (await submit(client, api_settings, referral(
        "TV-OTHER", contentUrls=["https://x.com/other/status/1790000000000000555"],
        contentText="another post")))["case"]
    await gql(client, CASE, officer, reference=first["reference"])                # consultation
    await mutate(client, officer, TRIAGE, caseId=first["id"], **NO)                # alteration
    captured = await capture(client, officer, first["id"])
    assert (await refer(client, officer, first["id"], captured["id"]))["userErrors"] == []
    merged = await gql(client, """mutation($t: ID!, $s: ID!) { mergeCases(input: {targetId: $t,
        sourceId: $s, reason: "one post reached by two links"}) { userErrors { code } } }""",
                       officer, t=first["id"], s=other["id"])                       # combination
    assert merged["data"]["mergeCases"]["userErrors"] == []
    async with clean_graph.driver.session(database=clean_graph.database) as session:
        await (await session.run(
            "MATCH (c:Case {reference: $r}) SET c.status = 'CLOSED' "
            "CREATE (c)-[:HAS_ASSESSMENT]->(:Assessment {decision: 'NON_CRIME_HATE_INCIDENT', "
            "at: datetime('2020-01-01T00:00:00Z')})", r=first["reference"])).consume()
    await apply_retention(clean_graph, dry_run=False)                                # erasure
    rows = await clean_graph.rows(
        "MATCH (e:AuditEvent) RETURN e.action AS action, collect(e {.actor, .targets, "
        ".recipient}) AS events")
    logged = {row["action"]: row["events"] for row in rows}
    assert set(logged) == {"COLLECTION", "CONSULTATION", "ALTERATION", "DISCLOSURE",
                           "COMBINATION", "ERASURE"}
    assert all(event["actor"] and event["targets"] for events in logged.values()
               for event in events)
    assert {event["recipient"] for event in logged["DISCLOSURE"]} == {"x"}


async def consultations(graph: Graph) -> list[dict[str, object]]:
    # Ordered before the projection: after it, `e.at` would read the map, which has no `at`.
    rows = await graph.rows("MATCH (e:AuditEvent {action: 'CONSULTATION'}) WITH e ORDER BY e.at "
                            "RETURN e {.actor, .targets, .operation} AS e")
    return [row["e"] for row in rows]


async def test_reading_suspects_is_logged_with_the_operation_name(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    from tests.support.identity import named_accounts, suspect_behind

    await named_accounts(client, api_settings)
    await suspect_behind(clean_graph, "x:mlkesmlth")
    analyst = bearer(api_settings, Role.ANALYST)
    counted = await gql(client, "query Counted { suspects { totalCount } }", analyst)
    assert counted["data"]["suspects"]["totalCount"] == 1
    assert await consultations(clean_graph) == []  # a count shows nobody
    shown = await gql(client, "query Ranked { suspects { edges { node { suspectId } } } }",
                      analyst)
    assert len(shown["data"]["suspects"]["edges"]) == 1
    assert await consultations(clean_graph) == [
        {"actor": "test-analyst", "targets": ["suspect:S-1"], "operation": "Ranked"}]


LOG = "query { auditEvents(action: COLLECTION) { edges { node { id } } } }"


async def test_a_supervisors_reading_of_the_log_is_logged_and_anonymous_documents_by_digest(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await submit(client, api_settings, referral())
    supervisor = bearer(api_settings, Role.SUPERVISOR)
    first = await gql(client, LOG, supervisor)
    [shown] = [edge["node"]["id"] for edge in first["data"]["auditEvents"]["edges"]]
    await gql(client, LOG, supervisor)
    await gql(client, LOG.replace("COLLECTION", "CONSULTATION"), supervisor)
    logged = await consultations(clean_graph)
    assert [event["actor"] for event in logged] == ["test-supervisor"] * 3
    assert logged[0]["targets"] == logged[1]["targets"] == [f"audit:{shown}"]
    operations = [str(event["operation"]) for event in logged]
    assert operations[0] == operations[1] != operations[2]
    assert all(operation.startswith("anonymous:sha256:") for operation in operations)


async def test_a_network_read_logs_every_person_and_case_it_showed_and_why(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    from tests.support.network import NETWORK, build_world

    cases = await build_world(client, api_settings, clean_graph)
    officer = bearer(api_settings, Role.HUB_OFFICER, justification="Op Beacon: raid on WY/77")
    shown = await gql(client, NETWORK.replace("query(", "query Walk("), officer,
                      around=cases["leeds"]["id"], depth=3)
    assert shown["data"]["network"]["nodes"]
    [entry] = [e for e in await log_read_by_supervisor(client, api_settings, "CONSULTATION")
               if e["operation"] == "Walk"]
    assert entry["actor"] == "test-hub_officer"
    assert entry["justification"] == "Op Beacon: raid on WY/77"
    targets = set(entry["targets"])
    assert {"account:x:haterone", "account:tiktok:haterone", "suspect:suspect-1",
            cases["leeds"]["reference"], cases["london"]["reference"]} <= targets
    assert any(target.startswith("victim:") for target in targets)  # a hub officer sees them


async def test_reading_suspects_without_a_justification_is_refused_and_the_refusal_logged(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    from tests.support.network import NETWORK, build_world, global_id

    cases = await build_world(client, api_settings, clean_graph)
    unjustified = bearer(api_settings, Role.ANALYST, justification=None)
    walked = await gql(client, NETWORK.replace("query(", "query Walk("), unjustified,
                       around=cases["leeds"]["id"])
    assert walked.get("data") is None
    [error] = walked["errors"]
    assert error["extensions"]["code"] == "JUSTIFICATION_REQUIRED"
    assert [e["field"] for e in error["extensions"]["userErrors"]] == [["network"]]
    too_short = bearer(api_settings, Role.ANALYST, justification="because")
    ranked = await gql(client, "query { suspects { edges { node { suspectId } } } }",
                       too_short)
    assert ranked["errors"][0]["extensions"]["code"] == "JUSTIFICATION_REQUIRED"
    by_id = await gql(client, "query { node(id: $id) { id } }".replace(
        "query {", "query($id: ID!) {"), unjustified, id=global_id("Suspect", "suspect-1"))
    assert by_id["errors"][0]["extensions"]["userErrors"][0]["field"] == ["id"]
    assert by_id["data"] == {"node": None}
    assert await consultations(clean_graph) == []  # nothing was read
    refusals = await log_read_by_supervisor(client, api_settings, "REFUSAL")
    assert [(e["actor"], e["role"]) for e in refusals] == [("test-analyst", "ANALYST")] * 3
    assert refusals[0]["operation"] == "Walk"
    assert refusals[1]["operation"].startswith("anonymous:sha256:")
    assert all("X-Hub-Justification" in e["reason"] for e in refusals)


async def test_a_request_refused_for_its_role_is_logged_with_its_operation(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    refused = await gql(client, "query Peek { auditEvents { totalCount } }", officer)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    [entry] = await log_read_by_supervisor(client, api_settings, "REFUSAL")
    assert (entry["actor"], entry["force"], entry["operation"]) == (
        "test-force_officer", "west-yorkshire", "Peek")
    assert entry["reason"] == "role FORCE_OFFICER may not read the audit log"


async def test_a_consultation_is_logged_as_its_reads_end_and_what_follows_in_another_entry(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """A case screen's entry is begun as soon as its one read has said what it shows, while the
    answer is built; a second case in the same operation, read after that, is logged in a
    second entry of the same operation, both stored before the answer."""
    first = (await submit(client, api_settings, referral()))["case"]["reference"]
    second = (await submit(client, api_settings, referral(
        "TV-2026-000002", contentUrls=["https://x.com/another/status/1790000000000000999"],
        contentText="a different post altogether", suspectHandles=["@another"],
        narrative="A message about my shop, on another day.")))["case"]["reference"]
    assert second != first
    shown = "{ reference reports(first: 5) { edges { node { truevisionRef } } } }"
    body = await gql(client, f"query Two($a: String!, $b: String!) {{ a: case(reference: $a) "
                             f"{shown} b: case(reference: $b) {shown} }}",
                     bearer(api_settings, Role.HUB_OFFICER), a=first, b=second)
    assert {body["data"]["a"]["reference"], body["data"]["b"]["reference"]} == {first, second}
    entries = [event["targets"] for event in await consultations(clean_graph)]
    assert len(entries) == 2
    assert sorted(target for targets in entries for target in targets) == sorted(
        [first, second, "TV-2026-000001", "TV-2026-000002"])
    assert {event["operation"] for event in await consultations(clean_graph)} == {"Two"}
