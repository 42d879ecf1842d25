"""Short links: resolved where a resolver is on, never taken for another post where not."""

from __future__ import annotations

import httpx
import pytest

from linking.referrals import link_referrals
from linking.shortlinks import (
    HttpShortLinks,
    RecordedShortLinks,
    ShortLinkSettings,
    short_link_resolver,
)

POST = "https://www.tiktok.com/@joeb/video/7300000000000000001"
OTHER_POST = "https://www.tiktok.com/@joeb/video/7300000000000000002"
SHORT = "https://vm.tiktok.com/ZMabc1234/"


def referral(ref: str, **fields: object) -> dict[str, object]:
    return {"id": ref, "received_at": "2024-05-01T10:00:00+00:00", **fields}


def test_resolving_is_off_unless_configured() -> None:
    assert short_link_resolver(ShortLinkSettings()) is None
    assert isinstance(short_link_resolver(ShortLinkSettings(resolve=True)), HttpShortLinks)


def test_a_recorded_short_link_joins_its_post_with_nothing_else_in_common() -> None:
    records = [referral("TV1", content_urls=[POST]),
               referral("TV2", content_urls=["vm.tiktok.com/ZMabc1234"]),
               referral("TV3", content_urls=[OTHER_POST])]
    resolver = RecordedShortLinks({SHORT: POST + "?_r=1"})
    clusters = link_referrals(records, resolver=resolver).clusters
    assert clusters["TV1"] == clusters["TV2"] != clusters["TV3"]
    assert len(set(link_referrals(records).clusters.values())) == 3


def test_without_a_resolver_a_short_link_joins_the_post_its_text_and_author_fit() -> None:
    text = "every one of them should be sent back where they came from, starting with this lot"
    records = [referral("TV1", content_urls=[POST], content_text=text, platform="TikTok",
                        suspect_handles=["@joeb"]),
               referral("TV2", content_urls=[OTHER_POST], platform="TikTok",
                        content_text="a different post entirely about the council and its bins",
                        suspect_handles=["@joeb"]),
               referral("TV3", content_urls=[SHORT], content_text=text.upper(),
                        suspect_handles=["joeb"])]
    clusters = link_referrals(records).clusters
    assert clusters["TV3"] == clusters["TV1"] != clusters["TV2"]


def _platform(request: httpx.Request) -> httpx.Response:
    """A recorded platform: the short link redirects through its own host to the post."""
    if request.url.host == "vm.tiktok.com":
        return httpx.Response(301, headers={"location": "https://www.tiktok.com/t/ZTabc/"})
    if request.url.path == "/t/ZTabc/":
        return httpx.Response(302, headers={"location": POST + "?is_from_webapp=1"})
    if request.url.host == "fb.watch":
        return httpx.Response(405) if request.method == "HEAD" else httpx.Response(
            302, headers={"location": "https://www.facebook.com/watch/?v=1234567890"})
    if request.url.host == "t.co":
        return httpx.Response(301, headers={"location": "https://attacker.example/x"})
    raise httpx.ConnectTimeout("no answer", request=request)


def test_the_http_resolver_reads_redirects_on_the_platform_and_caches_them() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(f"{request.method} {request.url.host}")
        return _platform(request)

    resolver = HttpShortLinks(ShortLinkSettings(resolve=True), httpx.MockTransport(handler))
    found = resolver.resolve(SHORT)
    assert found is not None
    assert found.key == "tiktok:video:7300000000000000001"
    assert asked == ["HEAD vm.tiktok.com", "HEAD www.tiktok.com"]
    assert resolver.resolve("vm.tiktok.com/ZMabc1234") == found
    assert len(asked) == 2
    watched = resolver.resolve("https://fb.watch/oAbC12/")
    assert watched is not None
    assert watched.key == "facebook:video:1234567890"


def test_the_http_resolver_stops_at_another_host_and_gives_up_on_a_timeout() -> None:
    resolver = HttpShortLinks(ShortLinkSettings(resolve=True), httpx.MockTransport(_platform))
    assert resolver.resolve("https://t.co/AbC123") is None
    assert resolver.resolve("https://lnkd.in/e5p1funx") is None
    assert resolver.resolve(POST) is None


@pytest.mark.parametrize("hops", [1, 2])
def test_the_http_resolver_follows_no_more_hops_than_configured(hops: int) -> None:
    resolver = HttpShortLinks(ShortLinkSettings(resolve=True, max_hops=hops),
                              httpx.MockTransport(_platform))
    found = resolver.resolve(SHORT)
    assert (found is not None) == (hops == 2)
