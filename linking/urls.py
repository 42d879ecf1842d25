"""Canonical content keys: one key for every URL form of the same post, comment, message or video.

Reporters paste what their app gave them: mobile and share hosts, mirrors, tracking parameters,
trailing `/photo/1`, short links, or the URL without its scheme. Two referrals are about the same
content exactly when their keys are equal, so the key keeps only what the platform itself uses to
identify the content, and folds case only where the platform does (X status IDs are digits,
Instagram shortcodes are case-sensitive, Reddit IDs are lower-case base 36, Telegram channel
names are case-insensitive).

A short link (t.co, vm.tiktok.com, fb.watch, redd.it share codes) cannot be resolved without the
network, so it becomes its own key of kind `short`: equal to the same short link, but neither
equal to nor different from the post it points at (`linking.shortlinks` resolves them where a
resolver is on). A profile URL is not content: it gets kind `account`, which callers use as
handle evidence rather than as a content key. A comment's key keeps the key of the post it is
under, where the URL names it (`parent`): a comment is other content than its post, but the
same incident for duplicate purposes (`for_duplicates`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, unquote, urlsplit

from linking.platforms import platform_from_host

SHORT = "short"
ACCOUNT = "account"
PAGE = "page"


@dataclass(frozen=True, slots=True)
class ContentKey:
    """What a URL identifies: platform, kind (post, comment, video...) and the platform's id."""

    platform: str
    kind: str
    id: str
    parent: ContentKey | None = field(default=None, compare=False)
    """For a comment, the post it is under, where the URL names it."""

    @property
    def key(self) -> str:
        """The indexable string form, e.g. `x:post:1790000000000000000`."""
        return f"{self.platform}:{self.kind}:{self.id}"

    @property
    def resolved(self) -> bool:
        """True when the key names one piece of content by the platform's own id (not a short
        link, a profile or an unrecognised page, which may be the same content as another key)."""
        return self.kind not in (SHORT, ACCOUNT, PAGE)

    @property
    def space(self) -> str:
        """The id space: two resolved keys in one space are different content when unequal.

        Keys in different spaces may still name one post: Facebook gives a post both a numeric
        id and an opaque `pfbid` one, and a video post both a story id and a video id.
        """
        if self.platform == "facebook" and self.id.startswith("pfbid"):
            return "facebook:pfbid"
        return f"{self.platform}:{self.kind}"

    def for_duplicates(self) -> ContentKey:
        """The key that decides which case a report belongs to: a comment's post where the URL
        names it (a report of a comment under a post and one of the post are one incident),
        otherwise the key itself."""
        return self.parent or self


_Parts = tuple[str, list[str], Mapping[str, list[str]]]
_SCHEME = re.compile(r"^\s*(?:[a-z][a-z0-9+.\-]*:)?/*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_\-]{11}")
_HOST_PREFIXES = ("www.", "m.", "mobile.", "mbasic.", "touch.", "web.", "old.", "new.", "np.",
                  "i.", "amp.", "lite.")
_TRAILING_JUNK = "\"'<>()[]{}.,;!"
# Query parameters that only say who shared a link or how; dropped from generic page keys.
_TRACKING = re.compile(r"^(utm_.*|fbclid|gclid|igsh|igshid|si|s|t|ref|ref_src|ref_url|"
                       r"share_id|mibextid|rdid|feature|_r|is_from_webapp|sender_device)$")


# Reports of one viral post repeat the same few URL strings thousands of times.
@lru_cache(maxsize=1 << 16)
def canonical_content(url: str) -> ContentKey | None:
    """The content a URL identifies, or None when the text is not a URL at all."""
    parts = _split(url)
    if parts is None:
        return None
    host, segments, query = parts
    platform = platform_from_host(host)
    if platform is None:
        return _web_page(host, segments, query)
    parser = _PARSERS.get(platform)
    found = parser(host, segments, query) if parser else None
    return found or _account_or_page(platform, host, segments, query)


@lru_cache(maxsize=1 << 16)
def _split(url: str) -> _Parts | None:
    """Host without mobile or share prefixes, path segments and query, or None for non-URLs.

    Cached because `canonical_content` and `author_handle` both read every URL.
    """
    text = _SCHEME.sub("", url.strip().strip(_TRAILING_JUNK)).strip()
    if not text:
        return None
    parsed = urlsplit("https://" + text)
    host = (parsed.hostname or "").lower().rstrip(".")
    if "." not in host or " " in host:
        return None
    while host.startswith(_HOST_PREFIXES) and host.count(".") > 1:
        host = host.split(".", 1)[1]
    segments = [unquote(s) for s in parsed.path.split("/") if s]
    query = parse_qs(parsed.query, keep_blank_values=False)
    return host, segments, query


