"""Which platform a referral is about, from a URL's host or from what the reporter typed.

Reporters write "Twitter", "X", "insta", "FB" or "tik tok" in the platform box, and paste links
from mobile, share and mirror hosts. Both collapse to one platform id so that the platform can be
compared and used as a blocking key.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

PLATFORMS = ("x", "facebook", "instagram", "tiktok", "youtube", "reddit", "telegram", "snapchat",
             "discord", "whatsapp", "threads", "bluesky", "linkedin", "twitch", "gab")

# Registrable domains per platform; any subdomain (www., m., mobile., old., vm.) belongs to it.
_DOMAINS = {
    "x": ("twitter.com", "x.com", "t.co", "fxtwitter.com", "vxtwitter.com", "fixupx.com",
          "fixvx.com", "twittpr.com", "fxtwitter.net", "nitter.net"),
    "facebook": ("facebook.com", "fb.com", "fb.watch", "fb.me", "messenger.com"),
    "instagram": ("instagram.com", "instagr.am", "ig.me", "ddinstagram.com"),
    "tiktok": ("tiktok.com", "tiktokv.com"),
    "youtube": ("youtube.com", "youtu.be", "youtube-nocookie.com"),
    "reddit": ("reddit.com", "redd.it", "reddit.app.link"),
    "telegram": ("t.me", "telegram.me", "telegram.dog", "telegram.org"),
    "snapchat": ("snapchat.com",),
    "discord": ("discord.com", "discord.gg", "discordapp.com"),
    "whatsapp": ("whatsapp.com", "wa.me"),
    "threads": ("threads.net", "threads.com"),
    "bluesky": ("bsky.app", "bsky.social"),
    "linkedin": ("linkedin.com", "lnkd.in"),
    "twitch": ("twitch.tv",),
    "gab": ("gab.com", "gab.ai"),
}
_HOST_PLATFORM = {domain: platform for platform, domains in _DOMAINS.items()
                  for domain in domains}

# What reporters type, after lower-casing and removing everything but letters and digits.
_NAMES = {
    "x": ("x", "twitter", "twiter", "twitterx", "xtwitter", "xformerlytwitter", "tweet",
          "tweets", "xcom", "twittercom"),
    "facebook": ("facebook", "fb", "face book", "facebok", "fbook", "fbcom", "facebookcom",
                 "facebookmessenger", "messenger", "meta"),
    "instagram": ("instagram", "insta", "ig", "instagramcom", "instgram", "instagran", "instar"),
    "tiktok": ("tiktok", "tik tok", "tictoc", "tiktoc", "tictok", "ticktock", "tiktock", "tt",
               "tiktokcom"),
    "youtube": ("youtube", "yt", "you tube", "youtubecom", "utube", "youtubeshorts"),
    "reddit": ("reddit", "redit", "redditcom"),
    "telegram": ("telegram", "tg", "telegramchannel", "telegramgroup"),
    "snapchat": ("snapchat", "snap", "sc", "snapchatstory"),
    "discord": ("discord", "discordserver"),
    "whatsapp": ("whatsapp", "whats app", "wa", "whatsap", "whatsappgroup"),
    "threads": ("threads", "threadsnet", "instagramthreads"),
    "bluesky": ("bluesky", "bsky", "blue sky"),
    "linkedin": ("linkedin", "linked in", "linkdin"),
    "twitch": ("twitch", "twitchtv"),
    "gab": ("gab", "gabcom"),
}
_TEXT_PLATFORM = {name.replace(" ", ""): platform for platform, names in _NAMES.items()
                  for name in names}
# Single words that name a platform inside a longer phrase ("a tweet from ...", "on insta").
# Two-letter abbreviations are left out: inside a sentence "tt" or "sc" mean other things.
_WORD_PLATFORM = {word: platform for word, platform in _TEXT_PLATFORM.items()
                  if len(word) > 2 or word in {"x", "fb", "ig", "yt"}}
# Misspelt names ("Instagramm", "Facebok") are matched loosely, but only long ones: "snap" is
# one letter from "swap".
_FUZZY_LENGTH = 5
# Every name and short form of a platform, as one word (what a bio writes: `also on TT`).
PLATFORM_WORDS = frozenset(_TEXT_PLATFORM)
_LONG_NAMES = [name for name in _TEXT_PLATFORM if len(name) >= _FUZZY_LENGTH]
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORDS = re.compile(r"[0-9a-z]+(?:\.[a-z]+)*")


def platform_from_host(host: str) -> str | None:
    """The platform whose domain the host is, or is a subdomain of (`vm.tiktok.com`)."""
    host = host.strip().lower().rstrip(".")
    if ":" in host:
        host = host.split(":", 1)[0]
    while host:
        if host in _HOST_PLATFORM:
            return _HOST_PLATFORM[host]
        _, dot, host = host.partition(".")
        if not dot:
            return None
    return None


@lru_cache(maxsize=4096)
def platform_from_text(text: str) -> str | None:
    """The platform a reporter named in free text, or None when none (or several) is named.

    The whole box is tried first ("X (formerly Twitter)" folds to a known name), then loosely for
    misspellings; then single words, where two platforms named in one answer mean we cannot tell.
    """
    lowered = text.strip().lower()
    if not lowered:
        return None
    whole = _NON_ALNUM.sub("", lowered)
    if whole in _TEXT_PLATFORM:
        return _TEXT_PLATFORM[whole]
    if len(whole) >= _FUZZY_LENGTH:
        near = process.extractOne(whole, _LONG_NAMES, scorer=fuzz.ratio, score_cutoff=85)
        if near:
            return _TEXT_PLATFORM[near[0]]
    raw = _WORDS.findall(lowered)
    words = [word.replace(".", "") for word in raw]
    found = set()
    for i, word in enumerate(words):
        pair = word + words[i + 1] if i + 1 < len(words) else ""
        platform = (_WORD_PLATFORM.get(word) or _WORD_PLATFORM.get(pair)
                    or ("." in raw[i] and platform_from_host(raw[i])) or None)
        if platform:
            found.add(platform)
    return found.pop() if len(found) == 1 else None
