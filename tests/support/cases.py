"""Cases in more than one force, submitted through GraphQL, for tests of scope and paging."""

from __future__ import annotations

import zlib
from typing import Any

import httpx

from api.settings import ApiSettings
from tests.support.intake import force_of, referral, submit


async def two_forces_cases(client: httpx.AsyncClient, settings: ApiSettings) -> tuple[dict, dict]:
    leeds = await submit(client, settings, referral("TV-LEEDS"))
    london = await submit(client, settings, referral(
        "TV-LONDON", victim={"name": "Jo", "postcode": "SE1 7PB"},
        contentUrls=["https://www.tiktok.com/@a/video/7300000000000000001"]))
    assert await force_of(client, settings, leeds["case"]) == "west-yorkshire"
    assert await force_of(client, settings, london["case"]) == "metropolitan"
    return leeds["case"], london["case"]


PAGE_INFO = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"


def nodes(page: dict[str, Any], key: str = "reference") -> list[str]:
    """The keys of a page's nodes, in the page's order."""
    return [edge["node"][key] for edge in page["edges"]]


async def separate_cases(client: httpx.AsyncClient, settings: ApiSettings, count: int,
                         prefix: str = "TV-WALK", **overrides: Any) -> list[str]:
    """`count` unrelated cases a day apart, oldest first; their references. Posts are told
    apart by their status number, so each prefix has its own."""
    post = 1_790_000_000_000_000_000 + zlib.crc32(prefix.encode()) * 100
    references = []
    for n in range(count):
        submitted = await submit(client, settings, referral(
            f"{prefix}-{n}", receivedAt=f"2026-11-{10 + n:02d}T09:00:00+00:00",
            contentUrls=[f"https://x.com/{prefix}{n}/status/{post + n}"],
            contentText=f"{prefix} post {n} " * (n + 1), suspectHandles=[f"@{prefix}{n}"],
            **overrides))
        references.append(submitted["case"]["reference"])
    return references
