"""Platforms the hub refers content to."""

from __future__ import annotations

from seeds.reference.platforms import PLATFORMS, Platform, platform_by_id

FIXED = ("x", "facebook", "instagram", "tiktok", "youtube", "reddit", "telegram", "snapchat",
         "discord", "whatsapp", "threads", "bluesky", "linkedin", "twitch", "gab")


def platform(platform_id: str) -> Platform:
    found = platform_by_id(platform_id)
    assert found is not None, platform_id
    return found


def test_platform_ids_are_the_agreed_ones() -> None:
    assert tuple(p.id for p in PLATFORMS) == FIXED


def test_a_host_belongs_to_one_platform_only() -> None:
    hosts = [domain for p in PLATFORMS for domain in p.domains]
    assert len(hosts) == len(set(hosts))


def test_short_link_and_mobile_hosts_are_known() -> None:
    assert {"x.com", "twitter.com", "mobile.twitter.com", "t.co"} <= set(platform("x").domains)
    assert {"youtu.be", "m.youtube.com"} <= set(platform("youtube").domains)
    assert {"redd.it", "old.reddit.com"} <= set(platform("reddit").domains)
    assert {"t.me", "telegram.me"} <= set(platform("telegram").domains)
    assert "vm.tiktok.com" in platform("tiktok").domains
    assert platform_by_id("myspace") is None


def test_unconfirmed_referral_channels_say_so() -> None:
    assert all("(assumption)" in p.referral_channel for p in PLATFORMS)
