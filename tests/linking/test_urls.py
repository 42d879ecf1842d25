"""Every URL form a reporter may paste for one piece of content gives that content's key."""

from __future__ import annotations

import pytest

from linking.platforms import platform_from_host, platform_from_text
from linking.urls import author_handle, canonical_content

SAME_CONTENT = {
    "x:post:1790000000000000000": [
        "https://twitter.com/JoeBloggs/status/1790000000000000000",
        "https://x.com/joebloggs/status/1790000000000000000?s=20&t=AbCdEf",
        "x.com/JoeBloggs/status/1790000000000000000/photo/1",
        "HTTPS://MOBILE.TWITTER.COM/JoeBloggs/statuses/1790000000000000000",
        "https://twitter.com/i/web/status/1790000000000000000",
        "https://www.twitter.com/JoeBloggs/status/1790000000000000000/video/1",
        "https://fxtwitter.com/JoeBloggs/status/1790000000000000000",
        "https://vxtwitter.com/JoeBloggs/status/1790000000000000000",
        "https://mobile.x.com/JoeBloggs/status/1790000000000000000/analytics",
        "//x.com/JoeBloggs/status/1790000000000000000",
        " <https://x.com/JoeBloggs/status/1790000000000000000>. ",
    ],
    "facebook:post:10160000000000001": [
        "https://www.facebook.com/permalink.php?story_fbid=10160000000000001&id=100000001",
        "https://m.facebook.com/story.php?story_fbid=10160000000000001&id=100000001",
        "https://www.facebook.com/joe.bloggs/posts/10160000000000001",
        "facebook.com/joe.bloggs/posts/10160000000000001/?mibextid=abc&fbclid=xyz",
        "https://mbasic.facebook.com/story.php?story_fbid=10160000000000001&id=1",
        "https://www.facebook.com/groups/123456/posts/10160000000000001/",
        "https://www.facebook.com/groups/123456/permalink/10160000000000001/",
    ],
    "facebook:video:998877665544": [
        "https://www.facebook.com/watch/?v=998877665544",
        "https://www.facebook.com/watch?v=998877665544&ref=sharing",
        "https://www.facebook.com/joe.bloggs/videos/998877665544/",
        "https://www.facebook.com/joe.bloggs/videos/a-title-here/998877665544/",
        "https://m.facebook.com/reel/998877665544",
        "https://www.facebook.com/video.php?v=998877665544",
    ],
    "instagram:post:C5xYz-12_Ab": [
        "https://www.instagram.com/p/C5xYz-12_Ab/",
        "https://instagram.com/p/C5xYz-12_Ab?igsh=MWQ1ZGUxMzBkMA==",
        "https://www.instagram.com/reel/C5xYz-12_Ab/?utm_source=ig_web_copy_link",
        "https://www.instagram.com/tv/C5xYz-12_Ab",
        "https://www.instagram.com/joe.bloggs/p/C5xYz-12_Ab/",
        "instagr.am/p/C5xYz-12_Ab",
    ],
    "tiktok:video:7300000000000000001": [
        "https://www.tiktok.com/@joe.bloggs/video/7300000000000000001",
        "https://www.tiktok.com/@joe.bloggs/video/7300000000000000001?is_from_webapp=1&lang=en",
        "https://m.tiktok.com/v/7300000000000000001.html",
        "https://www.tiktok.com/embed/v2/7300000000000000001",
        "tiktok.com/@Joe.Bloggs/video/7300000000000000001/",
    ],
    "youtube:video:dQw4w9WgXcQ": [
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42s",
        "https://youtu.be/dQw4w9WgXcQ?si=abcdef",
        "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube.com/shorts/dQw4w9WgXcQ",
        "https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1",
        "https://www.youtube.com/live/dQw4w9WgXcQ?feature=share",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://www.youtube.com/attribution_link?u=/watch?v=dQw4w9WgXcQ",
    ],
    "reddit:post:1abc2d": [
        "https://www.reddit.com/r/unitedkingdom/comments/1abc2d/a_slug_here/",
        "https://old.reddit.com/r/unitedkingdom/comments/1ABC2D/",
        "https://redd.it/1abc2d",
        "https://np.reddit.com/r/unitedkingdom/comments/1abc2d/a_slug_here/?context=3",
        "reddit.com/comments/1abc2d",
    ],
    "reddit:comment:kx9z8y1": [
        "https://www.reddit.com/r/unitedkingdom/comments/1abc2d/a_slug_here/kx9z8y1/",
        "https://www.reddit.com/r/unitedkingdom/comments/1abc2d/comment/kx9z8y1/?context=3",
        "https://old.reddit.com/r/unitedkingdom/comments/1abc2d/a_slug_here/KX9Z8Y1",
    ],
    "telegram:post:hatechannel/123": [
        "https://t.me/HateChannel/123",
        "https://t.me/s/hatechannel/123",
        "t.me/hatechannel/123?single",
        "https://telegram.me/HateChannel/123",
    ],
    "snapchat:spotlight:W7_EDlXWTBiXAEEniNoMPwAAYaW": [
        "https://www.snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYaW",
        "https://snapchat.com/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYaW?share_id=abc",
        "https://www.snapchat.com/@joe/spotlight/W7_EDlXWTBiXAEEniNoMPwAAYaW",
    ],
}


