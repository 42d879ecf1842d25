"""Duplicate referrals: one case per reported post, never one case for two posts."""

from __future__ import annotations

from typing import Any

import pytest

from linking import referrals
from linking.referrals import (
    blocking_keys,
    compare,
    decide,
    link_referrals,
    lookup_keys,
    normalise_referral,
    relation,
    remembered,
)

RAID_TEXT = ("Send every last one of them back on the boats, this country is finished because of "
             "these parasites and nobody in Westminster has the guts to say it")
OTHER_TEXT = ("Mosques should be burned down before they spread any further into our towns, "
              "the council is complicit and we will sort it ourselves this weekend")


def referral(ref: str, **fields: Any) -> dict[str, Any]:
    return {"id": ref, "received_at": "2024-05-01T10:00:00+00:00", **fields}


def same_cluster(clusters: dict[str, str], *refs: str) -> bool:
    return len({clusters[r] for r in refs}) == 1


def test_every_url_form_of_one_post_is_one_cluster() -> None:
    records = [
        referral("TV1", content_urls=["https://twitter.com/JoeB/status/1790000000000000001"]),
        referral("TV2", content_urls=["x.com/joeb/status/1790000000000000001?s=20"]),
        referral("TV3", content_urls=["https://mobile.x.com/JoeB/status/1790000000000000001/"
                                      "photo/1"]),
        referral("TV4", content_urls=["https://twitter.com/i/web/status/1790000000000000001"]),
    ]
    clusters = link_referrals(records).clusters
    assert same_cluster(clusters, "TV1", "TV2", "TV3", "TV4")


def test_copy_and_paste_raid_posts_stay_separate_cases() -> None:
    records = [
        referral(f"TV{i}", content_urls=[f"https://x.com/raider{i}/status/17900000000000001{i:02d}"],
                 content_text=RAID_TEXT, platform="Twitter", suspect_handles=[f"@raider{i}"])
        for i in range(20)
    ]
    clusters = link_referrals(records).clusters
    assert len(set(clusters.values())) == 20
    a, b = (normalise_referral(r) for r in records[:2])
    assert relation(a, b) == "SAME_RAID_TEXT"


def test_the_same_author_posting_twice_is_two_cases_about_one_suspect() -> None:
    first = referral("TV1", content_urls=["https://www.tiktok.com/@joeb/video/7300000000000000001"],
                     content_text=RAID_TEXT, suspect_handles=["@joeb"])
    second = referral("TV2", content_urls=["https://www.tiktok.com/@joeb/video/7300000000000000002"],
                      content_text=OTHER_TEXT, suspect_handles=["@JoeB"])
    clusters = link_referrals([first, second]).clusters
    assert clusters["TV1"] != clusters["TV2"]
    assert relation(normalise_referral(first), normalise_referral(second)) == "SAME_SUSPECT"


@pytest.mark.parametrize("typed", [
    "Send every Iast one of thern back on the boats, this country is finlshed because of these "
    "parasltes and nobody in Westrninster has the guts to say it",
    "SEND EVERY LAST ONE OF THEM BACK ON THE BOATS this country is finished",
    "this country is finished because of these parasites, send every last one of them back on "
    "the boats and nobody in Westminster has the guts to say it",
])
def test_a_referral_without_a_url_joins_its_post_by_text_handle_and_platform(typed: str) -> None:
    records = [
        referral("TV1", content_urls=["https://x.com/JoeB/status/1790000000000000001"],
                 content_text=RAID_TEXT, platform="X"),
        referral("TV2", content_text=typed, platform="twitter", suspect_handles=["joeb"],
                 received_at="2024-05-01T18:30:00Z"),
        referral("TV3", content_urls=["https://x.com/Someone/status/1790000000000000099"],
                 content_text=OTHER_TEXT, platform="X"),
    ]
    clusters = link_referrals(records).clusters
    assert same_cluster(clusters, "TV1", "TV2")
    assert clusters["TV3"] != clusters["TV1"]


