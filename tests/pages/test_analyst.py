"""The analyst page in a real Chromium with the network cut, on a hub that runs only trusted
documents (HUB_TRUSTED_ONLY=true): it finds an account or a suspect by handle, draws its network
with the vendored Cytoscape, filters what is drawn, exports it, charts the statistics, and shows
a force officer only their force's part."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import httpx
import networkx as nx
import pytest
from playwright.async_api import Page, expect

from api.app import create_app
from api.settings import ApiSettings
from api.trusted import MANIFEST
from casework.access import Role
from graph.driver import Graph
from graph.settings import PROJECT_ROOT, Neo4jSettings
from tests.support.intake import referral, submit
from tests.support.pages import Offline
from tests.support.servers import served_by_uvicorn
from tests.support.tokens import JUSTIFICATION, token

ARTIFACTS = PROJECT_ROOT / "var" / "test-artifacts"
# A fresh server plans its first network query slowly on a busy machine: the page says so when
# it is done, and waiting for that is not a measure of speed.
ANSWERED = 60_000
LEEDS = {"name": "Aisha Khan", "postcode": "LS6 2AB"}
LONDON = {"name": "Jo Bloggs", "postcode": "SE1 7PB"}
# What the filters leave drawn (they hide with the class `hidden`).
VISIBLE = "window.hubNetwork.nodes().not('.hidden').map(node => node.data('label'))"
ATTRIBUTED = """MATCH (a:Account {handleKey: 'haterone'})
OPTIONAL MATCH (a)-[old:ATTRIBUTED_TO]->() DELETE old
MERGE (p:Person:Suspect {id: 'suspect-hater'})
CREATE (a)-[:ATTRIBUTED_TO {probability: 0.7, at: datetime()}]->(p)"""
EDGES = "window.hubNetwork.edges().not('.hidden').map(edge => edge.data('record').kind)"


@pytest.fixture
def hub_url(clean_graph: Graph, development_settings: ApiSettings,
            neo4j_settings: Neo4jSettings) -> Iterator[str]:
    """The hub the page is opened on runs only trusted documents, as production may."""
    settings = development_settings.model_copy(update={"trusted_only": True})
    with served_by_uvicorn(create_app(settings, neo4j_settings)) as url:
        yield url


@pytest.fixture
def intake_url(clean_graph: Graph, development_settings: ApiSettings,
               neo4j_settings: Neo4jSettings) -> Iterator[str]:
    """The same graph through a hub taking any document, for the tests' own referrals."""
    with served_by_uvicorn(create_app(development_settings, neo4j_settings)) as url:
        yield url


@pytest.fixture
async def seeded(intake_url: str, development_settings: ApiSettings,
                 clean_graph: Graph) -> dict[str, Any]:
    """@hater_one targets a victim in West Yorkshire on 1 November and another in London on
    20 November, where @london_only posts too on 25 November; the linker has put @hater_one
    down to a suspect with a probability of 0.7."""
    async with httpx.AsyncClient(base_url=intake_url, timeout=60) as http:
        leeds = await submit(http, development_settings, referral(
            "TV-P1", suspectHandles=["@hater_one"], platform="x", contentText="first words",
            victim=LEEDS, receivedAt="2026-11-01T10:00:00+00:00"))
        london = await submit(http, development_settings, referral(
            "TV-P3", suspectHandles=["@hater_one"], platform="x", contentText="third words",
            contentUrls=["https://x.com/hater_one/status/1790000000000000042"],
            victim=LONDON, receivedAt="2026-11-20T10:00:00+00:00"))
        await submit(http, development_settings, referral(
            "TV-P4", suspectHandles=["@london_only"], platform="x", contentText="fourth",
            contentUrls=["https://x.com/london_only/status/1790000000000000043"],
            victim=LONDON, receivedAt="2026-11-25T10:00:00+00:00"))
    await clean_graph.write(lambda tx: tx.run(ATTRIBUTED))
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


async def draw(page: Page, search: str, found: str) -> list[str]:
    """Search, choose the result showing `found`, and the labels of the nodes drawn."""
    await page.fill("#justification", JUSTIFICATION)
    await page.fill("#search", search)
    await page.click("#search-form button")
    await page.locator("#results button", has_text=found).click()
    await expect(page.locator("#graph[data-nodes]")).to_be_attached(timeout=ANSWERED)
    labels: list[str] = await page.evaluate(
        "window.hubNetwork.nodes().map(node => node.data('label'))")
    return labels