@pytest.mark.parametrize(("expected", "url"),
                         [(key, url) for key, urls in SAME_CONTENT.items() for url in urls])
def test_every_form_of_a_content_url_gives_its_key(expected: str, url: str) -> None:
    found = canonical_content(url)
    assert found is not None
    assert found.key == expected


@pytest.mark.parametrize(("left", "right"), [
    ("https://www.instagram.com/p/C5xYz12Ab/", "https://www.instagram.com/p/c5xyz12ab/"),
    ("https://youtu.be/dQw4w9WgXcQ", "https://youtu.be/dqw4w9wgxcq"),
    ("https://t.co/AbC123", "https://t.co/abc123"),
    ("https://x.com/a/status/1790000000000000000", "https://x.com/a/status/1790000000000000001"),
    ("https://www.reddit.com/r/uk/comments/1abc2d/slug/",
     "https://www.reddit.com/r/uk/comments/1abc2d/slug/kx9z8y1/"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ",
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzComment1"),
    ("https://www.facebook.com/joe/posts/101", "https://www.facebook.com/joe/posts/101?comment_id=7"),
    ("https://t.me/channel/12", "https://t.me/channel/13"),
])
def test_different_content_gets_different_keys(left: str, right: str) -> None:
    a, b = canonical_content(left), canonical_content(right)
    assert a is not None
    assert b is not None
    assert a.key != b.key


@pytest.mark.parametrize(("url", "expected"), [
    ("https://t.co/AbC123", "x:short:AbC123"),
    ("https://vm.tiktok.com/ZMhvqKq3s/", "tiktok:short:ZMhvqKq3s"),
    ("https://vt.tiktok.com/ZSabc/", "tiktok:short:ZSabc"),
    ("https://www.tiktok.com/t/ZTRabc12/", "tiktok:short:ZTRabc12"),
    ("https://fb.watch/oAbC-12/", "facebook:short:oAbC-12"),
    ("https://www.facebook.com/share/p/1AbCdEf/", "facebook:short:1AbCdEf"),
    ("https://www.reddit.com/r/unitedkingdom/s/AbCdEfGh", "reddit:short:AbCdEfGh"),
    ("https://t.snapchat.com/F6BjSGZU", "snapchat:short:F6BjSGZU"),
    ("https://lnkd.in/e5p1funx", "linkedin:short:e5p1funx"),
])
def test_short_links_are_their_own_unresolved_key(url: str, expected: str) -> None:
    found = canonical_content(url)
    assert found is not None
    assert found.key == expected
    assert not found.resolved


@pytest.mark.parametrize(("url", "expected"), [
    ("https://twitter.com/JoeBloggs", "x:account:joebloggs"),
    ("https://www.tiktok.com/@Joe.Bloggs", "tiktok:account:joe.bloggs"),
    ("https://www.facebook.com/profile.php?id=100000001", "facebook:account:100000001"),
    ("https://www.reddit.com/user/SomeUser/", "reddit:account:someuser"),
])
def test_profile_links_name_an_account_not_content(url: str, expected: str) -> None:
    found = canonical_content(url)
    assert found is not None
    assert found.key == expected
    assert not found.resolved


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.threads.net/@joe/post/C1AbCd", "threads:post:C1AbCd"),
    ("https://bsky.app/profile/Joe.bsky.social/post/3kabc", "bluesky:post:3kabc"),
    ("https://bsky.app/profile/did:plc:ufqofh2zsltekzvz/post/3kabc", "bluesky:post:3kabc"),
    ("https://whatsapp.com/channel/0029VaDEnRx5gkxMPyLIp1bg/832",
     "whatsapp:post:0029VaDEnRx5gkxMPyLIp1bg/832"),
    ("https://discord.com/channels/1/2/3", "discord:message:1/2/3"),
    ("https://www.linkedin.com/posts/joe_activity-7123456789012345678-abcd",
     "linkedin:post:7123456789012345678"),
    ("https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/",
     "linkedin:post:7123456789012345678"),
    ("https://www.twitch.tv/videos/123456?t=1h", "twitch:video:123456"),
    ("https://gab.com/joe/posts/110000000000000001", "gab:post:110000000000000001"),
    ("https://chat.whatsapp.com/AbCdEf123", "whatsapp:group:AbCdEf123"),
    ("https://www.example.com/news/story/?id=5&utm_source=x&fbclid=1",
     "web:page:example.com/news/story?id=5"),
])
def test_other_platforms_and_plain_pages(url: str, expected: str) -> None:
    found = canonical_content(url)
    assert found is not None
    assert found.key == expected