def _first(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0].strip() if values and values[0].strip() else None


def _digits(text: str) -> str | None:
    found = _DIGITS.match(text)
    return found.group() if found else None


def _x(host: str, segments: list[str], query: Mapping[str, list[str]]) -> ContentKey | None:
    if host == "t.co":
        return ContentKey("x", SHORT, segments[0]) if segments else None
    lowered = [s.lower() for s in segments]
    for marker in ("status", "statuses"):
        if marker in lowered:
            at = lowered.index(marker)
            status = _digits(segments[at + 1]) if at + 1 < len(segments) else None
            if status:
                return ContentKey("x", "post", status)
    return None


def _facebook(host: str, segments: list[str],
              query: Mapping[str, list[str]]) -> ContentKey | None:
    if host in ("fb.watch", "fb.me"):
        return ContentKey("facebook", SHORT, segments[0]) if segments else None
    comment = _first(query, "comment_id")
    if comment:
        post = _facebook(host, segments, {k: v for k, v in query.items() if k != "comment_id"})
        return _comment("facebook", comment, post)
    lowered = [s.lower() for s in segments]
    if lowered[:1] == ["share"] and len(segments) > 1:
        return ContentKey("facebook", SHORT, segments[-1])
    story = _first(query, "story_fbid")
    if story:
        return ContentKey("facebook", "post", story)
    video = _first(query, "v")
    if video and lowered[:1] in (["watch"], ["video.php"], []):
        return ContentKey("facebook", "video", video)
    photo = _first(query, "fbid")
    if photo and lowered[:1] in (["photo.php"], ["photo"]):
        return ContentKey("facebook", "photo", photo)
    for marker, kind in (("posts", "post"), ("permalink", "post"), ("videos", "video"),
                         ("reel", "video"), ("reels", "video"), ("photos", "photo")):
        if marker in lowered:
            after = segments[lowered.index(marker) + 1:]
            if kind in ("video", "photo"):
                after = [s for s in after if _DIGITS.fullmatch(s)] or after[-1:]
            if after:
                return ContentKey("facebook", kind, after[-1] if kind != "post" else after[0])
    if lowered[:1] == ["profile.php"] and _first(query, "id"):
        return ContentKey("facebook", ACCOUNT, _first(query, "id") or "")
    return None


