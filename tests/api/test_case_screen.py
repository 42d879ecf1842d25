"""A case screen in one query and one read: the front end's registered `CaseScreen` document
shows the case whole (referrals, allocation with its rule and reason, assessment with its
reasons, history, updates owed with their due dates, platform referrals, accounts, suspects),
reads it in one transaction, and shows a force officer nothing of another force's."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
from neo4j import AsyncManagedTransaction

from api.settings import ApiSettings
from api.trusted import SOURCES, document_id
from casework.access import Role
from graph.driver import Graph
from tests.support.content import PRESERVE, ago, capture, refer
from tests.support.disclosures import GENERATE, INTELLIGENCE, POSITIVE, RECORD, WHY
from tests.support.intake import referral, submit
from tests.support.logs import lines
from tests.support.tokens import bearer
from tests.support.workflow import ALLOCATE, ASSESS, CRIME, NO, TRIAGE, mutate

SCREEN = (SOURCES / "case-screen.graphql").read_text(encoding="utf-8")
# The same parts through a list of cases, read by the loaders rather than with the case.
LISTED = """query { cases(first: 10) { edges { node {
  reference nextVictimUpdateDue allocations { rule reason } assessments { decision reason }
  history { toState } victimUpdatesDue { victimId due } captures { id }
  platformReferrals { id status } relatedCases { reference } accounts { id handle }
  suspects { id accountIds }
  reports(first: 20) { totalCount edges { node { truevisionRef } } }
  complainants(first: 20) { totalCount edges { node { reportTruevisionRef } } } } } } }"""

# Part of a screen, its selection spread from a named fragment under an alias, its referrals
# in an inline fragment: the look-ahead follows all three.
SPREAD = """query Spread($reference: String!) { shown: case(reference: $reference) { ...Screen } }
fragment Screen on Case { reference allocations { rule } history { toState }
  ... on Case { reports(first: 20) { totalCount edges { node { truevisionRef } } } } }"""


async def screen(client: httpx.AsyncClient, headers: dict[str, str],
                 reference: str) -> dict[str, Any] | None:
    response = await client.post("/graphql", headers=headers, json={
        "documentId": document_id(SCREEN), "variables": {"reference": reference}})
    body = response.json()
    assert response.status_code == 200
    assert "errors" not in body, body
    shown: dict[str, Any] | None = body["data"]["case"]
    return shown


async def attribute(graph: Graph, suspect: str, handles: list[str]) -> None:
    """The linker's verdict, as it stores it: these accounts are one suspect's."""
    async def work(tx: AsyncManagedTransaction) -> None:
        await tx.run("MERGE (p:Suspect {id: $suspect}) WITH p"
                     " MATCH (a:Account) WHERE a.handle IN $handles"
                     " MERGE (a)-[:ATTRIBUTED_TO {probability: 0.97}]->(p)",
                     suspect=suspect, handles=handles)
    await graph.write(work)


async def worked_case(client: httpx.AsyncClient, settings: ApiSettings) -> dict[str, Any]:
    """A Leeds victim's case, triaged, assessed, allocated, its post captured and referred,
    reported twice; and a London case by the same suspect under another account."""
    case: dict[str, Any] = (await submit(client, settings, referral("TV-SCREEN-1")))["case"]
    await submit(client, settings, referral(
        "TV-SCREEN-2", receivedAt="2026-11-21T09:00:00+00:00",
        victim={"name": "Sam Patel", "postcode": "LS6 3HN"}))
    await submit(client, settings, referral(
        "TV-SCREEN-LONDON", contentUrls=["https://x.com/other/status/1790000000000000999"],
        contentText="different words entirely", suspectHandles=["@someone_else"],
        victim={"name": "Jo", "postcode": "SE1 7PB"}))
    hub = bearer(settings, Role.HUB_OFFICER)
    await mutate(client, hub, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, hub, ASSESS, caseId=case["id"], **CRIME)
    await mutate(client, hub, ALLOCATE, caseId=case["id"], suspectIdentified=False)
    captured = await capture(client, hub, case["id"])
    referred = await refer(client, hub, case["id"], captured["id"])
    assert referred["userErrors"] == []
    return case


async def test_one_query_shows_the_whole_case(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await worked_case(client, api_settings)
    await attribute(clean_graph, "suspect-1", ["@someone", "@someone_else"])
    hub = bearer(api_settings, Role.HUB_OFFICER)
    for document, given in (
            (PRESERVE, {"platformId": "x", "targetKind": "ACCOUNT", "target": "@someone",
                        "requestedAt": ago(2), "reason": "it may be deleted before disclosure"}),
            (GENERATE, {"linesOfEnquiry": POSITIVE, "justification": WHY}),
            (RECORD, INTELLIGENCE)):
        assert (await mutate(client, hub, document, caseId=case["id"], **given)
                )["userErrors"] == []
    shown = await screen(client, hub, case["reference"])
    assert shown is not None
    assert shown["reference"] == case["reference"]
    assert [r["node"]["truevisionRef"] for r in shown["reports"]["edges"]] == [
        "TV-SCREEN-1", "TV-SCREEN-2"]
    assert shown["complainants"]["totalCount"] == 2
    newest = shown["allocations"][0]
    assert (newest["rule"], newest["forceCode"]) == ("VICTIM_FORCE", "west-yorkshire")
    assert all(a["reason"] for a in shown["allocations"])
    [assessment] = shown["assessments"]
    assert (assessment["decision"], assessment["reason"]) == ("CRIME", CRIME["reasons"])
    assert [h["toState"] for h in shown["history"]] == ["TRIAGED", "ASSESSED", "ALLOCATED"]
    dues = [update["due"] for update in shown["victimUpdatesDue"]]
    assert dues
    assert dues == sorted(dues)
    assert shown["nextVictimUpdateDue"] == dues[0]
    [platform_referral] = shown["platformReferrals"]
    assert platform_referral["capture"]["id"] == shown["captures"][0]["id"]
    assert [h["status"] for h in platform_referral["history"]] == ["SENT"]
    assert [a["handle"] for a in shown["accounts"]] == ["@someone"]
    [suspect] = shown["suspects"]
    assert len(suspect["accountIds"]) == 2  # a hub officer sees both forces' accounts
    assert [p["target"] for p in shown["preservationRequests"]] == ["@someone"]
    assert [p["justification"] for p in shown["evidencePackages"]] == [WHY]
    [intelligence] = shown["intelligenceReports"]
    assert intelligence["sanitisedNarrative"] == INTELLIGENCE["sanitisedNarrative"]
    assert "Fatima" not in json.dumps(shown)  # the source is never read back


async def test_a_case_screen_is_one_read(
        client: httpx.AsyncClient, api_settings: ApiSettings, json_lines: io.StringIO
) -> None:
    case = await worked_case(client, api_settings)
    json_lines.truncate(0)
    json_lines.seek(0)
    await screen(client, bearer(api_settings, Role.HUB_OFFICER), case["reference"])
    [line] = lines(json_lines)
    assert line["operation"] == "CaseScreen"
    # One read of everything shown, and the consultation's audit entry (DPA 2018 s.62).
    assert line["neo4j_transactions"] == 2


async def test_a_screen_through_fragments_and_an_alias_is_still_one_read(
        client: httpx.AsyncClient, api_settings: ApiSettings, json_lines: io.StringIO
) -> None:
    case = await worked_case(client, api_settings)
    json_lines.truncate(0)
    json_lines.seek(0)
    response = await client.post("/graphql", headers=bearer(api_settings, Role.HUB_OFFICER),
                                 json={"query": SPREAD,
                                       "variables": {"reference": case["reference"]}})
    shown = response.json()["data"]["shown"]
    assert [h["toState"] for h in shown["history"]] == ["TRIAGED", "ASSESSED", "ALLOCATED"]
    assert shown["allocations"][0]["rule"] == "VICTIM_FORCE"
    assert [r["node"]["truevisionRef"] for r in shown["reports"]["edges"]] == [
        "TV-SCREEN-1", "TV-SCREEN-2"]
    [line] = lines(json_lines)
    assert line["neo4j_transactions"] == 2  # the one read, and the consultation's entry


PAGED_PEOPLE = """query PagedPeople($reference: String!) { case(reference: $reference) {
  reference accounts { handle }
  accountsConnection(first: 50) { totalCount edges { node { handle } } }
  suspectsConnection(first: 50) { totalCount } } }"""


async def test_a_screen_paging_the_case_people_is_still_one_read(
        client: httpx.AsyncClient, api_settings: ApiSettings, json_lines: io.StringIO
) -> None:
    case = await worked_case(client, api_settings)
    json_lines.truncate(0)
    json_lines.seek(0)
    response = await client.post(
        "/graphql", headers=bearer(api_settings, Role.HUB_OFFICER),
        json={"query": PAGED_PEOPLE, "variables": {"reference": case["reference"]}})
    body = response.json()
    assert "errors" not in body, body
    shown = body["data"]["case"]
    assert sorted(edge["node"]["handle"] for edge in shown["accountsConnection"]["edges"]) == \
        sorted(account["handle"] for account in shown["accounts"])
    [line] = lines(json_lines)
    assert line["neo4j_transactions"] == 2  # the one read, and the consultation's entry


async def test_a_list_of_cases_shows_the_same_parts(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    case = await worked_case(client, api_settings)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    shown = await screen(client, hub, case["reference"])
    assert shown is not None
    response = await client.post("/graphql", headers=hub, json={"query": LISTED})
    [listed] = [edge["node"] for edge in response.json()["data"]["cases"]["edges"]
                if edge["node"]["reference"] == case["reference"]]
    assert listed["allocations"] == [{k: a[k] for k in ("rule", "reason")}
                                     for a in shown["allocations"]]
    assert listed["history"] == [{"toState": h["toState"]} for h in shown["history"]]
    assert listed["victimUpdatesDue"] == [{k: u[k] for k in ("victimId", "due")}
                                          for u in shown["victimUpdatesDue"]]
    assert listed["nextVictimUpdateDue"] == shown["nextVictimUpdateDue"]
    assert listed["platformReferrals"] == [{k: r[k] for k in ("id", "status")}
                                           for r in shown["platformReferrals"]]
    assert listed["suspects"] == shown["suspects"]
    assert listed["reports"]["totalCount"] == shown["reports"]["totalCount"]


async def test_a_force_officer_sees_their_forces_case_and_nothing_of_another(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await worked_case(client, api_settings)
    await attribute(clean_graph, "suspect-1", ["@someone", "@someone_else"])
    leeds = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    london = bearer(api_settings, Role.FORCE_OFFICER, "metropolitan")

    assert await screen(client, london, case["reference"]) is None
    shown = await screen(client, leeds, case["reference"])
    assert shown is not None
    [suspect] = shown["suspects"]
    [own_account] = suspect["accountIds"]  # not the London case's account
    assert [a["id"] for a in shown["accounts"]] == [own_account]
    # A list is read by the loaders, under the same scope.
    response = await client.post("/graphql", headers=london, json={"query": LISTED})
    listed = [edge["node"] for edge in response.json()["data"]["cases"]["edges"]]
    assert [node["reference"] for node in listed] != []
    assert case["reference"] not in {node["reference"] for node in listed}
    assert all(node["suspects"] == [] or all(
        account != own_account for s in node["suspects"] for account in s["accountIds"])
        for node in listed)
    assert json.dumps(listed).count("@someone\"") == 0
