"""Short links (`vm.tiktok.com/…`, `fb.watch/…`, `t.co/…`): which post they lead to, if asked.

A short link's code says nothing about its post, so without the network it is a key of its own
(`linking.urls`, kind `short`): equal to the same short link, never proven different from a post.
Where a resolver is on, the linker also gets the post's own key and a short link joins its post
on that alone. Off by default (`HUB_SHORT_LINKS_RESOLVE`): asking a platform where a link leads
tells it someone is looking, which an investigation may not want, and it needs the network.

`HttpShortLinks` asks the platform: HEAD (GET where HEAD is refused), redirects read one at a
time and followed only while they stay on the short link's platform, a timeout per request and
a cache of answers. `RecordedShortLinks` answers from a mapping recorded beforehand (tests, and
replays of files whose links were resolved once).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import httpx
from pydantic_settings import BaseSettings, SettingsConfigDict

from linking.platforms import platform_from_host
from linking.urls import SHORT, ContentKey, canonical_content


class ShortLinkResolver(Protocol):
    """Anything that can say which content a short link leads to."""

    def resolve(self, url: str) -> ContentKey | None:
        """The content key of the post `url` leads to, or None when unknown."""


class ShortLinkSettings(BaseSettings):
    """`HUB_SHORT_LINKS_RESOLVE=true` turns resolving on; the rest bound what it may cost."""

    model_config = SettingsConfigDict(env_prefix="HUB_SHORT_LINKS_", extra="ignore")

    resolve: bool = False
    timeout: float = 3.0          # seconds per request
    max_hops: int = 5             # redirects followed, all on the short link's platform
    cache: int = 50_000           # answers kept per process
    user_agent: str = "hub-short-links/1"


def short_link_resolver(settings: ShortLinkSettings | None = None) -> ShortLinkResolver | None:
    """The configured resolver, or None when resolving is off (the default)."""
    settings = settings or ShortLinkSettings()
    return HttpShortLinks(settings) if settings.resolve else None


def short_key(url: str) -> ContentKey | None:
    """The URL's key when it is a short link, else None."""
    key = canonical_content(url)
    return key if key is not None and key.kind == SHORT else None


class RecordedShortLinks:
    """Answers from a recorded mapping of short link to the address it led to."""

    def __init__(self, targets: Mapping[str, str]) -> None:
        self._targets = {key.key: target for url, target in targets.items()
                         if (key := short_key(url)) is not None}

    def resolve(self, url: str) -> ContentKey | None:
        key = short_key(url)
        target = self._targets.get(key.key) if key else None
        found = canonical_content(target) if target else None
        return found.for_duplicates() if found is not None and found.resolved else None


_REFUSED_HEAD = frozenset({403, 405, 501})


class HttpShortLinks:
    """Asks the platform where a short link leads, reading its redirects without following
    them blindly: each hop must stay on the short link's own platform (a short link is not a
    way to make the hub fetch any address), and the first hop that names a post ends the walk,
    so the post itself is never fetched."""

    def __init__(self, settings: ShortLinkSettings,
                 transport: httpx.BaseTransport | None = None) -> None:
        self._settings = settings
        self._client = httpx.Client(timeout=settings.timeout, follow_redirects=False,
                                    transport=transport,
                                    headers={"user-agent": settings.user_agent})
        self._answers: OrderedDict[str, ContentKey | None] = OrderedDict()

    def resolve(self, url: str) -> ContentKey | None:
        key = short_key(url)
        if key is None:
            return None
        if key.key in self._answers:
            self._answers.move_to_end(key.key)
            return self._answers[key.key]
        try:
            found = self._walk(url, key.platform)
        except httpx.HTTPError:
            return None  # not cached: a timeout or a refused connection may pass
        self._answers[key.key] = found
        if len(self._answers) > self._settings.cache:
            self._answers.popitem(last=False)
        return found

    def _walk(self, url: str, platform: str) -> ContentKey | None:
        address = url.strip() if "://" in url else "https://" + url.strip()
        for _ in range(self._settings.max_hops):
            response = self._client.head(address)
            if response.status_code in _REFUSED_HEAD:
                with self._client.stream("GET", address) as streamed:
                    response = streamed
            location = response.headers.get("location") if response.is_redirect else None
            if not location:
                return None
            address = urljoin(address, location)
            if platform_from_host(urlsplit(address).hostname or "") != platform:
                return None
            found = canonical_content(address)
            if found is not None and found.resolved:
                return found.for_duplicates()
        return None