def _instagram(host: str, segments: list[str],
               query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if lowered[:1] == ["share"] and len(segments) > 1:
        return ContentKey("instagram", SHORT, segments[-1])
    for marker in ("p", "reel", "reels", "tv"):
        if marker in lowered[:2]:
            at = lowered.index(marker)
            if at + 1 < len(segments):
                return ContentKey("instagram", "post", segments[at + 1])
    if lowered[:1] == ["stories"] and len(segments) > 2:
        return ContentKey("instagram", "story", segments[2])
    return None


def _tiktok(host: str, segments: list[str],
            query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if host.split(".")[0] in ("vm", "vt") and segments:
        return ContentKey("tiktok", SHORT, segments[0])
    if lowered[:1] == ["t"] and len(segments) > 1:
        return ContentKey("tiktok", SHORT, segments[1])
    for marker in ("video", "photo", "v", "v2", "embed"):
        if marker in lowered:
            after = segments[lowered.index(marker) + 1:]
            video = next((_digits(s) for s in after if _digits(s)), None)
            if video:
                return ContentKey("tiktok", "video", video)
    return None


def _youtube(host: str, segments: list[str],
             query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if lowered[:1] == ["attribution_link"] and _first(query, "u"):
        return canonical_content("youtube.com" + (_first(query, "u") or ""))
    comment = _first(query, "lc")
    if comment:
        watched = _youtube(host, segments, {k: v for k, v in query.items() if k != "lc"})
        return _comment("youtube", comment, watched)
    if host == "youtu.be":
        video: str | None = segments[0] if segments else None
    elif _first(query, "v"):
        video = _first(query, "v")
    elif lowered[:1] in (["shorts"], ["embed"], ["live"], ["v"], ["e"]) and len(segments) > 1:
        video = segments[1]
    else:
        return None
    found = _YOUTUBE_ID.match(video or "")
    return ContentKey("youtube", "video", found.group()) if found else None


def _reddit(host: str, segments: list[str],
            query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if host == "redd.it":
        return ContentKey("reddit", "post", lowered[0]) if segments else None
    if len(segments) > 3 and lowered[0] == "r" and lowered[2] == "s":
        return ContentKey("reddit", SHORT, segments[3])
    for marker in ("comments", "gallery"):
        if marker in lowered and lowered.index(marker) + 1 < len(lowered):
            at = lowered.index(marker)
            # After the post id comes a slug or the word `comment`, then the comment id.
            rest = lowered[at + 3:]
            post = ContentKey("reddit", "post", lowered[at + 1])
            return _comment("reddit", rest[0], post) if rest else post
    return None


def _telegram(host: str, segments: list[str],
              query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if lowered[:1] == ["s"]:
        lowered = lowered[1:]
    if len(lowered) > 2 and lowered[0] == "c":
        lowered = ["c" + lowered[1], *lowered[2:]]
    if len(lowered) < 2 or not _digits(lowered[1]):
        return None
    post = f"{lowered[0]}/{_digits(lowered[1])}"
    comment = _first(query, "comment")
    found = ContentKey("telegram", "post", post)
    if comment and _digits(comment):
        return _comment("telegram", f"{post}/{_digits(comment)}", found)
    return found


def _comment(platform: str, comment: str, post: ContentKey | None) -> ContentKey:
    """A comment's key, with its post's where the rest of the URL names one by its id."""
    parent = post if post is not None and post.resolved and post.kind != "comment" else None
    return ContentKey(platform, "comment", comment, parent)


def _snapchat(host: str, segments: list[str],
              query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if host.startswith("t.") and segments:
        return ContentKey("snapchat", SHORT, segments[0])
    if "spotlight" in lowered and lowered.index("spotlight") + 1 < len(segments):
        return ContentKey("snapchat", "spotlight", segments[lowered.index("spotlight") + 1])
    if lowered[:1] == ["t"] and len(segments) > 1:
        return ContentKey("snapchat", SHORT, segments[1])
    if lowered[:1] == ["p"] and len(segments) > 1:
        return ContentKey("snapchat", "story", segments[1])
    if host.startswith("story.") and lowered[:1] == ["s"] and len(segments) > 1:
        return ContentKey("snapchat", "story", lowered[1])
    return None


def _threads(host: str, segments: list[str],
             query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if "post" in lowered and lowered.index("post") + 1 < len(segments):
        return ContentKey("threads", "post", segments[lowered.index("post") + 1])
    return None


def _bluesky(host: str, segments: list[str],
             query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    # The record key alone: the profile part may be a handle or a DID for the same post, and
    # record keys are time-based ids that do not repeat across accounts in practice.
    if len(lowered) > 3 and lowered[0] == "profile" and lowered[2] == "post":
        return ContentKey("bluesky", "post", segments[3])
    return None


def _discord(host: str, segments: list[str],
             query: Mapping[str, list[str]]) -> ContentKey | None:
    if len(segments) > 3 and segments[0].lower() == "channels":
        return ContentKey("discord", "message", "/".join(segments[1:4]))
    if host == "discord.gg" and segments:
        return ContentKey("discord", "invite", segments[0])
    return None


def _whatsapp(host: str, segments: list[str],
              query: Mapping[str, list[str]]) -> ContentKey | None:
    if host.startswith("chat.") and segments:
        return ContentKey("whatsapp", "group", segments[0])
    if len(segments) > 2 and segments[0].lower() == "channel" and _digits(segments[2]):
        return ContentKey("whatsapp", "post", f"{segments[1]}/{_digits(segments[2])}")
    if host == "wa.me" and segments and _digits(segments[0]):
        return ContentKey("whatsapp", ACCOUNT, segments[0])
    return None


_ACTIVITY = re.compile(r"activity[-:](\d+)")


def _linkedin(host: str, segments: list[str],
              query: Mapping[str, list[str]]) -> ContentKey | None:
    if host == "lnkd.in" and segments:
        return ContentKey("linkedin", SHORT, segments[0])
    found = _ACTIVITY.search("/".join(segments))
    return ContentKey("linkedin", "post", found.group(1)) if found else None


def _twitch(host: str, segments: list[str],
            query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if host.startswith("clips.") and segments:
        return ContentKey("twitch", "clip", segments[0])
    if "clip" in lowered and lowered.index("clip") + 1 < len(segments):
        return ContentKey("twitch", "clip", segments[lowered.index("clip") + 1])
    if lowered[:1] == ["videos"] and len(segments) > 1 and _digits(segments[1]):
        return ContentKey("twitch", "video", _digits(segments[1]) or "")
    return None


def _gab(host: str, segments: list[str], query: Mapping[str, list[str]]) -> ContentKey | None:
    lowered = [s.lower() for s in segments]
    if "posts" in lowered and lowered.index("posts") + 1 < len(segments):
        post = _digits(segments[lowered.index("posts") + 1])
        return ContentKey("gab", "post", post) if post else None
    return None


_PARSERS: dict[str, Callable[[str, list[str], Mapping[str, list[str]]], ContentKey | None]] = {
    "x": _x, "facebook": _facebook, "instagram": _instagram, "tiktok": _tiktok,
    "youtube": _youtube, "reddit": _reddit, "telegram": _telegram, "snapchat": _snapchat,
    "threads": _threads, "bluesky": _bluesky, "discord": _discord, "whatsapp": _whatsapp,
    "linkedin": _linkedin, "twitch": _twitch, "gab": _gab,
}
# Path words that are site pages, not account names, on platforms whose profiles are `/<name>`.
_NOT_ACCOUNTS = frozenset({
    "home", "search", "explore", "i", "intent", "hashtag", "settings", "messages", "watch",
    "share", "login", "signup", "notifications", "groups", "events", "pages", "marketplace",
    "gaming", "reel", "reels", "stories", "p", "tv", "r", "s", "c", "channel", "user", "u",
    "feed", "results", "shorts", "embed", "live", "add", "discover", "tag", "foryou", "following",
    "profile", "in", "joinchat", "videos", "directory", "people", "story.php", "permalink.php",
})
_PROFILE_PREFIXES = frozenset({"user", "u", "add", "in", "channel", "c", "profile"})


def _account_or_page(platform: str, host: str, segments: Sequence[str],
                     query: Mapping[str, list[str]]) -> ContentKey | None:
    """A profile link names an account; anything else on a platform is kept as a page."""
    lowered = [s.lower() for s in segments]
    if len(lowered) == 1 and lowered[0] not in _NOT_ACCOUNTS:
        return ContentKey(platform, ACCOUNT, lowered[0].lstrip("@"))
    if len(lowered) == 2 and lowered[0] in _PROFILE_PREFIXES:
        return ContentKey(platform, ACCOUNT, lowered[1].lstrip("@"))
    return _web_page(host, list(segments), query, platform)


def _web_page(host: str, segments: list[str], query: Mapping[str, list[str]],
              platform: str = "web") -> ContentKey | None:
    if not segments and not query:
        return None
    kept = sorted((name, value) for name, values in query.items()
                  if not _TRACKING.match(name.lower()) for value in values)
    path = "/".join(segments)
    if kept:
        path += "?" + "&".join(f"{name}={value}" for name, value in kept)
    return ContentKey(platform, PAGE, f"{host}/{path}")


# Where a platform's content URLs carry the author's name (X `/<name>/status/1`, TikTok
# `/@<name>/video/1`, Telegram `/<channel>/1`...): the name is evidence about the suspect account
# even when the reporter left the handle box empty.
_AUTHOR = {
    "x": re.compile(r"^([^/]+)/status(?:es)?/\d"),
    "tiktok": re.compile(r"^@([^/]+)/(?:video|photo)/"),
    "instagram": re.compile(r"^([^/]+)/(?:p|reel)/"),
    "facebook": re.compile(r"^([^/]+)/(?:posts|videos|photos)/"),
    "threads": re.compile(r"^@([^/]+)/post/"),
    "bluesky": re.compile(r"^profile/([^/]+)/post/"),
    "telegram": re.compile(r"^(?:s/)?([^/]+)/\d+$"),
    "gab": re.compile(r"^([^/]+)/posts/"),
    "youtube": re.compile(r"^@([^/]+)"),
    "reddit": re.compile(r"^(?:u|user)/([^/]+)/"),
    "snapchat": re.compile(r"^@([^/]+)/spotlight/"),
}
_NOT_AUTHORS = frozenset({"i", "groups", "watch", "c", "s", "share", "p", "reel", "tv"})


@lru_cache(maxsize=1 << 16)
def author_handle(url: str) -> str | None:
    """The author's name as the URL spells it, where the platform puts it in the path."""
    parts = _split(url)
    if parts is None:
        return None
    host, segments, _ = parts
    pattern = _AUTHOR.get(platform_from_host(host) or "")
    found = pattern.match("/".join(segments)) if pattern else None
    if found is None or found.group(1).lower() in _NOT_AUTHORS:
        return None
    return found.group(1)
