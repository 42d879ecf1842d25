"""The platforms the hub refers content to, the web addresses each answers on, and how a
referral reaches it.

Referral channels are recorded as the hub understands them; none was confirmed with the
platform, so each says "(assumption)" until an officer confirms it (see domain brief §8: a
police hate-content trusted-flagger channel is UNCONFIRMED).
"""

from __future__ import annotations

from graph.reference import Platform

_META = "Meta law-enforcement online request system; removal through Meta's reporting forms"

PLATFORMS: tuple[Platform, ...] = (
    Platform("x", "X (Twitter)", ("x.com", "twitter.com", "mobile.twitter.com", "t.co"),
             "X legal-request portal for law enforcement; illegal-content report form "
             "(assumption)"),
    Platform("facebook", "Facebook", ("facebook.com", "m.facebook.com", "fb.com", "fb.watch"),
             f"{_META} (assumption)"),
    Platform("instagram", "Instagram", ("instagram.com", "instagr.am"),
             f"{_META} (assumption)"),
    Platform("tiktok", "TikTok", ("tiktok.com", "vm.tiktok.com", "vt.tiktok.com"),
             "TikTok law-enforcement portal; illegal-content report form (assumption)"),
    Platform("youtube", "YouTube", ("youtube.com", "m.youtube.com", "youtu.be"),
             "Google law-enforcement request system; YouTube legal removal form "
             "(assumption)"),
    Platform("reddit", "Reddit", ("reddit.com", "old.reddit.com", "redd.it"),
             "Reddit law-enforcement request form (assumption)"),
    Platform("telegram", "Telegram", ("t.me", "telegram.me"),
             "Email to Telegram's abuse address; no law-enforcement portal known "
             "(assumption)"),
    Platform("snapchat", "Snapchat", ("snapchat.com", "story.snapchat.com", "t.snapchat.com"),
             "Snap law-enforcement service portal (assumption)"),
    Platform("discord", "Discord", ("discord.com", "discord.gg", "discordapp.com"),
             "Discord law-enforcement request portal (assumption)"),
    Platform("whatsapp", "WhatsApp", ("whatsapp.com", "wa.me", "chat.whatsapp.com"),
             f"{_META} (assumption)"),
    Platform("threads", "Threads", ("threads.net", "threads.com"), f"{_META} (assumption)"),
    Platform("bluesky", "Bluesky", ("bsky.app", "bsky.social"),
             "Email to the Bluesky moderation team (assumption)"),
    Platform("linkedin", "LinkedIn", ("linkedin.com", "lnkd.in"),
             "LinkedIn law-enforcement request portal (assumption)"),
    Platform("twitch", "Twitch", ("twitch.tv", "m.twitch.tv", "clips.twitch.tv"),
             "Twitch law-enforcement email contact (assumption)"),
    Platform("gab", "Gab", ("gab.com",),
             "Email to the platform's legal contact (assumption)"),
)

_BY_ID = {platform.id: platform for platform in PLATFORMS}


def platform_by_id(platform_id: str) -> Platform | None:
    return _BY_ID.get(platform_id)
