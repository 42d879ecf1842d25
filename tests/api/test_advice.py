"""Advice to forces and the best-practice library: each force reads its own notes, and every
force finds library entries by their words and tags."""

from __future__ import annotations

from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.tokens import bearer
from tests.support.workflow import ALLOCATE, ASSESS, CRIME, NO, TRIAGE, mutate, received

GIVE = """mutation($i: GiveAdviceInput!) { giveAdvice(input: $i) {
  advice { id title forceCode caseReference tags by } userErrors { field code } } }"""
NOTES = """query($f: String, $first: Int, $after: String) {
  adviceNotes(forceCode: $f, first: $first, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { title forceCode caseReference } } } }"""
PUBLISH = """mutation($i: PublishPracticeInput!) { publishPractice(input: $i) {
  entry { id title tags } userErrors { field code } } }"""
LIBRARY = """query($s: String, $t: [String!], $first: Int, $after: String) {
  bestPractice(search: $s, tags: $t, first: $first, after: $after) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { title tags } } } }"""


async def titles(client: httpx.AsyncClient, headers: dict[str, str],
                 force: str | None = None) -> set[str]:
    body = await gql(client, NOTES, headers, f=force)
    assert "errors" not in body, body
    page = body["data"]["adviceNotes"]
    found = {edge["node"]["title"] for edge in page["edges"]}
    assert page["totalCount"] == len(found)
    return found


async def test_a_force_reads_the_notes_to_it_and_on_its_cases_and_a_case_note_follows_the_case(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)  # a West Yorkshire victim
    hub = bearer(api_settings, Role.HUB_OFFICER)
    leeds = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    liverpool = bearer(api_settings, Role.FORCE_OFFICER, "merseyside")
    for title, where in (("For Leeds", {"forceCode": "west-yorkshire"}),
                         ("For Liverpool", {"forceCode": "merseyside"}),
                         ("On the case", {"caseId": case["id"]})):
        given = await mutate(client, hub, GIVE, title=title, body="Preserve the account first.",
                             tags=["Preservation", " preservation "], **where)
        assert given["userErrors"] == []
        assert given["advice"]["tags"] == ["preservation"]
    assert await titles(client, leeds) == {"For Leeds", "On the case"}
    assert await titles(client, liverpool) == {"For Liverpool"}
    assert await titles(client, leeds, "merseyside") == set()
    assert await titles(client, hub) == {"For Leeds", "For Liverpool", "On the case"}
    assert await titles(client, hub, "west-yorkshire") == {"For Leeds", "On the case"}

    await mutate(client, hub, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, hub, ASSESS, caseId=case["id"], **CRIME)
    await mutate(client, hub, ALLOCATE, caseId=case["id"], suspectIdentified=True,
                 suspectForceCode="merseyside")
    assert await titles(client, leeds) == {"For Leeds"}
    assert await titles(client, liverpool) == {"For Liverpool", "On the case"}
    audited = await clean_graph.rows(
        "MATCH (e:AuditEvent {action: 'ALTERATION'}) WHERE $r IN e.targets "
        "AND e.justification = 'advice given: On the case' RETURN count(e) AS n",
        r=case["reference"])
    assert audited == [{"n": 1}]


async def test_advice_goes_to_one_real_addressee_and_only_the_hub_writes_it(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    both = await mutate(client, hub, GIVE, forceCode="west-yorkshire", caseId=case["id"],
                        title="Both", body="ambiguous")
    assert both["userErrors"] == [{"field": ["input"], "code": "ONE_ADDRESSEE"}]
    unknown = await mutate(client, hub, GIVE, forceCode="atlantis", title="Lost",
                           body="nobody reads this", tags=[])
    assert unknown["userErrors"] == [{"field": ["input", "forceCode"], "code": "UNKNOWN_FORCE"}]
    empty = await mutate(client, hub, GIVE, forceCode="merseyside", title=" ", body="")
    assert {(tuple(e["field"]), e["code"]) for e in empty["userErrors"]} == {
        (("input", "title"), "REQUIRED"), (("input", "body"), "REQUIRED")}
    phantom = await mutate(client, hub, GIVE, caseId="Q2FzZTpIVUItMTk5OS05OTk5OTk=",
                           title="Nowhere", body="no such case")
    assert phantom["userErrors"] == [{"field": ["input", "caseId"], "code": "NOT_FOUND"}]
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    body = await gql(client, GIVE, officer, i={"forceCode": "merseyside", "title": "Tip",
                                               "body": "from one force to another"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await clean_graph.rows("MATCH (a:Advice) RETURN count(a) AS n") == [{"n": 0}]


async def publish(client: httpx.AsyncClient, settings: ApiSettings, title: str, body: str,
                  tags: list[str]) -> dict[str, Any]:
    published = await mutate(client, bearer(settings, Role.HUB_OFFICER), PUBLISH,
                             title=title, body=body, tags=tags)
    assert published["userErrors"] == []
    entry: dict[str, Any] = published["entry"]
    return entry


async def found(client: httpx.AsyncClient, headers: dict[str, str], search: str | None = None,
                tags: list[str] | None = None) -> list[str]:
    body = await gql(client, LIBRARY, headers, s=search, t=tags)
    assert "errors" not in body, body
    return [edge["node"]["title"] for edge in body["data"]["bestPractice"]["edges"]]


async def test_every_force_finds_library_entries_by_their_words_and_tags(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    await publish(client, api_settings, "Preserving TikTok accounts",
                  "Send the preservation request before the account is reported for removal.",
                  ["TikTok", "preservation"])
    await publish(client, api_settings, "Harassment across platforms",
                  "One suspect harassing a victim on three platforms is one course of conduct.",
                  ["harassment", "evidence"])
    await publish(client, api_settings, "Explaining lawful but offensive posts",
                  "Say what the law protects and signpost support.", ["victims"])
    officer = bearer(api_settings, Role.FORCE_OFFICER, "dyfed-powys")
    assert await found(client, officer, "preservation") == ["Preserving TikTok accounts"]
    # Stemmed: "harassed" finds "harassment" and "harassing".
    assert await found(client, officer, "harassed") == ["Harassment across platforms"]
    # Every word must match.
    assert await found(client, officer, "suspect platforms") == ["Harassment across platforms"]
    assert await found(client, officer, "suspect tiktok") == []
    assert await found(client, officer, tags=["Evidence"]) == ["Harassment across platforms"]
    assert await found(client, officer, "account", ["victims"]) == []
    # A search box is words, never query syntax.
    assert await found(client, officer, 'law) AND "signpost*') == [
        "Explaining lawful but offensive posts"]
    assert await found(client, officer, "(lawful: OR ~") == [
        "Explaining lawful but offensive posts"]
    # Newest first, page by page.
    first = (await gql(client, LIBRARY, officer, first=2))["data"]["bestPractice"]
    assert first["totalCount"] == 3
    assert [e["node"]["title"] for e in first["edges"]] == [
        "Explaining lawful but offensive posts", "Harassment across platforms"]
    rest = (await gql(client, LIBRARY, officer, first=2,
                      after=first["pageInfo"]["endCursor"]))["data"]["bestPractice"]
    assert [e["node"]["title"] for e in rest["edges"]] == ["Preserving TikTok accounts"]
    assert rest["pageInfo"]["hasNextPage"] is False

    body = await gql(client, PUBLISH, officer, i={"title": "Our tip", "body": "shared"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
