"""Referral styles: how one run's reporters give the post they report.

The duplicate linker was judged on referral files made by someone else, whose reporters pasted
short links (`vm.tiktok.com/…`, `fb.watch/…`) and links to a comment under the post more often,
and typed the text off screenshots with more slips, than this generator's defaults. So each run
draws its reporters' habits at random within wide ranges, written before the linker was tuned,
and the benchmark (`bench.referrals_styles`) reports the worst style it meets, never a tuning
seed's.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from seeds.demo.synthetic.params import Noise
from seeds.demo.synthetic.styles import draw_knobs


@dataclass(frozen=True, slots=True)
class ReferralStyle:
    """Probabilities (0..1), each a `Noise` field of the same name."""

    no_url: float                   # a referral gives no link, only text or a description
    short_link: float               # a pasted link is the post's short link, where it has one
    comment_link: float             # a pasted link is to a comment under the post
    ocr: float                      # a link-less referral's text was read off a screenshot
    typo: float                     # the copied text has typing slips
    truncate: float                 # the copied text is cut short
    copied_text_with_url: float     # a referral with a link also gives the text
    suspect_handle: float           # the reporter names the account
    platform_given: float           # the reporter names the platform

    def noise(self, base: Noise | None = None) -> Noise:
        """The generator's knobs with this style's habits in place."""
        return replace(base or Noise(), **asdict(self))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# The range each knob is drawn from, uniformly (set before any tuning; see docs/LINKING.md).
RANGES: dict[str, tuple[float, float]] = {
    "no_url": (0.15, 0.45), "short_link": (0.0, 0.3), "comment_link": (0.0, 0.2),
    "ocr": (0.2, 0.9), "typo": (0.1, 0.5), "truncate": (0.1, 0.45),
    "copied_text_with_url": (0.3, 0.8), "suspect_handle": (0.4, 0.9),
    "platform_given": (0.6, 0.95),
}


def draw_referral_style(seed: int) -> ReferralStyle:
    """One style per seed: every knob uniform within its range."""
    return ReferralStyle(**draw_knobs(RANGES, f"referral-style:{seed}"))