def test_a_short_link_joins_its_post_by_text_and_author() -> None:
    records = [
        referral("TV1", content_urls=["https://www.tiktok.com/@joeb/video/7300000000000000001"],
                 content_text=OTHER_TEXT, platform="TikTok"),
        referral("TV2", content_urls=["https://vm.tiktok.com/ZMabc123/"], content_text=OTHER_TEXT,
                 platform="tik tok", suspect_handles=["@JoeB"]),
    ]
    assert same_cluster(link_referrals(records).clusters, "TV1", "TV2")


def test_raid_text_without_a_url_or_handle_joins_none_of_the_raid_posts() -> None:
    raid = [referral(f"TV{i}", content_urls=[f"https://x.com/r{i}/status/1790000000000000{i:03d}"],
                     content_text=RAID_TEXT, platform="X") for i in range(5)]
    vague = referral("TV99", content_text=RAID_TEXT, platform="X")
    clusters = link_referrals([*raid, vague]).clusters
    assert all(clusters["TV99"] != clusters[r["id"]] for r in raid)
    candidates = [normalise_referral(r) for r in raid]
    assert decide(normalise_referral(vague), candidates) is None


def test_at_intake_raid_text_joins_no_earlier_copy_reported_without_a_url() -> None:
    """A copy of raid text reported without a link fits every other such copy exactly, but also
    every raid post reported with one: intake, like the batch linker, joins it to none of them,
    and a raid post arriving with its own link does not join the copy either."""
    raid = [referral(f"TV{i}", content_urls=[f"https://x.com/r{i}/status/1790000000000000{i:03d}"],
                     content_text=RAID_TEXT, platform="X") for i in range(5)]
    copy = referral("TV50", content_text=RAID_TEXT, platform="X")
    vague = referral("TV99", content_text=RAID_TEXT, platform="X")
    later = referral("TV6", content_urls=["https://x.com/r6/status/1790000000000000006"],
                     content_text=RAID_TEXT, platform="X")
    stored = [normalise_referral(r, blocked=False) for r in (*raid, copy)]
    assert decide(normalise_referral(vague), stored) is None
    assert decide(normalise_referral(later), stored) is None
    clusters = link_referrals([*raid, copy, vague, later]).clusters
    assert clusters["TV99"] != clusters["TV50"]
    assert clusters["TV6"] != clusters["TV50"]


def test_raid_text_with_the_raiders_handle_joins_that_raiders_post() -> None:
    raiders = ["@PatriotPete", "@lionheart_1966", "@TrueBrit", "@OnlyFacts_UK", "@Gazza2024"]
    raid = [referral(f"TV{i}", content_urls=[f"https://x.com/r{i}/status/1790000000000000{i:03d}"],
                     content_text=RAID_TEXT, platform="X", suspect_handles=[name])
            for i, name in enumerate(raiders)]
    named = referral("TV99", content_text=RAID_TEXT, platform="twitter",
                     suspect_handles=["@onlyfacts_uk"])
    clusters = link_referrals([*raid, named]).clusters
    assert clusters["TV99"] == clusters["TV3"]
    assert sum(clusters["TV99"] == clusters[r["id"]] for r in raid) == 1
    chosen = decide(normalise_referral(named), [normalise_referral(r) for r in raid])
    assert chosen is not None
    assert chosen.right == "TV3"
    assert any(e.feature == "other posts fit too" for e in chosen.evidence)


def test_a_referral_naming_only_a_prolific_account_joins_none_of_its_posts() -> None:
    posts = [normalise_referral(referral(
        f"TV{i}", content_urls=[f"https://www.tiktok.com/@joeb/video/73000000000000000{i:02d}"],
        content_text=f"{OTHER_TEXT} number {i}")) for i in range(6)]
    vague = normalise_referral(referral("TV99", platform="TikTok", suspect_handles=["@joeb"]))
    assert decide(vague, posts) is None
    assert decide(vague, posts[:1]) is not None


