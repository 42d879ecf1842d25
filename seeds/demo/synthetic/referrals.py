"""Truevision referrals as reporters fill them in: one post, seen through one person's eyes.

Each referral has its own victim and, for about a third, a complainant reporting for them.
What they give about the post varies: a pasted address (in its own form), the text as copied
or read off a screenshot, a handle as typed, the platform in their own words, or nothing but
a description.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from seeds.demo.synthetic import contacts
from seeds.demo.synthetic.dice import Dice
from seeds.demo.synthetic.garble import copied_text, typed_handle
from seeds.demo.synthetic.params import Noise
from seeds.demo.synthetic.people import Author
from seeds.demo.synthetic.posts import STRANDS
from seeds.demo.synthetic.urls import Post, pasted_url
from seeds.demo.synthetic.vocabulary import (
    CHARACTERISTIC_WORDS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    NARRATIVES,
    OTHER_CHARACTERISTICS,
    PLATFORM_SPELLINGS,
    RELATIONS,
    STRAND_SPELLINGS,
)

# Content on these platforms is mostly reported from screenshots, not links.
_MOSTLY_WITHOUT_LINKS = {"whatsapp": 0.85, "discord": 0.4, "snapchat": 0.35}


def _received(timestamp: float) -> datetime:
    return datetime.fromtimestamp(int(timestamp), UTC)


class ReferralWriter:
    def __init__(self, seed: int, noise: Noise, unrelated_handles: list[str]) -> None:
        self.noise = noise
        self.rng = Dice(f"referrals:{seed}")
        self.unrelated = unrelated_handles or ["someone"]

    def _party(self, postcode: float, email: float, phone: float) -> dict[str, str]:
        rng, noise = self.rng, self.noise
        given, family = rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)
        party = {"name": f"{given} {family}" if rng.random() < 0.9 else given}
        if rng.random() < postcode:
            party["postcode"] = contacts.typed_postcode(contacts.postcode(rng), noise, rng)
        if rng.random() < email:
            local = contacts.email_local(given, family, rng.randint(1950, 2008), rng)
            party["email"] = contacts.styled_email(f"{local}@example.net", noise, rng)
        if rng.random() < phone:
            party["phone"] = contacts.formatted_phone(contacts.victim_number(rng), rng)
        return party

    def _handles(self, author: Author) -> list[str]:
        rng, noise = self.rng, self.noise
        handles = []
        if rng.random() < noise.suspect_handle:
            if author.handle and rng.random() >= noise.display_name_as_handle:
                handles.append(typed_handle(author.handle, noise, rng))
            elif author.display_name:
                handles.append(author.display_name)
        if author.other_handles and rng.random() < noise.other_account_named:
            handles.append(typed_handle(rng.choice(author.other_handles), noise, rng))
        if rng.random() < noise.unrelated_handle_named:
            handles.append(typed_handle(rng.choice(self.unrelated), noise, rng))
        return handles

    def _strands(self, strand: str) -> list[str]:
        rng, noise = self.rng, self.noise
        strands = [strand]
        if rng.random() < noise.second_strand:
            strands.append(rng.choice([s for s in STRANDS if s != strand]))
        spelled = [rng.choice(STRAND_SPELLINGS[s]) if rng.random() < noise.strand_spelling
                   else s for s in strands]
        if rng.random() < noise.other_characteristic:
            spelled.append(rng.choice(OTHER_CHARACTERISTICS))
        return spelled

    def _narrative(self, platform: str, strand: str) -> str:
        rng = self.rng
        return rng.choice(NARRATIVES).format(
            platform=rng.choice(PLATFORM_SPELLINGS[platform]), relation=rng.choice(RELATIONS),
            characteristic=rng.choice(CHARACTERISTIC_WORDS[strand]))

    def referral(self, number: int, post: Post, author: Author, strand: str,
                 received: float) -> dict[str, Any]:
        rng, noise = self.rng, self.noise
        at = _received(received)
        record: dict[str, Any] = {"id": f"TV-{at.year}-{number:07d}",
                                  "received_at": at.strftime("%Y-%m-%dT%H:%M:%SZ")}
        without_link = max(noise.no_url, _MOSTLY_WITHOUT_LINKS.get(post.platform, 0.0))
        urls = [] if rng.random() < without_link else [pasted_url(post, noise, rng)]
        if urls and rng.random() < noise.second_url:
            urls.append(pasted_url(post, noise, rng))
        narrative = self._narrative(post.platform, strand) if rng.random() < noise.narrative \
            else None
        if not urls and rng.random() < noise.url_in_narrative:
            narrative = f"{narrative or 'Link'}: {pasted_url(post, noise, rng)}"
        if narrative:
            record["narrative"] = narrative
        if urls:
            record["content_urls"] = urls
        if rng.random() < (noise.copied_text_with_url if urls else noise.copied_text_without_url):
            record["content_text"] = copied_text(post.text, not urls, noise, rng)
        if rng.random() < noise.platform_given:
            record["platform"] = rng.choice(PLATFORM_SPELLINGS[post.platform])
        handles = self._handles(author)
        if handles:
            record["suspect_handles"] = handles
        if not (urls or narrative or "content_text" in record):
            record["narrative"] = self._narrative(post.platform, strand)
        for_someone_else = rng.random() < noise.complainant
        if rng.random() < noise.victim:
            scale = 0.6 if for_someone_else else 1.0
            record["victim"] = self._party(noise.victim_postcode * scale,
                                           noise.contact_email * scale * scale,
                                           noise.contact_phone * scale * scale)
        if for_someone_else:
            record["complainant"] = self._party(0.5, 0.7, 0.4)
        record["perceived_strands"] = self._strands(strand)
        return record
