"""Handing a case over: overrides with their reasons, the transfer hand-shake answered only by
the force offered the case, and what the victims are owed and told meanwhile."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.handover import (
    PREFER,
    PREFERENCES,
    PROPOSE,
    TRANSFER,
    allocated_to_merseyside,
    proposed,
    victim_of,
)
from tests.support.tokens import bearer
from tests.support.workflow import (
    ALLOCATE,
    ASSESS,
    CRIME,
    NO,
    TRIAGE,
    UPDATE,
    let_clocks_run_out,
    mutate,
    received,
)

OVERRIDE = """mutation($i: OverrideAllocationInput!) { overrideAllocation(input: $i) {
  allocation { forceCode rule reason by } case { forceCode status
  allocations { forceCode rule reason by } } userErrors { field code } } }"""
ACCEPT = ("mutation($i: AcceptTransferInput!) { acceptTransfer(input: $i) {"
          f" transfer {{ {TRANSFER} }} userErrors {{ field code }} }} }}")
DISPUTE = ("mutation($i: DisputeTransferInput!) { disputeTransfer(input: $i) {"
           f" transfer {{ {TRANSFER} }} userErrors {{ field code }} }} }}")
RESOLVE = ("mutation($i: ResolveTransferDisputeInput!) { resolveTransferDispute(input: $i) {"
           f" transfer {{ {TRANSFER} }} userErrors {{ field code }} }} }}")
AWAITING = f"query {{ transfersAwaiting {{ {TRANSFER} }} }}"
TRANSFERS = f"query($c: ID!) {{ transfers(caseId: $c) {{ {TRANSFER} }} }}"
EXPLAIN = """mutation($i: ExplainNoActionInput!) { explainNoAction(input: $i) {
  explanations { victimId reason channel subject body support clocksMet }
  userErrors { field code } } }"""
OVERDUE = "query { overdueVictimUpdates { caseReference victimId trigger } }"
PHANTOM_TRANSFER = "00000000-0000-4000-8000-000000000000"


async def test_an_override_is_kept_with_its_reason_beside_the_earlier_allocations(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await allocated_to_merseyside(client, api_settings)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    reason = "the suspect has moved to Preston, confirmed by Lancashire's intelligence unit"
    overridden = await mutate(client, hub, OVERRIDE, caseId=case["id"], forceCode="lancashire",
                              reason=reason)
    assert overridden["userErrors"] == []
    assert overridden["allocation"] == {"forceCode": "lancashire", "rule": "OVERRIDE",
                                        "reason": reason, "by": "test-hub_officer"}
    assert overridden["case"]["forceCode"] == "lancashire"
    assert overridden["case"]["status"] == "ALLOCATED"
    history = overridden["case"]["allocations"]  # newest first
    assert [(a["forceCode"], a["rule"]) for a in history] == [
        ("lancashire", "OVERRIDE"), ("merseyside", "SUSPECT_LOCATED"),
        ("west-yorkshire", "VICTIM_FORCE")]
    previous = await clean_graph.rows(
        "MATCH (:Case {reference: $r})-[:HAS_ALLOCATION]->(a {rule: 'OVERRIDE'}) "
        "RETURN a.previousForce AS f", r=case["reference"])
    assert previous == [{"f": "merseyside"}]
    lancashire = bearer(api_settings, Role.FORCE_OFFICER, "lancashire")
    read = "query($r: String!) { case(reference: $r) { forceCode } }"
    assert (await gql(client, read, lancashire, r=case["reference"]))["data"]["case"] == {
        "forceCode": "lancashire"}


async def test_an_override_needs_a_reason_a_real_force_and_a_change(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await allocated_to_merseyside(client, api_settings)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    thin = await mutate(client, hub, OVERRIDE, caseId=case["id"], forceCode="lancashire",
                        reason="moved")
    assert thin["userErrors"] == [{"field": ["input", "reason"], "code": "REASON_REQUIRED"}]
    unknown = await mutate(client, hub, OVERRIDE, caseId=case["id"], forceCode="atlantis",
                           reason="the suspect lives under the sea, we are told")
    assert unknown["userErrors"] == [{"field": ["input", "forceCode"], "code": "UNKNOWN_FORCE"}]
    same = await mutate(client, hub, OVERRIDE, caseId=case["id"], forceCode="merseyside",
                        reason="confirming the rules' choice for the record")
    assert same["userErrors"] == [{"field": ["input", "forceCode"], "code": "SAME_FORCE"}]
    force_officer = bearer(api_settings, Role.FORCE_OFFICER, "merseyside")
    body = await gql(client, OVERRIDE, force_officer, i={
        "caseId": case["id"], "forceCode": "lancashire", "reason": "not ours, try Lancashire"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await clean_graph.rows("MATCH (a:Allocation {rule: 'OVERRIDE'}) "
                                  "RETURN count(a) AS n") == [{"n": 0}]


async def test_only_the_receiving_force_accepts_and_the_update_duty_moves_with_the_case(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await allocated_to_merseyside(client, api_settings)
    transfer = await proposed(client, api_settings, case)
    assert transfer["state"] == "PROPOSED"
    assert (transfer["fromForceCode"], transfer["toForceCode"]) == ("HUB", "merseyside")
    assert transfer["sendingReference"] == case["reference"]
    assert transfer["victimUpdateOwner"] == "HUB"
    assert "Merseyside" in transfer["reason"]

    merseyside = bearer(api_settings, Role.FORCE_OFFICER, "merseyside")
    leeds = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    waiting = (await gql(client, AWAITING, merseyside))["data"]["transfersAwaiting"]
    assert [t["id"] for t in waiting] == [transfer["id"]]
    assert waiting[0]["case"]["decision"] == "CRIME"
    assert waiting[0]["case"]["offences"] == ["POA1986-s4A"]
    assert (await gql(client, AWAITING, leeds))["data"]["transfersAwaiting"] == []

    # Another force is answered exactly as for a transfer that does not exist.
    theirs = await mutate(client, leeds, ACCEPT, transferId=transfer["id"],
                          receivingReference="WY-1")
    nowhere = await mutate(client, leeds, ACCEPT, transferId=PHANTOM_TRANSFER,
                           receivingReference="WY-1")
    assert theirs == nowhere == {"transfer": None, "userErrors": [
        {"field": ["input", "transferId"], "code": "NOT_FOUND"}]}
    without = await mutate(client, merseyside, ACCEPT, transferId=transfer["id"],
                           receivingReference=" ")
    assert without["userErrors"] == [{"field": ["input", "receivingReference"],
                                      "code": "REFERENCE_REQUIRED"}]

    accepted = await mutate(client, merseyside, ACCEPT, transferId=transfer["id"],
                            receivingReference="MER-2026-0042")
    assert accepted["userErrors"] == []
    assert accepted["transfer"]["state"] == "ACCEPTED"
    assert accepted["transfer"]["receivingReference"] == "MER-2026-0042"
    assert accepted["transfer"]["sendingReference"] == case["reference"]
    assert accepted["transfer"]["victimUpdateOwner"] == "merseyside"
    assert accepted["transfer"]["case"]["status"] == "WITH_FORCE"
    assert (await gql(client, AWAITING, merseyside))["data"]["transfersAwaiting"] == []
    again = await mutate(client, merseyside, ACCEPT, transferId=transfer["id"],
                         receivingReference="MER-2026-0042")
    assert again["userErrors"] == [{"field": ["input"], "code": "FORBIDDEN_TRANSITION"}]
    # The victims are owed the news that the force has the case.
    owed = await clean_graph.rows(
        "MATCH (:Case {reference: $r})-[:OWES_UPDATE]->(k {trigger: 'TRANSFER_ACCEPTED'}) "
        "RETURN count(k) AS n", r=case["reference"])
    assert owed == [{"n": 1}]
    history = await gql(client, TRANSFERS, merseyside, c=case["id"])
    assert [t["state"] for t in history["data"]["transfers"]] == ["ACCEPTED"]
    assert (await gql(client, TRANSFERS, leeds, c=case["id"]))["data"]["transfers"] is None


async def test_a_disputed_transfer_goes_to_the_registrar_and_the_hub_records_the_outcome(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await allocated_to_merseyside(client, api_settings)
    transfer = await proposed(client, api_settings, case)
    merseyside = bearer(api_settings, Role.FORCE_OFFICER, "merseyside")
    hub = bearer(api_settings, Role.HUB_OFFICER)
    disputed = await mutate(client, merseyside, DISPUTE, transferId=transfer["id"],
                            reason="the suspect left Merseyside in 2024; we hold no address")
    assert disputed["userErrors"] == []
    assert disputed["transfer"]["state"] == "DISPUTED"
    assert disputed["transfer"]["escalatedTo"] == "FORCE_CRIME_REGISTRAR"
    assert disputed["transfer"]["victimUpdateOwner"] == "HUB"
    body = await gql(client, RESOLVE, merseyside, i={
        "transferId": transfer["id"], "upheld": False, "reason": "we decide our own disputes"})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    blocked = await mutate(client, hub, OVERRIDE, caseId=case["id"], forceCode="lancashire",
                           reason="the suspect lives in Preston now, say Merseyside")
    assert blocked["userErrors"] == [{"field": ["input", "caseId"], "code": "TRANSFER_OPEN"}]

    stands = await mutate(client, hub, RESOLVE, transferId=transfer["id"], upheld=True,
                          reason="the registrar found the suspect's address current")
    assert stands["userErrors"] == [{"field": ["input", "receivingReference"],
                                     "code": "REFERENCE_REQUIRED"}]
    resolved = await mutate(client, hub, RESOLVE, transferId=transfer["id"], upheld=True,
                            receivingReference="MER-2026-0043",
                            reason="the registrar found the suspect's address current")
    assert resolved["userErrors"] == []
    assert resolved["transfer"]["state"] == "ACCEPTED"
    assert resolved["transfer"]["resolvedBy"] == "test-hub_officer"
    assert resolved["transfer"]["victimUpdateOwner"] == "merseyside"
    assert resolved["transfer"]["case"]["status"] == "WITH_FORCE"


async def test_a_withdrawn_transfer_leaves_the_case_with_the_hub_to_reallocate(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await allocated_to_merseyside(client, api_settings)
    transfer = await proposed(client, api_settings, case)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, hub, DISPUTE, transferId=transfer["id"],
                 reason="Merseyside telephoned: the suspect moved to Preston")
    withdrawn = await mutate(client, hub, RESOLVE, transferId=transfer["id"], upheld=False,
                             reason="the registrar agreed the suspect is in Lancashire")
    assert withdrawn["transfer"]["state"] == "WITHDRAWN"
    assert withdrawn["transfer"]["victimUpdateOwner"] == "HUB"
    assert withdrawn["transfer"]["case"]["status"] == "ALLOCATED"
    moved = await mutate(client, hub, OVERRIDE, caseId=case["id"], forceCode="lancashire",
                         reason="the registrar agreed the suspect is in Lancashire")
    assert moved["userErrors"] == []
    again = await proposed(client, api_settings, case)
    assert again["toForceCode"] == "lancashire"


async def test_only_an_allocated_case_is_offered_and_only_once_at_a_time(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    early = await mutate(client, hub, PROPOSE, caseId=case["id"])
    assert early["userErrors"] == [{"field": ["input", "caseId"], "code": "NOT_ALLOCATED"}]
    await mutate(client, hub, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, hub, ASSESS, caseId=case["id"], **CRIME)
    await mutate(client, hub, ALLOCATE, caseId=case["id"], suspectIdentified=True,
                 suspectForceCode="merseyside")
    await proposed(client, api_settings, case)
    twice = await mutate(client, hub, PROPOSE, caseId=case["id"], sendingReference="HUB-X")
    assert twice["userErrors"] == [{"field": ["input", "caseId"], "code": "TRANSFER_OPEN"}]


async def test_preferences_are_kept_only_for_the_cases_own_victims(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    victim = await victim_of(client, api_settings, case)
    stranger = await mutate(client, hub, PREFER, caseId=case["id"],
                            victimId="victim-of-another-case", channel="EMAIL")
    assert stranger == {"preference": None, "userErrors": [
        {"field": ["input", "victimId"], "code": "NOT_A_VICTIM_OF_CASE"}]}
    zero = await mutate(client, hub, PREFER, caseId=case["id"], victimId=victim,
                        channel="EMAIL", frequencyDays=0)
    assert zero["userErrors"] == [{"field": ["input", "frequencyDays"],
                                   "code": "INVALID_FREQUENCY"}]
    agreed = await mutate(client, hub, PREFER, caseId=case["id"], victimId=victim,
                          channel="TELEPHONE", frequencyDays=10)
    assert agreed["userErrors"] == []
    assert agreed["preference"]["channel"] == "TELEPHONE"
    assert agreed["preference"]["nextUpdateDue"] is not None
    listed = (await gql(client, PREFERENCES, hub, c=case["id"]))["data"]["victimPreferences"]
    assert [(v["victimId"], v["channel"], v["frequencyDays"]) for v in listed] == [
        (victim, "TELEPHONE", 10)]
    metropolitan = bearer(api_settings, Role.FORCE_OFFICER, "metropolitan")
    assert (await gql(client, PREFERENCES, metropolitan, c=case["id"]))["data"][
        "victimPreferences"] is None
    by_email = await mutate(client, hub, UPDATE, caseId=case["id"], victimId=victim,
                            channel="EMAIL", summary="Your case is being assessed.")
    assert by_email["userErrors"] == [{"field": ["input", "preferenceUnmetReason"],
                                       "code": "REASON_REQUIRED"}]
    explained = await mutate(client, hub, UPDATE, caseId=case["id"], victimId=victim,
                             channel="EMAIL", summary="Your case is being assessed.",
                             preferenceUnmetReason="no answer on the telephone twice today")
    assert explained["userErrors"] == []


async def test_a_no_action_letter_signposts_support_and_meets_the_update_owed(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await received(client, api_settings)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    await mutate(client, hub, TRIAGE, caseId=case["id"], **NO)
    await mutate(client, hub, ASSESS, caseId=case["id"], **CRIME)
    await mutate(client, hub, ALLOCATE, caseId=case["id"], suspectAbroad=True)
    victim = await victim_of(client, api_settings, case)
    await let_clocks_run_out(clean_graph, case["reference"])
    assert len((await gql(client, OVERDUE, hub))["data"]["overdueVictimUpdates"]) == 1

    unsaid = await mutate(client, hub, EXPLAIN, caseId=case["id"], reason="SUSPECT_ABROAD")
    assert unsaid["userErrors"] == [{"field": ["input", "channel"], "code": "CHANNEL_REQUIRED"}]
    await mutate(client, hub, PREFER, caseId=case["id"], victimId=victim, channel="LETTER")
    other_way = await mutate(client, hub, EXPLAIN, caseId=case["id"], reason="SUSPECT_ABROAD",
                             channel="EMAIL")
    assert other_way["userErrors"] == [{"field": ["input", "preferenceUnmetReason"],
                                        "code": "REASON_REQUIRED"}]
    stranger = await mutate(client, hub, EXPLAIN, caseId=case["id"], reason="SUSPECT_ABROAD",
                            victimId="victim-of-another-case")
    assert stranger["userErrors"] == [{"field": ["input", "victimId"],
                                       "code": "NOT_A_VICTIM_OF_CASE"}]

    told = await mutate(client, hub, EXPLAIN, caseId=case["id"], reason="SUSPECT_ABROAD")
    assert told["userErrors"] == []
    (letter,) = told["explanations"]
    assert (letter["victimId"], letter["channel"], letter["clocksMet"]) == (victim, "LETTER", 1)
    assert case["reference"] in letter["subject"]
    assert "outside the United Kingdom" in letter["body"]
    # Religion was perceived: faith-based services are signposted, LGBT+ ones are not.
    assert {"Victim Support", "Tell MAMA"} <= set(letter["support"])
    assert "Galop" not in letter["support"]
    assert "https://tellmamauk.org" in letter["body"]
    assert (await gql(client, OVERDUE, hub))["data"]["overdueVictimUpdates"] == []
    stored = await clean_graph.rows(
        "MATCH (:Case {reference: $r})-[:GAVE_UPDATE]->(u:VictimUpdate {kind: 'EXPLANATION'}) "
        "RETURN u.reason AS reason, u.body AS body", r=case["reference"])
    assert stored == [{"reason": "SUSPECT_ABROAD", "body": letter["body"]}]
    audited = await clean_graph.rows(
        "MATCH (e:AuditEvent {action: 'ALTERATION'}) WHERE $r IN e.targets "
        "AND e.justification STARTS WITH 'no-action explanation' RETURN count(e) AS n",
        r=case["reference"])
    assert audited == [{"n": 1}]
