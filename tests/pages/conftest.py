"""A real uvicorn serving the development app, and a headless Chromium that may reach only it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, async_playwright

from api.app import create_app
from api.settings import ApiSettings
from graph.driver import Graph
from graph.settings import Neo4jSettings
from tests.pages.chromium import unpacked
from tests.support.pages import Offline
from tests.support.servers import served_by_uvicorn


@pytest.fixture(scope="session")
def development_settings(nats_url: str) -> ApiSettings:
    # As tests/conftest.py's api_settings: a server planning its first queries on a busy
    # machine must not be cut off by the request deadline (tested on its own).
    return ApiSettings(env="development", nats_url=nats_url, request_deadline=120)


@pytest.fixture
def hub_url(clean_graph: Graph, development_settings: ApiSettings,
            neo4j_settings: Neo4jSettings) -> Iterator[str]:
    with served_by_uvicorn(create_app(development_settings, neo4j_settings)) as url:
        yield url


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    chromium = await asyncio.to_thread(unpacked)
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=chromium.executable, headless=True, env=chromium.env)
        yield launched
        await launched.close()


@pytest.fixture
async def offline(browser: Browser, hub_url: str) -> AsyncIterator[Offline]:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    cut = Offline(context, urlsplit(hub_url).netloc)
    await context.route("**/*", cut.route)
    try:
        yield cut
    finally:
        await context.close()