@pytest.mark.parametrize("text", ["", "   ", "not a url", "see screenshot", "https://x.com"])
def test_text_that_names_no_content_gives_no_key(text: str) -> None:
    assert canonical_content(text) is None


@pytest.mark.parametrize(("url", "expected"), [
    ("https://x.com/JoeBloggs/status/1790000000000000000/photo/1", "JoeBloggs"),
    ("https://www.tiktok.com/@bad.guy/video/7300000000000000001", "bad.guy"),
    ("https://t.me/s/HateChannel/123", "HateChannel"),
    ("https://twitter.com/i/web/status/1790000000000000000", None),
    ("https://www.facebook.com/groups/123/posts/456", None),
])
def test_author_is_read_from_the_path_where_the_platform_puts_it(url: str,
                                                                 expected: str | None) -> None:
    assert author_handle(url) == expected


@pytest.mark.parametrize(("host", "expected"), [
    ("vm.tiktok.com", "tiktok"), ("mobile.twitter.com", "x"), ("x.com", "x"), ("t.co", "x"),
    ("old.reddit.com", "reddit"), ("youtu.be", "youtube"), ("M.FACEBOOK.COM", "facebook"),
    ("instagr.am", "instagram"), ("t.me", "telegram"), ("example.com", None), ("notx.com", None),
])
def test_platform_from_host(host: str, expected: str | None) -> None:
    assert platform_from_host(host) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("Twitter", "x"), ("X", "x"), ("x (formerly twitter)", "x"), ("Twitter/X", "x"),
    ("insta", "instagram"), ("IG", "instagram"), ("FB", "facebook"), ("face book", "facebook"),
    ("tik tok", "tiktok"), ("TikTok", "tiktok"), ("on tik tok", "tiktok"), ("YT", "youtube"),
    ("youtube shorts", "youtube"), ("snap", "snapchat"), ("Whats App", "whatsapp"),
    ("it was a tweet", "x"), ("m.facebook.com", "facebook"), ("Blue Sky", "bluesky"),
    ("", None), ("the internet", None), ("Facebook and Instagram", None),
])
def test_platform_from_what_reporters_type(typed: str, expected: str | None) -> None:
    assert platform_from_text(typed) == expected


@pytest.mark.parametrize(("comment", "post"), [
    ("https://www.facebook.com/joe/posts/101?comment_id=7", "facebook:post:101"),
    ("https://m.facebook.com/story.php?story_fbid=101&id=4&comment_id=7", "facebook:post:101"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzComment1", "youtube:video:dQw4w9WgXcQ"),
    ("https://www.reddit.com/r/uk/comments/1abc2d/slug/kx9z8y1/", "reddit:post:1abc2d"),
    ("https://t.me/channel/12?comment=3", "telegram:post:channel/12"),
])
def test_a_comment_key_names_its_post_for_duplicates_and_keeps_its_own_id(
        comment: str, post: str) -> None:
    key = canonical_content(comment)
    assert key is not None
    assert key.kind == "comment"
    assert key.for_duplicates().key == post
    assert key.key != post


def test_an_instagram_share_link_is_a_short_link() -> None:
    key = canonical_content("https://www.instagram.com/share/BAbc12Xyz")
    assert key is not None
    assert key.key == "instagram:short:BAbc12Xyz"
