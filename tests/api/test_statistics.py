"""Statistics: counts, surges and delays, never counting another force's cases."""

from __future__ import annotations

import httpx

from api.settings import ApiSettings
from casework.access import Role
from casework.trends import percentile, surges
from tests.api.test_access import two_forces_cases
from tests.api.test_intake import referral, submit
from tests.conftest import bearer
from tests.graphql import gql

BY_FORCE = "query { statistics(by: FORCE) { key reports cases } }"


def test_percentiles_and_surges_are_computed_as_documented() -> None:
    assert percentile([], 0.5) is None
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.0
    assert percentile([5.0, 1.0, 3.0], 0.9) == 5.0
    found = surges([("2026-11-01", 10), ("2026-11-02", 45), ("2026-11-03", 50)])
    assert [(s.day, s.reports, s.previous) for s in found] == [("2026-11-02", 45, 10)]


async def test_a_force_officer_counts_only_their_own_cases(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    await two_forces_cases(client, api_settings)
    hub = (await gql(client, BY_FORCE, bearer(api_settings, Role.HUB_OFFICER)))["data"]
    assert {b["key"] for b in hub["statistics"]} == {"west-yorkshire", "metropolitan"}
    officer = bearer(api_settings, Role.FORCE_OFFICER, "west-yorkshire")
    own = (await gql(client, BY_FORCE, officer))["data"]["statistics"]
    assert own == [{"key": "west-yorkshire", "reports": 1, "cases": 1}]
    strands = (await gql(client, "query { statistics(by: STRAND) { key reports } }",
                         officer))["data"]["statistics"]
    assert sum(b["reports"] for b in strands) == 2  # RELIGION and RACE of the one referral


async def test_mass_reporting_of_one_item_raises_an_alert(
        client: httpx.AsyncClient, api_settings: ApiSettings) -> None:
    for n in range(52):
        await submit(client, api_settings, referral(f"TV-MASS-{n:03d}"))
    alerts = (await gql(client, "query { alerts { kind reports detail } }",
                        bearer(api_settings, Role.HUB_OFFICER)))["data"]["alerts"]
    assert [a["kind"] for a in alerts] == ["ONE_ITEM_MASS_REPORTING"]
    assert alerts[0]["reports"] == 52
    assert alerts[0]["detail"].startswith("x:post:1790000000000000001")
