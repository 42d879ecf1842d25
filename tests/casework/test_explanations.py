"""The complainant's explanation when no enforcement action is possible."""

from __future__ import annotations

import pytest

from casework.config import CaseworkRules, with_overrides
from casework.handover.explanations import NoActionReason, explain_no_action, support_for
from casework.strands import Strand


@pytest.mark.parametrize("reason", list(NoActionReason))
def test_every_reason_explains_quotes_the_reference_and_signposts_support(
        rules: CaseworkRules, reason: NoActionReason) -> None:
    letter = explain_no_action(reason, case_reference="HUB-2024-000123",
                               strands=[Strand.RACE], rules=rules)
    assert "HUB-2024-000123" in letter.subject
    assert "HUB-2024-000123" in letter.body
    assert "review" in letter.body
    assert "Victim Support: https://www.victimsupport.org.uk" in letter.body
    assert "$" not in letter.body


def test_the_wording_follows_the_reason(rules: CaseworkRules) -> None:
    def body(reason: NoActionReason) -> str:
        return explain_no_action(reason, case_reference="R1", strands=[], rules=rules,
                                 platform="TikTok").body

    assert "outside the United Kingdom" in body(NoActionReason.SUSPECT_ABROAD)
    assert "not a criminal offence" in body(NoActionReason.LAWFUL_THOUGH_OFFENSIVE)
    assert "free expression" in body(NoActionReason.LAWFUL_THOUGH_OFFENSIVE)
    assert "We asked TikTok to remove" in body(NoActionReason.PLATFORM_DECLINED)
    assert "not been able to identify" in body(NoActionReason.SUSPECT_NOT_IDENTIFIABLE)
    assert "non-crime hate incident" in body(NoActionReason.NCHI_RECORDED)


def test_support_is_chosen_by_strand(rules: CaseworkRules) -> None:
    def names(*strands: Strand) -> list[str]:
        return [s.name for s in support_for(strands, rules)]

    assert names(Strand.SEXUAL_ORIENTATION) == ["Victim Support", "Stop Hate UK", "Galop"]
    assert names(Strand.RELIGION) == ["Victim Support", "Stop Hate UK", "Tell MAMA",
                                      "Community Security Trust (CST)"]
    assert names(Strand.DISABILITY) == ["Victim Support", "Stop Hate UK"]


def test_the_services_are_configuration(rules: CaseworkRules) -> None:
    changed = with_overrides(rules, {"support": {"services": [
        {"name": "Local Hate Crime Service", "url": "https://example.org/help",
         "phone": "0300 000 0000", "strands": []}]}})
    letter = explain_no_action(NoActionReason.SUSPECT_ABROAD, case_reference="R1",
                               strands=[Strand.RACE], rules=changed)
    assert [s.name for s in letter.support] == ["Local Hate Crime Service"]
    assert "Local Hate Crime Service: https://example.org/help, 0300 000 0000" in letter.body
    assert "Victim Support" not in letter.body
