"""GraphiQL works with the network cut: its libraries come from the app, byte for byte the ones
strawberry's page names, and a query run in a real Chromium shows its answer."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import quote, urlencode

import httpx
from playwright.async_api import Browser, expect

from api.graphiql import ASSETS_PATH
from api.settings import ApiSettings
from casework.access import Role
from graph.settings import PROJECT_ROOT
from tests.support.pages import Offline
from tests.support.tokens import token

ARTIFACTS = PROJECT_ROOT / "var" / "test-artifacts"
LOADED = re.compile(r'(?:src|href)="([^"]+)"\s+integrity="(sha384-[^"]+)"')


async def test_page_loads_every_library_from_the_app_as_strawberry_pinned_it(
        hub_url: str) -> None:
    async with httpx.AsyncClient(base_url=hub_url) as http:
        page = (await http.get("/graphql", headers={"Accept": "text/html"})).text
        loaded = LOADED.findall(page)
        assert len(loaded) == 7  # react, react-dom, js-cookie, graphiql (2), explorer (2)
        assert "https://" not in page
        for address, integrity in loaded:
            assert address.startswith(f"{ASSETS_PATH}/")
            served = await http.get(address)
            assert served.status_code == 200
            digest = base64.b64encode(hashlib.sha384(served.content).digest()).decode()
            assert integrity == f"sha384-{digest}", address


async def test_graphiql_runs_a_query_with_no_internet(
        offline: Offline, hub_url: str, development_settings: ApiSettings) -> None:
    headers = f'{{"Authorization": "Bearer {token(development_settings, Role.HUB_OFFICER)}"}}'
    page = await offline.context.new_page()
    failures: list[str] = []
    page.on("requestfailed", lambda request: failures.append(request.url))
    await page.goto(f"{hub_url}/graphql?"
                    + urlencode({"q": "{ forces { code name } }", "headers": headers},
                                            quote_via=quote))
    await page.locator(".graphiql-execute-button").click()
    response = page.locator(".graphiql-response")
    await expect(response).to_contain_text('"code": "avon-and-somerset"')
    await expect(response).to_contain_text("Avon and Somerset Constabulary")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=ARTIFACTS / "graphiql.png")
    assert offline.blocked == []  # it asked for nothing outside the hub
    assert failures == []


async def test_another_host_is_unreachable_from_the_test_browser(
        offline: Offline, browser: Browser) -> None:
    """The cut is real: a page that does load from a CDN gets nothing."""
    page = await offline.context.new_page()
    await page.set_content('<script src="https://unpkg.com/react@18.2.0/umd/'
                           'react.production.min.js"></script>')
    assert await page.evaluate("typeof React") == "undefined"
    assert offline.blocked == ["https://unpkg.com/react@18.2.0/umd/react.production.min.js"]
