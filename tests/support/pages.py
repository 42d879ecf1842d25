"""A browser context kept offline: requests to any host but the hub's are refused and noted."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.async_api import BrowserContext, Route


class Offline:
    """A browser context that aborts every request to a host other than the hub's."""

    def __init__(self, context: BrowserContext, host: str) -> None:
        self.context = context
        self.host = host
        self.blocked: list[str] = []

    async def route(self, route: Route) -> None:
        if urlsplit(route.request.url).netloc == self.host:
            await route.continue_()
        else:
            self.blocked.append(route.request.url)
            await route.abort("internetdisconnected")