def test_a_post_known_by_two_facebook_ids_is_one_case() -> None:
    # Facebook shows a post under a numeric id and an opaque pfbid one; neither proves the other
    # wrong, so the words, the account and the time decide.
    records = [
        referral("TV1", content_urls=["https://www.facebook.com/joe.b/posts/122001604693283985"],
                 content_text=OTHER_TEXT, suspect_handles=["joe.b"]),
        referral("TV2", content_urls=["https://www.facebook.com/joe.b/posts/pfbid02AbCdEfGh"],
                 content_text=OTHER_TEXT, suspect_handles=["Joe.B"]),
        referral("TV3", content_urls=["https://www.facebook.com/joe.b/posts/122001604693283999"],
                 content_text=RAID_TEXT, suspect_handles=["joe.b"]),
    ]
    clusters = link_referrals(records).clusters
    assert clusters["TV1"] == clusters["TV2"] != clusters["TV3"]


def test_a_referral_without_a_platform_meets_posts_on_any_platform() -> None:
    typed = normalise_referral(referral("TV1", content_text=OTHER_TEXT))
    stored = normalise_referral(referral("TV2", content_text=OTHER_TEXT, platform="Instagram"))
    assert lookup_keys(typed) & blocking_keys(stored)
    assert lookup_keys(stored) & blocking_keys(typed)
    records = [
        referral("TV2", content_urls=["https://www.instagram.com/p/C5xYz12Ab/"],
                 content_text=OTHER_TEXT, platform="Instagram", suspect_handles=["bad.actor"]),
        referral("TV1", content_text=OTHER_TEXT, suspect_handles=["@bad.actor"]),
    ]
    assert same_cluster(link_referrals(records).clusters, "TV1", "TV2")


