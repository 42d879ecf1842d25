"""A case screen shows the case's transfers and its victims' agreed updates with the case, in the
same one query (and a list of cases through the loaders), so no per-case root field is needed;
a force officer of another force sees neither."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.handover import PREFER, allocated_to_merseyside, proposed, victim_of
from tests.support.tokens import bearer
from tests.support.workflow import mutate

PARTS = """transfers { id state fromForce { code } toForce { code name } reason
                       case { reference } }
           victimPreferences { victimId channel frequencyDays nextUpdateDue }"""
SCREEN = f"query($r: String!) {{ case(reference: $r) {{ reference {PARTS} }} }}"
LISTED = f"query {{ cases(first: 5) {{ edges {{ node {{ reference {PARTS} }} }} }} }}"


async def test_a_case_shows_its_transfers_and_victims_agreed_updates_with_it(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    case = await allocated_to_merseyside(client, api_settings)
    transfer = await proposed(client, api_settings, case)
    hub = bearer(api_settings, Role.HUB_OFFICER)
    victim = await victim_of(client, api_settings, case)
    agreed = await mutate(client, hub, PREFER, caseId=case["id"], victimId=victim,
                          channel="EMAIL", frequencyDays=20)
    assert agreed["userErrors"] == []

    shown = (await gql(client, SCREEN, hub, r=case["reference"]))["data"]["case"]
    listed = (await gql(client, LISTED, hub))["data"]["cases"]["edges"][0]["node"]
    assert shown == listed  # read with the case, or through the loaders: the same
    assert shown["transfers"] == [{
        "id": transfer["id"], "state": "PROPOSED", "fromForce": None,
        "toForce": {"code": "merseyside", "name": "Merseyside Police"},
        "reason": transfer["reason"], "case": {"reference": case["reference"]}}]
    (preference,) = shown["victimPreferences"]
    assert (preference["victimId"], preference["channel"], preference["frequencyDays"]) == (
        victim, "EMAIL", 20)
    assert preference["nextUpdateDue"] is not None

    elsewhere = bearer(api_settings, Role.FORCE_OFFICER, "lancashire")
    assert (await gql(client, SCREEN, elsewhere, r=case["reference"]))["data"]["case"] is None
    assert (await gql(client, LISTED, elsewhere))["data"]["cases"]["edges"] == []
