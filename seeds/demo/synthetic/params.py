"""Every rate the synthetic world is drawn with, in one place.

Linking code must be judged on data it was not fitted to, so the noise is a set of knobs
(probabilities per record or per field) rather than a fixed pattern: benchmarks can turn a
knob up and see how precision and recall move.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Noise:
    """Probabilities (0..1) unless the name says otherwise."""

    # People and their accounts
    common_name: float = 0.06          # person takes a name pair many others share
    shared_household: float = 0.06     # person lives with the previous one (name, address)
    common_handle: float = 0.08        # handle built from a pool many unrelated people use
    person_has_phone: float = 0.5      # while the fictional number pool lasts
    second_email: float = 0.35
    handle_case: float = 0.3           # each variant step, per account beyond the first
    handle_separator: float = 0.3
    handle_digits: float = 0.3
    handle_lookalike: float = 0.12     # 0/o 1/l/i 3/e 4/a 5/s swaps
    handle_truncate: float = 0.05
    handle_affix: float = 0.1
    display_name: float = 0.92
    display_variant: float = 0.35
    disclose_email: float = 0.3        # platform disclosure of a contact detail
    disclose_phone: float = 0.2
    disclose_names: float = 0.15
    disclose_dob: float = 0.1
    disclose_address: float = 0.05
    email_case: float = 0.25
    profile_url: float = 0.85
    bio: float = 0.55
    bio_names_other_account: float = 0.2
    banned: float = 0.03               # banned and gone
    returns_after_ban: float = 0.1     # person with 2+ accounts: one banned, one comes back
    facebook_username: float = 0.7     # otherwise only a numeric profile id

    # Referrals
    no_url: float = 0.25
    second_url: float = 0.05
    url_in_narrative: float = 0.04     # of referrals without a URL field
    url_scheme_missing: float = 0.15
    url_case: float = 0.06             # host or handle case, where the platform ignores case
    copied_text_with_url: float = 0.5
    copied_text_without_url: float = 0.95
    ocr: float = 0.35                  # copied from a screenshot (no-URL referrals)
    typo: float = 0.25
    truncate: float = 0.2
    case_change: float = 0.15
    reorder_words: float = 0.05
    drop_emoji: float = 0.4
    drop_hashtags: float = 0.25
    suspect_handle: float = 0.7
    handle_at_sign: float = 0.5
    handle_typed_case: float = 0.3
    handle_typo: float = 0.08
    display_name_as_handle: float = 0.08
    other_account_named: float = 0.05  # the reporter also names another of the person's
    unrelated_handle_named: float = 0.03
    platform_given: float = 0.9
    narrative: float = 0.9
    victim: float = 0.97
    complainant: float = 0.3
    victim_postcode: float = 0.85
    postcode_partial: float = 0.05
    contact_email: float = 0.4
    contact_phone: float = 0.3
    second_strand: float = 0.12
    strand_spelling: float = 0.35
    other_characteristic: float = 0.03
    # Referral styles (`seeds.demo.synthetic.referral_styles`); 0 keeps the default world.
    short_link: float = 0.0            # a pasted URL is the post's short link, where it has one
    comment_link: float = 0.0          # a pasted URL links a comment under the post (or, for a
                                       # reported comment, the post it is under)
