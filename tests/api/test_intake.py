"""Taking referrals in through GraphQL: stored once, validated, allocated with a reason."""

from __future__ import annotations

import asyncio

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph, create_driver
from graph.settings import Neo4jSettings
from tests.support.graphql import gql
from tests.support.intake import CASE, SUBMIT, force_of, referral, submit
from tests.support.tokens import bearer


async def test_a_referral_opens_a_case_allocated_to_the_victims_force(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    result = await submit(client, api_settings, referral())
    assert result["userErrors"] == []
    assert result["created"] is True
    case = result["case"]
    assert case["reference"].startswith("HUB-2026-")

    body = await gql(client, CASE, bearer(api_settings, Role.HUB_OFFICER),
                     reference=case["reference"])
    read = body["data"]["case"]
    assert (read["status"], read["forceCode"]) == ("RECEIVED", "west-yorkshire")
    report = read["reports"]["edges"][0]["node"]
    assert (report["strands"], report["otherCharacteristics"]) == (["RELIGION", "RACE"], ["age"])
    allocation = read["allocations"][0]
    assert allocation["rule"] == "VICTIM_FORCE"
    assert "LS6" in allocation["reason"]
    assert allocation["by"] == "test-intake"
    [edge] = read["reports"]["edges"]
    assert edge["node"]["parties"] == [{"roles": ["COMPLAINANT", "VICTIM"], "name": "Aisha Khan",
                                        "postcode": "LS6 2AB", "email": "aisha@example.org"}]


async def test_a_retry_returns_the_first_report_and_case(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    first = await submit(client, api_settings, referral())
    again = await submit(client, api_settings, referral())
    assert again["created"] is False
    assert again["userErrors"] == []
    assert again["report"]["id"] == first["report"]["id"]
    assert again["case"]["reference"] == first["case"]["reference"]


async def test_the_same_reference_with_different_content_is_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await submit(client, api_settings, referral())
    clash = await submit(client, api_settings, referral(narrative="something else entirely"))
    assert clash["report"] is None
    assert clash["userErrors"] == [{"field": ["input", "truevisionRef"],
                                    "message": "TV-2026-000001 was already submitted with "
                                               "different content",
                                    "code": "TRUEVISION_REF_CONFLICT"}]
    rows = await clean_graph.rows("MATCH (r:Report) RETURN r.narrative AS narrative")
    assert [row["narrative"] for row in rows] == [referral()["narrative"]]


async def test_twenty_concurrent_submissions_store_one_report(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    results = await asyncio.gather(*(submit(client, api_settings, referral())
                                     for _ in range(20)))
    assert sum(r["created"] for r in results) == 1
    assert {r["case"]["reference"] for r in results} == {results[0]["case"]["reference"]}
    counts = await clean_graph.rows(
        "MATCH (r:Report) WITH count(r) AS reports MATCH (c:Case) "
        "RETURN reports, count(c) AS cases")
    assert counts == [{"reports": 1, "cases": 1}]


async def test_concurrent_referrals_naming_the_same_accounts_store_each_once(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """Referrals naming overlapping suspects in different orders, at once: every one is stored,
    each account once, each keyed so that arrival linking finds it."""
    handles = ["@raider_a", "@Raider_B", "@raider_c", "@raider_d"]
    results = await asyncio.gather(*(
        submit(client, api_settings, referral(
            f"TV-ACC-{n:02d}", suspectHandles=[handles[(n + i) % 4] for i in range(1 + n % 3)],
            contentUrls=[f"https://x.com/raider/status/17900000000000{n:05d}"]))
        for n in range(12)))
    assert all(r["created"] and r["userErrors"] == [] for r in results)
    rows = await clean_graph.rows(
        "MATCH (a:Account) OPTIONAL MATCH (a)-[:KEYED]->(k:AccountKey) "
        "WITH a, count(k) AS keys RETURN a.handle AS handle, keys, "
        "COUNT { (:Report)-[:NAMES]->(a) } AS named ORDER BY handle")
    assert [row["handle"] for row in rows] == sorted(handles)
    assert all(row["keys"] > 0 for row in rows)
    assert sum(row["named"] for row in rows) == sum(1 + n % 3 for n in range(12))
    duplicated = await clean_graph.rows(
        "MATCH (k:AccountKey) WITH k.key AS key, count(*) AS n WHERE n > 1 RETURN key")
    assert duplicated == []


async def test_invalid_input_comes_back_as_user_errors_and_stores_nothing(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    result = await submit(client, api_settings, referral(
        "bad ref with spaces", receivedAt="2099-01-01T00:00:00+00:00",
        contentUrls=["not a url"], victim={"postcode": "NOPE 123", "email": "nobody"}))
    assert result["report"] is None
    errors = {(tuple(e["field"]), e["code"]) for e in result["userErrors"]}
    assert errors == {
        (("input", "truevisionRef"), "INVALID"),
        (("input", "receivedAt"), "INVALID_DATETIME"),
        (("input", "contentUrls", "0"), "INVALID_URL"),
        (("input", "victim", "postcode"), "INVALID_POSTCODE"),
        (("input", "victim", "email"), "INVALID_EMAIL"),
    }
    assert await clean_graph.rows("MATCH (n:Report) RETURN n") == []


async def test_a_postcode_in_no_area_and_a_time_before_the_hub_are_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    result = await submit(client, api_settings, referral(
        receivedAt="1900-01-01T00:00:00Z", victim={"name": "A", "postcode": "XX1 1XX"}))
    assert result["report"] is None
    assert {(tuple(e["field"]), e["code"]) for e in result["userErrors"]} == {
        (("input", "receivedAt"), "INVALID_DATETIME"),
        (("input", "victim", "postcode"), "UNKNOWN_POSTCODE_AREA")}
    assert await clean_graph.rows("MATCH (n:Report) RETURN n") == []


async def test_a_referral_with_nothing_to_act_on_is_refused(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    result = await submit(client, api_settings, {"truevisionRef": "TV-EMPTY"})
    assert [e["code"] for e in result["userErrors"]] == ["EMPTY_REFERRAL"]


async def test_a_victim_without_a_postcode_leaves_the_case_with_the_hub(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    result = await submit(client, api_settings, referral(victim={"name": "Sam"}))
    assert await force_of(client, api_settings, result["case"]) == "HUB"


async def test_schema_rejects_a_missing_required_field_before_running(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    body = await gql(client, SUBMIT, bearer(api_settings, Role.INTAKE), input={})
    assert body["data"] is None
    assert "truevisionRef" in body["errors"][0]["message"]


async def test_a_referral_arriving_while_the_hub_is_closed_is_flagged(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    query = "query($t: String!) { report(truevisionRef: $t) { outOfHours } }"
    officer = bearer(api_settings, Role.HUB_OFFICER)
    for ref, at, closed in (("TV-FRI", "2026-11-20T10:15:00+00:00", False),
                            ("TV-SAT", "2026-11-21T10:15:00+00:00", True),
                            ("TV-NIGHT", "2026-11-19T23:30:00+00:00", True)):
        await submit(client, api_settings, referral(
            ref, receivedAt=at, contentUrls=[f"https://x.com/a/status/17900000000000{len(ref)}"]))
        flagged = (await gql(client, query, officer, t=ref))["data"]["report"]["outOfHours"]
        assert flagged is closed, ref


async def test_case_numbers_stay_unique_when_the_counter_is_reset_under_a_process(
        clean_graph: Graph) -> None:
    """Each process numbers cases from blocks it reserved; a counter restored from a backup
    hands out a block again, and the clash is seen and a fresh number taken."""
    from casework.access import Principal
    from casework.intake.service import submit_referral

    intake = Principal(subject="truevision", role=Role.INTAKE)
    received = "2019-06-01T12:00:00Z"  # a year no other test numbers cases in
    first = await submit_referral(clean_graph, {
        "id": "TV-N1", "received_at": received, "content_text": "first post",
        "suspect_handles": ["@a1"]}, intake)
    assert first.case["reference"] == "HUB-2019-000001"
    async with clean_graph.driver.session(database=clean_graph.database) as session:
        await (await session.run("MATCH (n:Counter) DELETE n")).consume()
    other_process = Graph(clean_graph.driver, clean_graph.database)
    second = await submit_referral(other_process, {
        "id": "TV-N2", "received_at": received, "content_text": "another post",
        "suspect_handles": ["@b2"]}, intake)
    assert second.created
    assert second.case["reference"] == "HUB-2019-000021"  # 1 clashed; the next block's first


async def test_an_intake_replayed_after_its_commit_answer_was_lost_stores_it_once(
        clean_graph: Graph) -> None:
    """When the connection drops between the server committing and the answer arriving, the
    driver runs the same transaction again; that replay must find the referral, not store it
    twice or fail on the identifiers the first attempt used."""
    from datetime import UTC, datetime

    from casework.access import Principal
    from casework.intake.referral import referral_from_record
    from casework.intake.service import chooser, linking_record, plan_intake
    from graph.intake import record_intake
    from linking.referrals import normalise_referral

    now = datetime(2026, 11, 20, 10, 15, tzinfo=UTC)
    referral_ = referral_from_record({
        "id": "TV-REPLAY", "received_at": now.isoformat(), "content_text": "a post",
        "content_urls": ["https://x.com/a/status/1790000000000000077"],
        "suspect_handles": ["@replayed"], "victim": {"name": "A Person"}}, now)
    plan = plan_intake(referral_, Principal(subject="truevision", role=Role.INTAKE), now)
    choose = chooser(normalise_referral(linking_record(referral_)))
    first = await record_intake(clean_graph, plan, choose)
    replay = await record_intake(clean_graph, plan, choose)
    assert first.created
    assert replay.created
    assert replay.case["reference"] == first.case["reference"]
    rows = await clean_graph.rows(
        "MATCH (r:Report {truevisionRef: 'TV-REPLAY'})-[:PART_OF]->(c:Case) "
        "RETURN count(DISTINCT r) AS reports, count(DISTINCT c) AS cases, "
        "COUNT { (c)-[:HAS_ALLOCATION]->() } AS allocations, "
        "COUNT { (r)-[:AGAINST]->() } AS victims")
    assert rows == [{"reports": 1, "cases": 1, "allocations": 1, "victims": 1}]


async def test_a_process_with_one_pooled_connection_still_opens_cases(
        clean_graph: Graph, neo4j_settings: Neo4jSettings) -> None:
    """Case numbers are reserved outside the intake's transaction: an intake holding the only
    connection never waits for a second one to refill the numbers, and a referral that joins
    a case hands back the number it was given."""
    from casework.access import Principal
    from casework.intake.service import submit_referral

    single = neo4j_settings.model_copy(update={"max_connection_pool_size": 1,
                                               "connection_acquisition_timeout": 2.0})
    driver = create_driver(single)
    try:
        graph = Graph(driver, clean_graph.database)
        intake = Principal(subject="truevision", role=Role.INTAKE)
        received = "2018-06-01T12:00:00Z"  # a year no other test numbers cases in
        url = "https://x.com/a/status/1790000000000000201"
        stored = [await submit_referral(graph, {
            "id": ref, "received_at": received, "content_text": text, "content_urls": urls,
            "suspect_handles": [handle]}, intake)
            for ref, text, urls, handle in (("TV-ONE-1", "one post", [url], "@c1"),
                                            ("TV-ONE-2", "one post", [url], "@c1"),
                                            ("TV-ONE-3", "another post", [], "@d2"))]
    finally:
        await driver.close()
    assert [s.case["reference"] for s in stored] == [
        "HUB-2018-000001", "HUB-2018-000001", "HUB-2018-000002"]
