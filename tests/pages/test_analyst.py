"""The analyst page in a real Chromium with the network cut: it finds an account by handle, draws
its network with the vendored Cytoscape, and shows a force officer only their force's part."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.async_api import Page, expect

from api.settings import ApiSettings
from casework.access import Role
from graph.settings import PROJECT_ROOT
from tests.api.test_intake import referral, submit
from tests.conftest import JUSTIFICATION, token
from tests.graphql import gql
from tests.pages.conftest import Offline

ARTIFACTS = PROJECT_ROOT / "var" / "test-artifacts"
# A fresh server plans its first network query slowly on a busy machine: the page says so when
# it is done, and waiting for that is not a measure of speed.
ANSWERED = 60_000
NETWORK = """query($around: ID!) { network(around: $around, depth: 2, first: 200) {
  nodes { id label } } }"""
LEEDS = {"name": "Aisha Khan", "postcode": "LS6 2AB"}
LONDON = {"name": "Jo Bloggs", "postcode": "SE1 7PB"}


@pytest.fixture
async def seeded(hub_url: str, development_settings: ApiSettings) -> dict[str, Any]:
    """@hater_one targets a victim in West Yorkshire and another in London, where @london_only
    posts too."""
    async with httpx.AsyncClient(base_url=hub_url, timeout=60) as http:
        leeds = await submit(http, development_settings, referral(
            "TV-P1", suspectHandles=["@hater_one"], platform="x", contentText="first words",
            victim=LEEDS))
        london = await submit(http, development_settings, referral(
            "TV-P3", suspectHandles=["@hater_one"], platform="x", contentText="third words",
            contentUrls=["https://x.com/hater_one/status/1790000000000000042"],
            victim=LONDON))
        await submit(http, development_settings, referral(
            "TV-P4", suspectHandles=["@london_only"], platform="x", contentText="fourth",
            contentUrls=["https://x.com/london_only/status/1790000000000000043"],
            victim=LONDON))
    return {"leeds": leeds["case"]["reference"], "london": london["case"]["reference"]}


async def open_page(offline: Offline, hub_url: str, bearer_token: str,
                    violations: list[str]) -> Page:
    page = await offline.context.new_page()
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    await page.goto(f"{hub_url}/analyst")
    await expect(page.locator("#search")).to_be_disabled()  # nothing to search without a token
    await page.fill("#token", bearer_token)
    await page.click("#token-form button")
    await expect(page.locator("#search")).to_be_enabled()
    return page


async def draw(page: Page, search: str, account: str) -> list[str]:
    """Search, choose `account` among the results, and the labels of the nodes drawn."""
    await page.fill("#justification", JUSTIFICATION)
    await page.fill("#search", search)
    await page.click("#search-form button")
    await page.locator("#results button", has_text=account).click()
    await expect(page.locator("#graph[data-nodes]")).to_be_attached(timeout=ANSWERED)
    labels: list[str] = await page.evaluate(
        "window.hubNetwork.nodes().map(node => node.data('label'))")
    return labels


async def test_an_analyst_finds_a_handle_and_draws_its_network_with_no_internet(
        offline: Offline, hub_url: str, development_settings: ApiSettings,
        seeded: dict[str, Any]) -> None:
    analyst = token(development_settings, Role.ANALYST)
    violations: list[str] = []
    page = await open_page(offline, hub_url, analyst, violations)
    assert await page.evaluate("sessionStorage.getItem('hub.analyst.token')") == analyst
    labels = await draw(page, "Hater", "@hater_one (x)")
    chosen = await page.evaluate("document.querySelector('#results button').dataset.id")
    async with httpx.AsyncClient(base_url=hub_url, timeout=60) as http:
        network = (await gql(http, NETWORK, {"Authorization": f"Bearer {analyst}",
                                                  "X-Hub-Justification": JUSTIFICATION},
                             around=chosen))["data"]["network"]
    assert sorted(labels) == sorted(n["label"] for n in network["nodes"])  # all of it drawn
    assert {"@hater_one", "victim (masked)", seeded["leeds"], seeded["london"]} <= set(labels)
    assert await page.locator("#graph").get_attribute("data-nodes") == str(len(labels))
    details = page.locator("#details")
    await expect(details).to_contain_text("First seen")  # the chosen account, selected
    await expect(details).to_contain_text("2026-11-20")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=ARTIFACTS / "analyst.png")
    await page.select_option("#depth", "1")
    await expect(page.locator("#graph")).not_to_have_attribute(
        "data-nodes", str(len(labels)), timeout=ANSWERED)
    nearer = await page.evaluate("window.hubNetwork.nodes().map(node => node.data('label'))")
    assert "victim (masked)" not in nearer  # two steps away: beyond depth 1
    assert seeded["london"] in nearer
    assert analyst not in page.url
    assert offline.blocked == []  # it asked for nothing outside the hub
    assert violations == []  # and broke none of its own policy


async def test_a_force_officer_sees_only_their_forces_part(
        offline: Offline, hub_url: str, development_settings: ApiSettings,
        seeded: dict[str, Any]) -> None:
    officer = token(development_settings, Role.FORCE_OFFICER, "west-yorkshire")
    page = await open_page(offline, hub_url, officer, [])
    labels = await draw(page, "hater", "@hater_one (x)")
    assert seeded["leeds"] in labels
    assert "victim (masked)" not in labels  # a force officer may see victims...
    assert "Aisha Khan" in labels  # ...their own force's, named
    assert "Jo Bloggs" not in labels
    assert seeded["london"] not in labels
    await page.fill("#justification", JUSTIFICATION)
    await page.fill("#search", "london")
    await page.click("#search-form button")
    await expect(page.locator("#status")).to_have_text("No account found.", timeout=ANSWERED)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=ARTIFACTS / "analyst-force-officer.png")
