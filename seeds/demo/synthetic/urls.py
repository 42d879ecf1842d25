"""Posts as platforms identify them, and the many addresses reporters paste for one post.

Each platform's IDs look like the real ones (tweet and TikTok IDs carry their posting time;
Instagram and YouTube IDs are case-sensitive; Reddit's are base 36). The pasted forms vary only
in ways the platform ignores: host, scheme, mobile and share hosts, tracking parameters, trailing
paths, and case where the platform folds it (hosts, handles, the `status` segment), never in a
case-sensitive ID. Short links are fixed per post: youtu.be and redd.it carry the ID; t.co,
vm.tiktok.com, fb.watch and share links do not, and cannot be resolved offline.
"""

from __future__ import annotations

import base64
import random
import re
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from seeds.demo.synthetic.garble import recase
from seeds.demo.synthetic.params import Noise
from seeds.demo.synthetic.vocabulary import SUBREDDITS

_ALNUM = string.ascii_letters + string.digits
_B64URL = _ALNUM + "-_"
_BASE36 = string.digits + string.ascii_lowercase
_SORTABLE32 = "234567abcdefghijklmnopqrstuvwxyz"
_NO_PUNCTUATION = str.maketrans("-_", "xQ")
_YOUTUBE_LAST = "AEIMQUYcgkosw048"
_SLUG = re.compile(r"[^a-z0-9]+")
_X_EPOCH_MS = 1_288_834_974_657
_DISCORD_EPOCH_MS = 1_420_070_400_000


@dataclass(slots=True)
class Post:
    """One post; `fixed` holds what stays the same for every reporter (short codes)."""

    number: int
    platform: str
    kind: str
    ident: str
    handle: str | None
    owner_id: str
    posted: float
    text: str
    fixed: dict[str, str] = field(default_factory=dict)


def _token(rng: random.Random, alphabet: str, length: int) -> str:
    if alphabet in (_B64URL, _ALNUM):
        text = base64.urlsafe_b64encode(rng.randbytes(length)).decode()[:length]
        return text if alphabet == _B64URL else text.translate(_NO_PUNCTUATION)
    return "".join(rng.choices(alphabet, k=length))


def _base(number: int, alphabet: str) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, len(alphabet))
        digits = alphabet[digit] + digits
    return digits or alphabet[0]


def _slug(text: str, words: int) -> str:
    return "_".join(_SLUG.sub(" ", text.lower()).split()[:words])


