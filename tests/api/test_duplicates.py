"""Duplicate reports become one case as they arrive; raids stay separate but related."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx

from api.settings import ApiSettings
from casework.access import Role
from graph.driver import Graph
from tests.support.graphql import gql
from tests.support.intake import referral, submit
from tests.support.stores import unmaintained_cases
from tests.support.tokens import bearer

URL_FORMS = [
    "https://x.com/hater/status/1790000000000000042",
    "https://twitter.com/hater/status/1790000000000000042?s=20&t=abc",
    "mobile.twitter.com/hater/status/1790000000000000042/photo/1",
    "HTTPS://WWW.X.COM/hater/status/1790000000000000042",
    "https://x.com/i/web/status/1790000000000000042",
]


async def test_fifty_concurrent_referrals_of_one_post_end_in_one_case(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    results = await asyncio.gather(*(
        submit(client, api_settings, referral(
            f"TV-VIRAL-{n:03d}", contentUrls=[URL_FORMS[n % len(URL_FORMS)]],
            victim={"name": f"Victim {n}", "postcode": "LS6 2AB"}))
        for n in range(50)))
    assert all(r["userErrors"] == [] for r in results)
    assert len({r["case"]["reference"] for r in results}) == 1
    rows = await clean_graph.rows(
        "MATCH (c:Case) RETURN count(c) AS cases, "
        "COUNT { (:Report)-[:PART_OF]->(:Case) } AS reports, "
        "COUNT { (:Victim) } AS victims")
    assert rows == [{"cases": 1, "reports": 50, "victims": 50}]
    assert await unmaintained_cases(clean_graph) == []  # no joining referral's count is lost


async def test_a_text_only_referral_joins_the_case_with_evidence(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    text = "You people should all be sent back where you came from, every last one of you"
    first = await submit(client, api_settings, referral(
        "TV-T1", contentText=text, suspectHandles=["@hater"],
        contentUrls=["https://x.com/hater/status/1790000000000000077"]))
    second = await submit(client, api_settings, referral(
        "TV-T2", contentUrls=[], suspectHandles=["hater"],
        contentText="you people should all be sent back where you carne from, every last one"))
    assert second["case"]["reference"] == first["case"]["reference"]
    [link] = await clean_graph.rows(
        "MATCH (:Report {truevisionRef: 'TV-T2'})-[d:DUPLICATE_OF]->(:Report) "
        "RETURN d.probability AS p, d.evidence AS evidence")
    assert link["p"] >= 0.5
    features = {e["feature"] for e in json.loads(link["evidence"])}
    assert {"text", "account"} <= features


async def test_a_referral_that_names_no_platform_finds_the_post_on_any(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """Text bands are stored per platform; a reporter who says neither platform nor URL must
    still be compared with the stored post, wherever it was."""
    text = ("Mosques should be burned down before they spread any further into our towns, "
            "the council is complicit and we will sort it ourselves this weekend")
    first = await submit(client, api_settings, referral(
        "TV-P1", contentText=text, platform="Instagram", suspectHandles=["bad.actor"],
        contentUrls=["https://www.instagram.com/p/C5xYz12Ab/"]))
    second = await submit(client, api_settings, referral(
        "TV-P2", contentText=text[:110].replace("complicit", "cornplicit"), platform=None,
        contentUrls=[], suspectHandles=[]))
    assert second["case"]["reference"] == first["case"]["reference"]


async def test_a_copy_and_paste_raid_is_related_not_merged(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    text = "Get out of our country, nobody wants your kind here, go home now"
    one = await submit(client, api_settings, referral(
        "TV-R1", contentText=text, suspectHandles=["@raider_a"],
        contentUrls=["https://x.com/raider_a/status/1790000000000000101"]))
    two = await submit(client, api_settings, referral(
        "TV-R2", contentText=text, suspectHandles=["@raider_b"],
        contentUrls=["https://x.com/raider_b/status/1790000000000000202"]))
    assert one["case"]["reference"] != two["case"]["reference"]
    rows = await clean_graph.rows(
        "MATCH (a:Case)-[r:RELATED_TO]->(b:Case) RETURN a.reference AS a, b.reference AS b, "
        "r.kind AS kind")
    assert rows == [{"a": two["case"]["reference"], "b": one["case"]["reference"],
                     "kind": "SAME_RAID_TEXT"}]
    body = await gql(client, "query { cases { totalCount } }",
                     bearer(api_settings, Role.HUB_OFFICER))
    assert body["data"]["cases"]["totalCount"] == 2


async def test_a_referral_joining_a_case_relates_it_to_the_raid_once(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """The raid text can arrive with a later referral of a post: the case it joins becomes
    related to the raid then, and further referrals of the post add no second relation."""
    text = "Get out of our country, nobody wants your kind here, go home now"
    post_b = ["https://x.com/raider_b/status/1790000000000000202"]
    raid = await submit(client, api_settings, referral(
        "TV-J1", contentText=text, suspectHandles=["@raider_a"],
        contentUrls=["https://x.com/raider_a/status/1790000000000000101"]))
    first = await submit(client, api_settings, referral(
        "TV-J2", contentText="a picture of a burning flag", suspectHandles=["@raider_b"],
        contentUrls=post_b))
    for ref in ("TV-J3", "TV-J4"):
        later = await submit(client, api_settings, referral(
            ref, contentText=text, suspectHandles=["@raider_b"], contentUrls=post_b))
        assert later["case"]["reference"] == first["case"]["reference"]
    rows = await clean_graph.rows(
        "MATCH (a:Case)-[r:RELATED_TO]->(b:Case) RETURN a.reference AS a, b.reference AS b, "
        "r.kind AS kind, r.via AS via")
    assert rows == [{"a": first["case"]["reference"], "b": raid["case"]["reference"],
                     "kind": "SAME_RAID_TEXT", "via": "TV-J1"}]


async def test_two_cases_of_one_suspect_are_related_once_whichever_sees_the_other(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """The suspect's second post relates its case to the first; a later referral of the first
    post meets the second again, and must find that relation rather than add the reverse one
    (which would list each case twice among the other's related cases)."""
    first_post = ["https://x.com/serial_hater/status/1790000000000000301"]
    first = await submit(client, api_settings, referral(
        "TV-S1", contentText="they should all be deported", suspectHandles=["@serial_hater"],
        contentUrls=first_post))
    second = await submit(client, api_settings, referral(
        "TV-S2", contentText="a cartoon of a burning mosque", suspectHandles=["@serial_hater"],
        contentUrls=["https://x.com/serial_hater/status/1790000000000000302"]))
    later = await submit(client, api_settings, referral(
        "TV-S3", contentText="they should all be deported", suspectHandles=["@serial_hater"],
        contentUrls=first_post))
    assert later["case"]["reference"] == first["case"]["reference"]
    officer = bearer(api_settings, Role.HUB_OFFICER)
    related = "query($r: String!) { case(reference: $r) { relatedCases { kind reference } } }"
    for case, other in ((first, second), (second, first)):
        body = await gql(client, related, officer, r=case["case"]["reference"])
        assert body["data"]["case"]["relatedCases"] == [
            {"kind": "SAME_SUSPECT", "reference": other["case"]["reference"]}]


async def test_a_suspects_new_post_is_related_to_their_posts_before_one_went_viral(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """A handle remembers its account's recent posts, one report each: eleven reports of one
    viral post must not push the account's earlier post out of sight of its next one."""
    async def post(ref: str, status: int, text: str) -> dict[str, Any]:
        return await submit(client, api_settings, referral(
            ref, contentText=text, suspectHandles=["@prolific"],
            contentUrls=[f"https://x.com/prolific/status/{1790000000000000400 + status}"]))

    earlier = await post("TV-E0", 1, "an old post about the mosque on the high street")
    viral = [await post(f"TV-V{n:02d}", 2, "a picture of a burning flag") for n in range(11)]
    newest = await post("TV-N0", 3, "they are coming for your jobs and your children")
    officer = bearer(api_settings, Role.HUB_OFFICER)
    body = await gql(client, "query($r: String!) { case(reference: $r) { relatedCases { "
                     "kind reference } } }", officer, r=newest["case"]["reference"])
    assert sorted(body["data"]["case"]["relatedCases"], key=lambda r: r["reference"]) == [
        {"kind": "SAME_SUSPECT", "reference": earlier["case"]["reference"]},
        {"kind": "SAME_SUSPECT", "reference": viral[0]["case"]["reference"]}]


async def test_concurrent_copies_linked_only_by_their_text_end_in_one_case(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    """Copies cut at different points have different fingerprints, and with no URL or handle
    only their text bands link them: arriving together, they must still be decided one after
    another, or each opens a case before seeing the others."""
    text = ("Mosques should be burned down before they spread any further into our towns, "
            "the council is complicit and we will sort it ourselves this weekend, all of us")
    copies = [text[:100 + 6 * n] for n in range(10)]
    results = await asyncio.gather(*(
        submit(client, api_settings, referral(
            f"TV-COPY-{n:02d}", contentText=copy, contentUrls=[], suspectHandles=[],
            platform="Facebook"))
        for n, copy in enumerate(copies)))
    assert all(r["userErrors"] == [] for r in results)
    assert len({r["case"]["reference"] for r in results}) == 1


async def test_a_duplicate_adds_the_strands_its_complainant_perceived(
        client: httpx.AsyncClient, api_settings: ApiSettings, clean_graph: Graph) -> None:
    url = "https://x.com/hater/status/1790000000000000555"
    for ref, strands in (("TV-S1", ["Religion"]), ("TV-S2", ["Race", "Religion"]),
                         ("TV-S3", ["Race"])):
        result = await submit(client, api_settings, referral(
            ref, contentUrls=[url], perceivedStrands=strands))
        assert result["userErrors"] == []
    assert await clean_graph.rows("MATCH (c:Case) RETURN c.strands AS strands") == [
        {"strands": ["religion", "race"]}]
