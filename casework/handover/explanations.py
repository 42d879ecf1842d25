"""Telling a complainant, plainly, why no enforcement action is possible, and where to get help.

The Victims' Code requires a decision not to investigate to be explained, with reasons and an
offer of support, and a victim must be told when a crime is not recorded. The wording is the
hub's, in templates per reason so that every complainant in the same position hears the same
thing; the support services signposted are configuration (`[[support.services]]` in rules.toml),
chosen by strand, because the right organisation differs by community and may change.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum
from string import Template
from typing import TYPE_CHECKING

from casework.strands import Strand

if TYPE_CHECKING:
    from casework.config import CaseworkRules, SupportService


class NoActionReason(StrEnum):
    SUSPECT_ABROAD = "SUSPECT_ABROAD"
    LAWFUL_THOUGH_OFFENSIVE = "LAWFUL_THOUGH_OFFENSIVE"
    PLATFORM_DECLINED = "PLATFORM_DECLINED"
    SUSPECT_NOT_IDENTIFIABLE = "SUSPECT_NOT_IDENTIFIABLE"
    NCHI_RECORDED = "NCHI_RECORDED"


_OPENING = ("Thank you for reporting online hate to the National Online Hate Crime Hub. We have "
            "looked carefully at what you reported.")
_CLOSING = ("This does not mean you were wrong to report it: every report helps the police "
            "understand online hate. If you disagree with this decision, or want it explained "
            "further, contact us quoting reference $reference and we will review it.")

_SUBJECT = dict.fromkeys(NoActionReason,
                         "Your report $reference: why the police cannot take action")
_SUBJECT[NoActionReason.NCHI_RECORDED] = ("Your report $reference: recorded as a non-crime "
                                          "hate incident")

_BODY = {
    NoActionReason.SUSPECT_ABROAD: (
        "The person we believe posted it is outside the United Kingdom, where police in England "
        "and Wales cannot arrest or charge them. We have recorded what happened, and where the "
        "law allowed we have asked the platform to act on the content. If they come within "
        "reach of UK police, or new information comes to light, we will look at your case "
        "again."),
    NoActionReason.LAWFUL_THOUGH_OFFENSIVE: (
        "We understand that what you saw was offensive and upsetting. Having assessed it "
        "against the law, we have concluded that it is not a criminal offence, so no crime has "
        "been recorded. The law protects free expression even when it offends; it draws the "
        "line at threats, harassment and stirring up hatred. This means the police cannot take "
        "enforcement action."),
    NoActionReason.PLATFORM_DECLINED: (
        "We asked $platform to remove or restrict the content, and $platform declined. We cannot "
        "make a platform remove content when it decides not to; we have recorded its answer, "
        "and we keep a record of how each platform responds to police requests."),
    NoActionReason.SUSPECT_NOT_IDENTIFIABLE: (
        "We have not been able to identify who posted it. Without knowing who is responsible, "
        "the police cannot take enforcement action. We have kept your report, and if the same "
        "person is identified through other reports we will look at your case again."),
    NoActionReason.NCHI_RECORDED: (
        "What you reported is not a criminal offence, so no crime has been recorded and no one "
        "will be prosecuted for it. We have recorded it as a non-crime hate incident, which "
        "helps the police understand and respond to hostility towards communities."),
}


@dataclass(frozen=True, slots=True)
class Explanation:
    reason: NoActionReason
    subject: str
    body: str
    support: tuple[SupportService, ...]


def support_for(strands: Collection[Strand], rules: CaseworkRules) -> tuple[SupportService, ...]:
    """Services for everyone, then those for the strands involved, in configured order."""
    general = [s for s in rules.support.services if not s.strands]
    specific = [s for s in rules.support.services if set(s.strands) & set(strands)]
    return (*general, *specific)


def _signposts(services: tuple[SupportService, ...]) -> str:
    lines = [f"- {s.name}: {s.url}" + (f", {s.phone}" if s.phone else "") for s in services]
    return "Support is available, free and confidential, from:\n" + "\n".join(lines)


def explain_no_action(reason: NoActionReason, *, case_reference: str,
                      strands: Collection[Strand], rules: CaseworkRules,
                      platform: str | None = None) -> Explanation:
    """The letter to the complainant: the hub's reason, the right to a review, and support."""
    values = {"reference": case_reference, "platform": platform or "the platform"}
    support = support_for(strands, rules)
    paragraphs = [_OPENING, _BODY[reason], _CLOSING]
    body = "\n\n".join(Template(p).substitute(values) for p in paragraphs)
    if support:
        body += "\n\n" + _signposts(support)
    return Explanation(reason, Template(_SUBJECT[reason]).substitute(values), body, support)