async def registered_network(hub_url: str, bearer_token: str, around: str) -> dict[str, Any]:
    """The network as the page's own trusted document gives it, asked for by its id."""
    ids = {text.split("(")[0].split()[-1]: identifier
           for identifier, text in json.loads(MANIFEST.read_text()).items()}
    async with httpx.AsyncClient(base_url=hub_url, timeout=60) as http:
        answer = await http.post("/graphql", json={
            "documentId": ids["AnalystNetwork"], "variables": {"around": around, "depth": 2}},
            headers={"Authorization": f"Bearer {bearer_token}",
                     "X-Hub-Justification": JUSTIFICATION})
        free = await http.post("/graphql", json={"query": "{ forces { code } }"},
                               headers={"Authorization": f"Bearer {bearer_token}"})
    assert free.json()["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENT_REQUIRED"
    network: dict[str, Any] = answer.json()["data"]["network"]
    return network


async def test_an_analyst_draws_filters_and_exports_a_network_with_no_internet(
        offline: Offline, hub_url: str, development_settings: ApiSettings,
        seeded: dict[str, Any]) -> None:
    analyst = token(development_settings, Role.ANALYST)
    violations: list[str] = []
    page = await open_page(offline, hub_url, analyst, violations)
    assert await page.evaluate("sessionStorage.getItem('hub.analyst.token')") == analyst
    labels = await draw(page, "Hater", "@hater_one (x)")
    chosen = await page.evaluate("document.querySelector('#results button').dataset.id")
    network = await registered_network(hub_url, analyst, chosen)
    assert sorted(labels) == sorted(n["label"] for n in network["nodes"])  # all of it drawn
    assert {"@hater_one", "suspect-hater", "victim (masked)", seeded["leeds"],
            seeded["london"]} <= set(labels)
    assert await page.locator("#graph").get_attribute("data-nodes") == str(len(labels))
    details = page.locator("#details")
    await expect(details).to_contain_text("First seen")  # the chosen account, selected
    await expect(details).to_contain_text("2026-11-01")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=ARTIFACTS / "analyst.png")

    # The slider: the network as it stood on 10 November, before the London referrals.
    await page.fill("#as-of", "9")
    await expect(page.locator("#as-of-shown")).to_have_text("2026-11-10")
    then = await page.evaluate(VISIBLE)
    assert seeded["leeds"] in then
    assert "@hater_one" in then
    assert seeded["london"] not in then
    await page.screenshot(path=ARTIFACTS / "analyst-as-of.png")
    await page.fill("#as-of", await page.get_attribute("#as-of", "max") or "")
    assert sorted(await page.evaluate(VISIBLE)) == sorted(labels)
    # Dates: only what was still seen from 15 November.
    await page.fill("#seen-from", "2026-11-15")
    later = await page.evaluate(VISIBLE)
    assert seeded["london"] in later
    assert "@hater_one" in later
    assert seeded["leeds"] not in later
    await page.fill("#seen-from", "")
    # Edge kinds: without TARGETED, the victims have nothing left to show them by.
    await page.locator("#edge-kinds label", has_text="TARGETED").locator("input").uncheck()
    assert "victim (masked)" not in await page.evaluate(VISIBLE)
    await page.locator("#edge-kinds label", has_text="TARGETED").locator("input").check()
    # Confidence: the linker's 0.7 for the suspect is below a minimum of 0.8.
    await page.fill("#min-score", "0.8")
    await expect(page.locator("#min-score-shown")).to_have_text("0.80")
    assert "ATTRIBUTED_TO" not in await page.evaluate(EDGES)
    assert "suspect-hater" not in await page.evaluate(VISIBLE)
    await page.fill("#min-score", "0.5")
    assert "ATTRIBUTED_TO" in await page.evaluate(EDGES)
    assert sorted(await page.evaluate(VISIBLE)) == sorted(labels)

    # Communities by colour, and the legend saying which is which.
    await page.select_option("#colour-by", "community")
    await expect(page.locator("#legend")).to_contain_text("community 0")
    colours = await page.evaluate("window.hubNetwork.nodes().map(node => node.data('colour'))")
    communities = {n["community"] for n in network["nodes"]}
    assert len(set(colours)) == len(communities)

    # Exports: the files the API made, named by global ids and labelled readably.
    async with page.expect_download() as graphml_download:
        await page.click("#export-graphml")
    graphml = await (await graphml_download.value).path()
    exported = nx.read_graphml(io.BytesIO(graphml.read_bytes()))
    assert set(exported.nodes) == {n["id"] for n in network["nodes"]}
    assert nx.get_node_attributes(exported, "label")[chosen] == "@hater_one"
    async with page.expect_download() as cytoscape_download:
        await page.click("#export-cytoscape")
    assert (await cytoscape_download.value).suggested_filename == "network-_hater_one.cyjs"
    elements = json.loads((await (await cytoscape_download.value).path()).read_text())
    assert {n["data"]["id"]: n["data"]["name"] for n in elements["elements"]["nodes"]} == {
        n["id"]: n["label"] for n in network["nodes"]}

    # Suspects are found by any of their handles.
    await page.select_option("#search-kind", "suspect")
    await page.click("#search-form button")
    await expect(page.locator("#results button").first).to_contain_text("Suspect: @hater_one")

    # The statistics, charted: every force's referrals for a hub analyst.
    await page.click("#views button[data-view='statistics-view']")
    await expect(page.locator("#charts[data-drawn]")).to_be_attached(timeout=ANSWERED)
    await expect(page.locator("#statistics-status")).to_have_text("3 referrals.")
    assert await page.get_attribute("#chart-forces", "data-keys") == \
        "metropolitan,west-yorkshire"
    assert await page.get_attribute("#chart-months", "data-keys") == "2026-11-01"
    await expect(page.locator("#chart-months .chart-label")).to_have_text(["2026-11"])
    assert await page.locator("#chart-platforms rect").count() == 1
    await page.screenshot(path=ARTIFACTS / "analyst-statistics.png")
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
    await page.click("#views button[data-view='statistics-view']")
    await expect(page.locator("#statistics-status")).to_have_text("1 referral.",
                                                                   timeout=ANSWERED)
    assert await page.get_attribute("#chart-forces", "data-keys") == "west-yorkshire"
    await page.screenshot(path=ARTIFACTS / "analyst-statistics-force-officer.png")