def test_analyst_merge_and_split_decisions_are_honoured() -> None:
    records = [
        referral("TV1", content_urls=["https://youtu.be/dQw4w9WgXcQ"]),
        referral("TV2", content_urls=["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]),
        referral("TV3", content_urls=["https://www.youtube.com/shorts/dQw4w9WgXcQ"]),
        referral("TV4", content_urls=["https://www.youtube.com/watch?v=aaaaaaaaaaa"]),
    ]
    linked = link_referrals(records, must_link=[("TV1", "TV4")], cannot_link=[("TV2", "TV3")])
    assert same_cluster(linked.clusters, "TV1", "TV4")
    assert linked.clusters["TV2"] != linked.clusters["TV3"]


def test_every_link_carries_its_evidence() -> None:
    records = [
        referral("TV1", content_urls=["https://x.com/JoeB/status/1790000000000000001"],
                 content_text=RAID_TEXT),
        referral("TV2", content_urls=["https://twitter.com/JoeB/status/1790000000000000001"]),
        referral("TV3", content_text=RAID_TEXT, platform="X", suspect_handles=["@JoeB"]),
    ]
    links = link_referrals(records).links
    assert {frozenset((m.left, m.right)) for m in links} >= {frozenset(("TV1", "TV2"))}
    assert any("TV3" in (m.left, m.right) for m in links)
    for match in links:
        assert match.evidence
        assert match.weight > 0
        assert 0.5 <= match.probability <= 1.0


def test_a_viral_post_is_collapsed_before_comparing(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = referrals.compare

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(referrals, "compare", counting)
    viral = [referral(f"TV{i}", content_urls=["https://www.instagram.com/p/C5xYz12Ab/"],
                      content_text=OTHER_TEXT, suspect_handles=["bad.actor"])
             for i in range(5000)]
    typed = [referral(f"TT{i}", content_text=OTHER_TEXT, platform="insta") for i in range(20)]
    clusters = link_referrals([*viral, *typed]).clusters
    assert same_cluster(clusters, *(r["id"] for r in viral))
    assert len(calls) < 1000


def test_blocking_keys_meet_for_two_forms_of_one_url() -> None:
    a = normalise_referral(referral("TV1", content_urls=["https://youtu.be/dQw4w9WgXcQ"]))
    b = normalise_referral(referral("TV2", content_urls=["m.youtube.com/watch?v=dQw4w9WgXcQ"]))
    assert "c:youtube:video:dQw4w9WgXcQ" in blocking_keys(a) & blocking_keys(b)


def test_a_missing_field_is_neutral_not_negative() -> None:
    bare = normalise_referral({"id": "TV1"})
    other = normalise_referral(referral("TV2", content_text=RAID_TEXT, platform="X"))
    assert all(e.weight == 0 for e in compare(bare, other).evidence)


def test_decide_picks_the_post_a_new_referral_reports() -> None:
    posts = [normalise_referral(referral(f"TV{i}", content_urls=[url], content_text=text))
             for i, (url, text) in enumerate([
                 ("https://x.com/JoeB/status/1790000000000000001", RAID_TEXT),
                 ("https://x.com/Ann/status/1790000000000000002", OTHER_TEXT)])]
    new = normalise_referral(referral("TV9", content_urls=[
        "https://twitter.com/joeb/status/1790000000000000001?s=46"]))
    chosen = decide(new, posts)
    assert chosen is not None
    assert chosen.right == "TV0"
    assert decide(new, []) is None


def test_progress_counts_every_referral() -> None:
    seen: list[int] = []
    link_referrals([referral(f"TV{i}") for i in range(2500)], progress=seen.append)
    assert sum(seen) == 2500


def test_a_candidate_normalised_without_its_bands_decides_and_relates_alike() -> None:
    """Intake skips the MinHash bands of the stored reports it compares (they are only for
    blocking); the decision, its evidence and the relations must be those of full features."""
    new = normalise_referral(referral("TV9", content_text=RAID_TEXT.upper(),
                                      suspect_handles=["@JoeB"], platform="X"))
    stored = [referral("TV1", content_urls=["https://x.com/JoeB/status/1790000000000000001"],
                       content_text=RAID_TEXT, suspect_handles=["JoeB"]),
              referral("TV2", content_urls=["https://x.com/Ann/status/1790000000000000002"],
                       content_text=RAID_TEXT),
              referral("TV3", content_text=OTHER_TEXT, suspect_handles=["joeb"])]
    full = [normalise_referral(record) for record in stored]
    light = [normalise_referral(record, blocked=False) for record in stored]
    assert all(f.bands for f in full[:2])
    assert not any(f.bands for f in light)
    joined = decide(new, light)
    assert joined is not None
    assert joined.right == "TV1"
    assert joined == decide(new, full)
    assert [relation(new, f) for f in light] == [relation(new, f) for f in full] == [
        "SAME_RAID_TEXT", "SAME_RAID_TEXT", "SAME_SUSPECT"]
    assert [compare(new, f) for f in light] == [compare(new, f) for f in full]


def test_a_handle_remembers_its_accounts_posts_and_a_content_key_its_reports() -> None:
    handle: list[tuple[str, str]] = []
    content: list[tuple[str, str]] = []
    for ref, post in [("TV1", "A"), ("TV2", "B"), ("TV3", "B"), ("TV4", "B"), ("TV5", "C")]:
        handle = remembered("h:prolific", handle, ref, post)
        content = remembered("c:x:status:1", content, ref, post)
    assert handle == [("TV5", "C"), ("TV4", "B"), ("TV1", "A")]
    assert content == [("TV5", "C"), ("TV4", "B"), ("TV3", "B")]


@pytest.mark.parametrize(("post", "comment"), [
    ("https://www.facebook.com/joeb/posts/122000000000001",
     "https://www.facebook.com/joeb/posts/122000000000001?comment_id=987654321"),
    ("https://youtu.be/dQw4w9WgXcQ",
     "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgzCommentAbc123"),
    ("https://www.reddit.com/r/unitedkingdom/comments/1abc2d/a_slug/",
     "https://www.reddit.com/r/unitedkingdom/comments/1abc2d/a_slug/kx9z8y1/"),
    ("https://t.me/joebchannel/412", "https://t.me/joebchannel/412?comment=77"),
])
def test_a_link_to_a_comment_joins_the_case_of_its_post(post: str, comment: str) -> None:
    records = [referral("TV1", content_urls=[post]), referral("TV2", content_urls=[comment])]
    linkage = link_referrals(records)
    assert same_cluster(linkage.clusters, "TV1", "TV2")
    (link,) = [m for m in linkage.links if {m.left, m.right} == {"TV1", "TV2"}]
    assert "linked through" in link.evidence[0].value


def test_comments_under_different_posts_stay_apart() -> None:
    records = [
        referral("TV1", content_urls=["https://www.facebook.com/joeb/posts/1?comment_id=5"]),
        referral("TV2", content_urls=["https://www.facebook.com/joeb/posts/2?comment_id=5"]),
    ]
    clusters = link_referrals(records).clusters
    assert clusters["TV1"] != clusters["TV2"]


LEISURE_POST = ("Honestly the new leisure centre in Aberystwyth has gone downhill since the "
                "council handed it to Grendon Holdings, absolute shambles every single weekend now")


@pytest.mark.parametrize("typed", [
    "Hone5tly the new 1eisure centre in Aberystvvyth has gone dovvnhill since",
    "honestly the new leisure centre in aberystwyth has gone d",
])
def test_a_copy_cut_short_and_misread_joins_its_post_by_its_rarer_words(typed: str) -> None:
    others = [referral(f"TV{i + 10}", platform="X",
                       content_urls=[f"https://x.com/f{i}/status/17900000000000010{i:02d}"],
                       content_text=f"Quick one the bin collection in town {i} was chaos again "
                                    f"and the market is a joke {i * 7}")
              for i in range(30)]
    records = [referral("TV1", content_urls=["https://x.com/joeb/status/1790000000000000001"],
                        content_text=LEISURE_POST, platform="X"), *others,
               referral("TV2", content_text=typed, platform="twitter",
                        received_at="2024-05-01T12:00:00+00:00")]
    copy, post = normalise_referral(records[-1]), normalise_referral(records[0])
    assert len(copy.bands & post.bands) < referrals.BANDS_ALONE  # too few bands to meet by
    clusters = link_referrals(records).clusters
    assert same_cluster(clusters, "TV1", "TV2")
    assert all(clusters[r["id"]] != clusters["TV1"] for r in others)


def test_words_many_units_hold_are_not_rare() -> None:
    units = [normalise_referral(referral(f"TV{i}", content_text=f"shambles again in town{i}"))
             for i in range(30)]
    units.append(normalise_referral(referral("TV98", content_text="grendon holdings shambles")))
    units.append(normalise_referral(referral("TV99", content_text="grendon holdings again")))
    rare = referrals.rare_words(units)
    assert {"grendon", "holdlngs"} <= rare
    assert "shambles" not in rare
    assert "town3" not in rare


def test_a_link_written_into_the_narrative_counts_as_the_referrals_link() -> None:
    records = [referral("TV1", content_urls=["https://t.me/joebchannel/412"]),
               referral("TV2", narrative="Screenshot attached, the post has since been edited.: "
                                         "t.me/s/JoebChannel/412 see also https://example.org/x")]
    assert same_cluster(link_referrals(records).clusters, "TV1", "TV2")
    assert [k.key for k in normalise_referral(records[1]).content] == [
        "telegram:post:joebchannel/412"]


def test_raid_copies_reported_without_a_post_id_are_rivals_when_their_accounts_differ() -> None:
    raid = [normalise_referral(referral(f"TV{i}", content_urls=[f"https://vm.tiktok.com/ZM{i}x/"],
                                        content_text=RAID_TEXT, platform="TikTok",
                                        suspect_handles=[name]))
            for i, name in enumerate(["@PatriotPete", "@lionheart_1966", "@TrueBrit"])]
    copy = normalise_referral(referral("TV99", content_text=RAID_TEXT, platform="tiktok"))
    assert decide(copy, raid) is None
    assert decide(copy, raid[:1]) is not None


def test_an_open_copy_joins_the_split_report_of_its_post_it_fits_whichever_comes_last() -> None:
    """Two reports of one post that an analyst split are two units of one post; a copy of the
    post's text is weighed against the post as well as the better of them fits it, not as the
    last one met fits it (the batch linker kept the last, intake the best)."""
    url = "https://x.com/joeb/status/1790000000000000001"
    records = [
        referral("TV1", content_urls=[url], content_text=OTHER_TEXT, platform="X",
                 suspect_handles=["@joeb"]),
        referral("TV2", content_urls=[url], platform="X", suspect_handles=["@joeb"],
                 received_at="2024-07-01T10:00:00+00:00"),
        referral("TV3", content_text=OTHER_TEXT, platform="X", suspect_handles=["@joeb"]),
    ]
    clusters = link_referrals(records, cannot_link=[("TV1", "TV2")]).clusters
    assert clusters["TV3"] == clusters["TV1"] != clusters["TV2"]
    posts = ["x:post:1", "x:post:1"]
    good, poor = (compare(normalise_referral(records[2]), normalise_referral(r))
                  for r in records[:2])
    assert referrals.best_per_post(posts, [good, poor])["x:post:1"] is good
    assert referrals.best_per_post(posts, [poor, good])["x:post:1"] is good


def test_at_intake_a_copy_joins_its_post_although_another_copy_names_another_account() -> None:
    """A copy of a post's text, reported without a link, is weighed against the posts met with
    a link as the batch linker's join stage weighs it: another copy that names another account
    (a slip, a display name) is some post's report, maybe this one's, not a rival post."""
    post = referral("TV1", content_urls=["https://x.com/truecitizen/status/1790000000000000001"],
                    content_text=OTHER_TEXT, platform="X", suspect_handles=["@truecitizen"])
    slip = referral("TV2", content_text=OTHER_TEXT, platform="X",
                    suspect_handles=["@harry_jordan134"])
    copy = referral("TV3", content_text=OTHER_TEXT, platform="X")
    stored = [normalise_referral(r, blocked=False) for r in (post, slip)]
    joined = decide(normalise_referral(copy), stored)
    assert joined is not None
    assert joined.right == "TV1"
    assert same_cluster(link_referrals([post, slip, copy]).clusters, "TV1", "TV3")


def test_at_intake_a_report_fitting_two_cases_joins_the_one_opened_first() -> None:
    """A post's short link, reported alone, shares no key with the post's link and opened a
    second case; a report giving both the short link and the post's words fits both cases
    outright and joins the first, so the post's later reports gather there."""
    post = referral("TV1", content_urls=["https://www.tiktok.com/@joeb/video/7300000000000000001"],
                    content_text=OTHER_TEXT, platform="tiktok", suspect_handles=["@joeb"])
    short = referral("TV2", content_urls=["https://vm.tiktok.com/ZMabc12/"], platform="tiktok")
    both = referral("TV3", content_urls=["vm.tiktok.com/ZMabc12"], content_text=OTHER_TEXT,
                    platform="tiktok", suspect_handles=["@joeb"])
    stored = [normalise_referral(r, blocked=False) for r in (post, short)]
    new = normalise_referral(both)
    first = decide(new, stored, {"TV1": 100.0, "TV2": 200.0})
    assert first is not None
    assert first.right == "TV1"
    assert first.probability >= referrals.JOIN
    swapped = decide(new, stored, {"TV1": 200.0, "TV2": 100.0})
    assert swapped is not None
    assert swapped.right == "TV2"