def new_post(number: int, platform: str, handle: str | None, owner_id: str, posted: float,
             text: str, rng: random.Random) -> Post:
    """A post with a platform ID consistent with its posting time where the platform's is."""
    ms = int(posted * 1000)
    kind, ident = "post", ""
    fixed: dict[str, str] = {}
    if platform == "x":
        kind = rng.choices(("text", "photo", "video"), (6, 3, 1))[0]
        ident = str((ms - _X_EPOCH_MS) << 22 | rng.getrandbits(22))
    elif platform == "facebook":
        kind = rng.choices(("post", "video", "reel"), (7, 1.5, 1.5))[0]
        ident = str(rng.randrange(10**15, 10**16) if kind != "post" else
                    rng.randrange(122 * 10**15, 123 * 10**15))
        fixed["pfbid"] = "pfbid0" + _token(rng, _ALNUM, 56)
    elif platform in ("instagram", "threads"):
        kind = rng.choice(("p", "reel")) if platform == "instagram" else "post"
        ident = rng.choice("CD") + _token(rng, _B64URL, 10)
    elif platform == "tiktok":
        ident = str(int(posted) << 32 | rng.getrandbits(32))
    elif platform == "youtube":
        kind = rng.choices(("watch", "short"), (6, 4))[0]
        ident = _token(rng, _B64URL, 10) + rng.choice(_YOUTUBE_LAST)
    elif platform == "reddit":
        kind = rng.choice(("post", "comment"))
        ident = _base(2_000_000_000 + int(posted - 1.7e9) * 5 + rng.randrange(5), _BASE36)
        fixed["sub"] = rng.choice(SUBREDDITS)
        fixed["slug"] = _slug(text, rng.randint(4, 8))
        if kind == "comment":
            fixed["comment"] = _base(48_000_000_000 + int(posted - 1.7e9) * 40
                                     + rng.randrange(40), _BASE36)
    elif platform == "telegram":
        ident = str(100 + int(posted - 1.7e9) // 60)
    elif platform == "snapchat":
        kind = rng.choices(("spotlight", "story"), (4, 1))[0]
        ident = ("W7_EDlXWTBiXAEEniNoMPwAA" + _token(rng, _B64URL, 40) if kind == "spotlight"
                 else f"{uuid.UUID(int=rng.getrandbits(128), version=4)}/"
                      f"{rng.randrange(10**15, 10**16)}")
    elif platform == "discord":
        snowflake = (ms - _DISCORD_EPOCH_MS) << 22 | rng.getrandbits(22)
        ident = f"{rng.randrange(10**17, 12 * 10**17)}/{rng.randrange(10**17, 12 * 10**17)}/" \
                f"{snowflake}"
    elif platform == "whatsapp":
        ident = f"0029Va{_token(rng, _ALNUM, 18)}/{rng.randint(100, 999)}"
    elif platform == "bluesky":
        ident = _base((ms * 1000) << 10 | rng.getrandbits(10), _SORTABLE32).rjust(13, "2")
    elif platform == "linkedin":
        ident = str(ms << 22 | rng.getrandbits(22))
        fixed["slug"] = _slug(text, rng.randint(3, 6)).replace("_", "-")
        fixed["tail"] = _token(rng, _ALNUM, 4)
    elif platform == "twitch":
        kind = rng.choices(("clip", "video"), (7, 3))[0]
        ident = (_token(rng, string.ascii_uppercase, 1) + _token(rng, string.ascii_lowercase, 6)
                 + "-" + _token(rng, _B64URL, 16)) if kind == "clip" \
            else str(rng.randrange(2_000_000_000, 2_600_000_000))
    else:
        ident = str(ms << 16 | rng.getrandbits(16))
    return Post(number, platform, kind, ident, handle, owner_id, posted, text, fixed)


def _fixed(post: Post, name: str, make: Callable[[], str]) -> str:
    """A short code made on first use and the same for every later reporter."""
    value = post.fixed.get(name)
    if value is None:
        value = post.fixed[name] = make()
    return value


def _case(text: str, noise: Noise, rng: random.Random) -> str:
    """Case changes, only for parts the platform treats case-insensitively."""
    if rng.random() >= noise.url_case * 2:
        return text
    return recase(text, rng)


Form = str | Callable[[], str]


def _pick(rng: random.Random, *weighted: tuple[float, Form]) -> str:
    """One of the weighted forms; forms that need random tokens are built only if picked."""
    total = sum(weight for weight, _ in weighted)
    roll = rng.random() * total
    chosen = weighted[-1][1]
    for weight, form in weighted:
        roll -= weight
        if roll < 0:
            chosen = form
            break
    return chosen if isinstance(chosen, str) else chosen()


def _x(post: Post, noise: Noise, rng: random.Random) -> str:
    if rng.random() < 0.04:
        return "t.co/" + _fixed(post, "tco", lambda: _token(rng, _ALNUM, 10))
    host = _pick(rng, (45, "x.com"), (30, "twitter.com"), (7, "mobile.twitter.com"),
                 (3, "www.x.com"), (5, "www.twitter.com"), (2, "mobile.x.com"),
                 (5, "fxtwitter.com"), (2, "vxtwitter.com"), (1, "fixupx.com"))
    roll = rng.random()
    if roll < 0.06:
        path = f"i/web/status/{post.ident}"
    elif roll < 0.08:
        path = f"i/status/{post.ident}"
    else:
        segment = "statuses" if roll < 0.1 else _case("status", noise, rng)
        path = f"{_case(post.handle or '', noise, rng)}/{segment}/{post.ident}"
    if post.kind != "text" and rng.random() < 0.3:
        path += f"/{'photo' if post.kind == 'photo' else 'video'}/1"
    query = _pick(rng, (60, ""), (15, "?s=20"), (15, lambda: f"?s=20&t={_token(rng, _B64URL, 22)}"),
                  (5, lambda: f"?s=46&t={_token(rng, _B64URL, 22)}"), (3, "?ref_src=twsrc%5Etfw"),
                  (2, "?lang=en"))
    return f"{host}/{path}{query or ('/' if rng.random() < 0.03 else '')}"


def _facebook(post: Post, noise: Noise, rng: random.Random) -> str:
    owner = _case(post.handle, noise, rng) if post.handle else post.owner_id
    ident, pfbid, uid = post.ident, post.fixed["pfbid"], post.owner_id
    share = _fixed(post, "share", lambda: _token(rng, _ALNUM, 16))
    watch = _fixed(post, "watch", lambda: _token(rng, _ALNUM, 10))
    if post.kind == "video":
        return _pick(rng, (35, f"www.facebook.com/{owner}/videos/{ident}/"),
                     (25, f"www.facebook.com/watch/?v={ident}"), (25, f"fb.watch/{watch}/"),
                     (10, f"m.facebook.com/watch/?v={ident}"),
                     (5, f"www.facebook.com/share/v/{share}/"))
    if post.kind == "reel":
        return _pick(rng, (30, f"www.facebook.com/reel/{ident}"),
                     (15, lambda: f"www.facebook.com/reel/{ident}/?mibextid="
                                  f"{_token(rng, _ALNUM, 16)}"),
                     (15, f"m.facebook.com/reel/{ident}"),
                     (25, f"www.facebook.com/share/r/{share}/"), (15, f"fb.watch/{watch}/"))
    address = _pick(rng, (25, f"www.facebook.com/{owner}/posts/{ident}"),
                    (20, f"www.facebook.com/{owner}/posts/{pfbid}"),
                    (10, f"m.facebook.com/story.php?story_fbid={ident}&id={uid}"),
                    (10, f"www.facebook.com/permalink.php?story_fbid={ident}&id={uid}"),
                    (5, f"m.facebook.com/story.php?story_fbid={pfbid}&id={uid}"),
                    (15, f"www.facebook.com/share/p/{share}/"),
                    (7, f"facebook.com/{owner}/posts/{ident}"),
                    (3, f"web.facebook.com/{owner}/posts/{ident}"),
                    (5, f"m.facebook.com/{owner}/posts/{pfbid}/"))
    joiner = "&" if "?" in address else "?"
    return address + _pick(rng, (75, ""),
                           (15, lambda: f"{joiner}mibextid={_token(rng, _ALNUM, 16)}"),
                           (5, lambda: f"{joiner}rdid={_token(rng, _ALNUM, 16)}"),
                           (5, f"{joiner}app=fbl"))


def _instagram(post: Post, noise: Noise, rng: random.Random) -> str:
    host = _pick(rng, (70, "www.instagram.com"), (25, "instagram.com"),
                 (5, "instagr.am" if post.kind == "p" else "www.instagram.com"))
    section = post.kind if rng.random() < 0.8 else _pick(rng, (1, "p"), (1, post.kind + "s"))
    owner = f"{_case(post.handle, noise, rng)}/" if post.handle and rng.random() < 0.1 else ""
    slash = "/" if rng.random() < 0.8 else ""
    query = _pick(rng, (35, ""), (35, lambda: f"?igsh={_token(rng, _ALNUM, 16)}=="),
                  (15, lambda: f"?utm_source=ig_web_copy_link&igsh={_token(rng, _ALNUM, 16)}=="),
                  (8, lambda: f"?igshid={_token(rng, _ALNUM, 12)}"),
                  (4, "?img_index=1" if post.kind == "p" else ""),
                  (3, "?utm_source=ig_web_button_share_sheet"))
    return f"{host}/{owner}{section}/{post.ident}{slash}{query}"


def _tiktok(post: Post, noise: Noise, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.2:
        return f"vm.tiktok.com/{_fixed(post, 'vm', lambda: 'ZM' + _token(rng, _ALNUM, 7))}/"
    if roll < 0.26:
        return f"www.tiktok.com/t/{_fixed(post, 't', lambda: 'ZT' + _token(rng, _ALNUM, 7))}/"
    if roll < 0.29:
        return f"vt.tiktok.com/{_fixed(post, 'vt', lambda: 'ZS' + _token(rng, _ALNUM, 7))}/"
    if roll < 0.32:
        return f"m.tiktok.com/v/{post.ident}.html"
    host = _pick(rng, (75, "www.tiktok.com"), (20, "tiktok.com"), (5, "m.tiktok.com"))
    query = _pick(rng, (55, ""), (20, "?is_from_webapp=1&sender_device=pc"),
                  (5, lambda: f"?is_from_webapp=1&sender_device=pc&web_id={rng.randrange(10**18)}"),
                  (12, lambda: f"?_r=1&_t={_token(rng, _ALNUM, 24)}"), (3, "?lang=en"),
                  (5, lambda: f"?_t=ZN-{_token(rng, _ALNUM, 20)}&_r=1"))
    return f"{host}/@{_case(post.handle or '', noise, rng)}/video/{post.ident}{query}"


def _youtube(post: Post, noise: Noise, rng: random.Random) -> str:
    ident = post.ident
    share = _pick(rng, (50, ""), (35, lambda: f"?si={_token(rng, _B64URL, 16)}"), (8, "?t=42"),
                  (7, "?feature=shared"))
    if post.kind == "short":
        return _pick(rng, (30, f"www.youtube.com/shorts/{ident}"),
                     (15, f"www.youtube.com/shorts/{ident}{share or '?feature=share'}"),
                     (15, f"youtube.com/shorts/{ident}{share}"),
                     (10, f"m.youtube.com/shorts/{ident}"), (15, f"youtu.be/{ident}{share}"),
                     (10, f"www.youtube.com/watch?v={ident}"),
                     (5, f"www.youtube.com/shorts/{ident}/"))
    extra = _pick(rng, (70, ""), (10, lambda: f"&t={rng.randint(5, 900)}s"), (4, "&feature=share"),
                  (2, "&feature=youtu.be"), (5, f"&ab_channel={(post.handle or 'Channel')}"),
                  (3, lambda: f"&pp=ygU{_token(rng, _B64URL, 8)}"),
                  (6, lambda: f"&si={_token(rng, _B64URL, 16)}"))
    return _pick(rng, (40, f"www.youtube.com/watch?v={ident}{extra}"),
                 (10, f"youtube.com/watch?v={ident}{extra}"),
                 (12, f"m.youtube.com/watch?v={ident}{extra}"), (30, f"youtu.be/{ident}{share}"),
                 (3, f"www.youtube.com/watch?app=desktop&v={ident}"),
                 (2, f"www.youtube.com/embed/{ident}"),
                 (3, f"www.youtube.com/watch?v={ident}&feature=youtu.be"))


def _reddit(post: Post, noise: Noise, rng: random.Random) -> str:
    sub = _case(post.fixed["sub"], noise, rng)
    pid, slug = post.ident, post.fixed["slug"]
    share = f"www.reddit.com/r/{sub}/s/{_fixed(post, 'share', lambda: _token(rng, _ALNUM, 10))}"
    host = _pick(rng, (70, "www.reddit.com"), (15, "old.reddit.com"), (10, "reddit.com"),
                 (3, "np.reddit.com"), (2, "new.reddit.com"))
    if post.kind == "comment":
        cid = post.fixed["comment"]
        address = _pick(rng, (40, f"{host}/r/{sub}/comments/{pid}/{slug}/{cid}/"),
                        (25, f"www.reddit.com/r/{sub}/comments/{pid}/comment/{cid}/"),
                        (15, share), (10, f"{host}/r/{sub}/comments/{pid}/_/{cid}"))
        query = _pick(rng, (55, ""), (30, "?context=3"),
                      (15, "?utm_source=share&utm_medium=web3x&utm_name=web3xcss&utm_term=1"
                           "&utm_content=share_button"))
    else:
        address = _pick(rng, (45, f"{host}/r/{sub}/comments/{pid}/{slug}/"),
                        (10, f"{host}/r/{sub}/comments/{pid}/{slug}"),
                        (8, f"{host}/r/{sub}/comments/{pid}/"), (10, f"redd.it/{pid}"),
                        (15, share), (5, f"www.reddit.com/comments/{pid}"))
        query = _pick(rng, (60, ""), (20, "?utm_source=share&utm_medium=web2x&context=3"),
                      (10, "?utm_source=share&utm_medium=mweb3x&utm_name=mweb3xcss&utm_term=1"
                           "&utm_content=share_button"),
                      (5, lambda: f"?rdt={rng.randint(10000, 99999)}"),
                      (5, lambda: f"?share_id={_token(rng, _B64URL, 21)}"))
    return address + ("" if address.startswith("redd.it") else query)


def _telegram(post: Post, noise: Noise, rng: random.Random) -> str:
    channel = _case(post.handle or "", noise, rng)
    return _pick(rng, (60, f"t.me/{channel}/{post.ident}"), (15, f"t.me/s/{channel}/{post.ident}"),
                 (10, f"telegram.me/{channel}/{post.ident}"),
                 (10, f"t.me/{channel}/{post.ident}?single"),
                 (5, f"t.me/{channel}/{post.ident}?embed=1"))


def _snapchat(post: Post, noise: Noise, rng: random.Random) -> str:
    short = f"t.snapchat.com/{_fixed(post, 'short', lambda: _token(rng, _ALNUM, 8))}"
    query = f"?share_id={_token(rng, _B64URL, 22)}&locale=en-GB" if rng.random() < 0.5 else ""
    if post.kind == "story":
        return _pick(rng, (60, f"story.snapchat.com/p/{post.ident}{query}"), (40, short))
    return _pick(rng, (45, f"www.snapchat.com/spotlight/{post.ident}{query}"),
                 (10, f"snapchat.com/spotlight/{post.ident}"), (30, short),
                 (15, f"www.snapchat.com/@{_case(post.handle or '', noise, rng)}/spotlight/"
                      f"{post.ident}"))


def _discord(post: Post, noise: Noise, rng: random.Random) -> str:
    host = _pick(rng, (75, "discord.com"), (15, "discordapp.com"), (5, "ptb.discord.com"),
                 (5, "canary.discord.com"))
    return f"{host}/channels/{post.ident}"


def _whatsapp(post: Post, noise: Noise, rng: random.Random) -> str:
    return _pick(rng, (1, "whatsapp.com"), (1, "www.whatsapp.com")) + f"/channel/{post.ident}"


def _threads(post: Post, noise: Noise, rng: random.Random) -> str:
    host = _pick(rng, (55, "www.threads.net"), (15, "threads.net"), (30, "www.threads.com"))
    query = _pick(rng, (60, ""), (25, lambda: f"?xmt={_token(rng, _B64URL, 24)}"),
                  (10, lambda: f"?igshid={_token(rng, _ALNUM, 12)}"), (5, "?hl=en"))
    return f"{host}/@{_case(post.handle or '', noise, rng)}/post/{post.ident}{query}"


def _bluesky(post: Post, noise: Noise, rng: random.Random) -> str:
    if rng.random() < 0.15:
        did = _fixed(post, "did", lambda: "did:plc:" + _token(
            random.Random(f"did:{post.owner_id}"), _SORTABLE32, 24))
        return f"bsky.app/profile/{did}/post/{post.ident}"
    return f"bsky.app/profile/{_case(post.handle or '', noise, rng)}/post/{post.ident}"


def _linkedin(post: Post, noise: Noise, rng: random.Random) -> str:
    activity = f"{post.handle}_{post.fixed['slug']}-activity-{post.ident}-{post.fixed['tail']}"
    query = _pick(rng, (50, ""), (40, "?utm_source=share&utm_medium=member_desktop"),
                  (10, f"?utm_source=social_share_send&utm_medium=android_app&rcm="
                       f"{_token(rng, _B64URL, 30)}&utm_campaign=copy_link"))
    return _pick(rng, (50, f"www.linkedin.com/posts/{activity}/{query}"),
                 (35, f"www.linkedin.com/feed/update/urn:li:activity:{post.ident}/"),
                 (15, lambda: "lnkd.in/" + _fixed(post, "short",
                                                  lambda: "e" + _token(rng, _ALNUM, 7))))


def _twitch(post: Post, noise: Noise, rng: random.Random) -> str:
    if post.kind == "clip":
        channel = _case(post.handle or "", noise, rng)
        return _pick(rng, (50, f"clips.twitch.tv/{post.ident}"),
                     (30, f"www.twitch.tv/{channel}/clip/{post.ident}"),
                     (10, f"www.twitch.tv/{channel}/clip/{post.ident}"
                          "?filter=clips&range=7d&sort=time"),
                     (10, f"m.twitch.tv/clip/{post.ident}"))
    stamp = f"?t={rng.randint(0, 3)}h{rng.randint(0, 59)}m{rng.randint(0, 59)}s" \
        if rng.random() < 0.3 else ""
    return _pick(rng, (70, f"www.twitch.tv/videos/{post.ident}{stamp}"),
                 (20, f"m.twitch.tv/videos/{post.ident}"), (10, f"twitch.tv/videos/{post.ident}"))


def _gab(post: Post, noise: Noise, rng: random.Random) -> str:
    host = "gab.com" if rng.random() < 0.9 else "www.gab.com"
    return f"{host}/{_case(post.handle or '', noise, rng)}/posts/{post.ident}"


_PASTERS: dict[str, Callable[[Post, Noise, random.Random], str]] = {
    "x": _x, "facebook": _facebook, "instagram": _instagram, "tiktok": _tiktok,
    "youtube": _youtube, "reddit": _reddit, "telegram": _telegram, "snapchat": _snapchat,
    "discord": _discord, "whatsapp": _whatsapp, "threads": _threads, "bluesky": _bluesky,
    "linkedin": _linkedin, "twitch": _twitch, "gab": _gab,
}


def _short_link(post: Post, rng: random.Random) -> str | None:
    """The post's share-sheet short link, the same for every reporter; None where the
    platform gives none. Only the platform can say which post it leads to."""
    def code(name: str, prefix: str, length: int) -> str:
        return _fixed(post, name, lambda: prefix + _token(rng, _ALNUM, length))

    forms: dict[str, Callable[[], str]] = {
        "x": lambda: f"t.co/{code('tco', '', 10)}",
        "tiktok": lambda: f"vm.tiktok.com/{code('vm', 'ZM', 7)}/",
        "facebook": lambda: (f"fb.watch/{code('watch', '', 10)}/" if post.kind != "post"
                             else f"www.facebook.com/share/p/{code('share', '', 16)}/"),
        "instagram": lambda: f"www.instagram.com/share/{code('share', '', 11)}",
        "reddit": lambda: f"www.reddit.com/r/{post.fixed['sub']}/s/{code('share', '', 10)}",
        "snapchat": lambda: f"t.snapchat.com/{code('short', '', 8)}",
        "linkedin": lambda: f"lnkd.in/{code('short', 'e', 7)}",
    }
    form = forms.get(post.platform)
    return form() if form else None


def _comment_link(post: Post, rng: random.Random) -> str | None:
    """A link to a comment under the post (each reporter's own comment), or for a reported
    Reddit comment the link to the post it is under; None where the URL cannot say."""
    if post.platform == "facebook" and post.kind == "post":
        return (f"www.facebook.com/{post.handle or post.owner_id}/posts/{post.ident}"
                f"?comment_id={rng.randrange(10**15, 10**16)}")
    if post.platform == "youtube":
        return f"www.youtube.com/watch?v={post.ident}&lc=Ugz{_token(rng, _B64URL, 23)}"
    if post.platform == "telegram":
        return f"t.me/{post.handle}/{post.ident}?comment={rng.randint(1, 5000)}"
    if post.platform == "reddit":
        sub, slug = post.fixed["sub"], post.fixed["slug"]
        comment = post.fixed.get("comment")
        if comment:
            return f"www.reddit.com/r/{sub}/comments/{post.ident}/{slug}/"
        other = _base(rng.randrange(36**6, 36**7), _BASE36)
        return f"www.reddit.com/r/{sub}/comments/{post.ident}/{slug}/{other}/"
    return None


def pasted_url(post: Post, noise: Noise, rng: random.Random) -> str:
    """The address one reporter pasted for the post: scheme and host case vary too.

    A style may make short links and comment links commoner than the platforms' own mix
    (`Noise.short_link`, `Noise.comment_link`); at 0 no dice are rolled for them, so the
    default world is unchanged."""
    address = None
    if noise.short_link and rng.random() < noise.short_link:
        address = _short_link(post, rng)
    if address is None and noise.comment_link and rng.random() < noise.comment_link:
        address = _comment_link(post, rng)
    if address is None:
        address = _PASTERS[post.platform](post, noise, rng)
    host, _, rest = address.partition("/")
    if rng.random() < noise.url_case:
        host = rng.choice((host.upper(), host.capitalize()))
    roll = rng.random()
    scheme = "" if roll < noise.url_scheme_missing else \
        "http://" if roll < noise.url_scheme_missing + 0.03 else "https://"
    if scheme and rng.random() < noise.url_case:
        scheme = scheme.capitalize()        # a phone keyboard's doing; schemes ignore case
    return f"{scheme}{host}/{rest}"

