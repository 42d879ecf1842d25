"""Copies of one post, however mangled, meet; different posts do not."""

from __future__ import annotations

import pytest

from linking.text import band_keys, containment, fingerprint, fold, similarity

ORIGINAL = ("Send every last one of them back on the boats, this country is finished because "
            "of these parasites and nobody in Westminster has the guts to say it")

COPIES = {
    "capitals and punctuation": ("SEND EVERY LAST ONE OF THEM BACK ON THE BOATS!!! This country "
                                 "is finished because of these parasites, and nobody in "
                                 "Westminster has the guts to say it."),
    "OCR slips": ("Send every Iast one of thern back on the boats, this country is finlshed "
                  "because of these parasltes and nobody in Westrninster has the guts to say it"),
    "typos": ("Send evry last one of them back on the boats this contry is finished becuase of "
              "these parasites and nobody in Westminster has the guts to say it"),
    "reordered": ("this country is finished because of these parasites, send every last one of "
                  "them back on the boats and nobody in Westminster has the guts to say it"),
    "look-alike letters": ("S3nd every la5t one of them back on the b0ats, this country is "
                           "f1nished because of these p@rasites and nobody in Westminster has "
                           "the guts to say it"),
}
OTHER_POSTS = [
    "Lovely walk along the canal this morning, the boats were out and the sun was shining",
    "Nobody in Westminster will fix the trains, this country deserves better than this",
    "Every last one of these referees should be sacked after that performance on Saturday",
]


def test_folding_undoes_case_ocr_and_look_alike_letters() -> None:
    assert fold("FiIthy   rnigrants!!") == fold("filthy migrants")
    assert fold("k1ll th3m a11, h@te") == fold("kill them all, hate")
    assert fold("Sooooo  disgusting") == fold("so disgusting")
    assert fold("see https://t.co/abc and www.example.com/x now") == fold("see and now")


def test_a_leading_at_sign_marks_a_mention_not_a_letter() -> None:
    assert fold("@joebloggs said it") == fold("joebloggs said it")


@pytest.mark.parametrize("change", COPIES)
def test_copies_of_a_post_share_text_bands_and_score_high(change: str) -> None:
    copy, original = fold(COPIES[change]), fold(ORIGINAL)
    assert set(band_keys(copy)) & set(band_keys(original))
    assert similarity(copy, original) >= 0.9


@pytest.mark.parametrize("change", ["capitals and punctuation", "OCR slips", "reordered",
                                    "look-alike letters"])
def test_fingerprint_ignores_case_ocr_and_order(change: str) -> None:
    assert fingerprint(fold(COPIES[change])) == fingerprint(fold(ORIGINAL))


def test_a_truncated_copy_is_contained_in_the_post() -> None:
    assert containment(fold(ORIGINAL[:70]), fold(ORIGINAL)) >= 0.95


def test_a_copy_cut_short_by_a_third_still_shares_text_bands() -> None:
    assert set(band_keys(fold(ORIGINAL[:110]))) & set(band_keys(fold(ORIGINAL)))


def test_a_truncated_copy_with_ocr_slips_is_still_contained() -> None:
    cut = fold("Send every Iast one of thern back on the boats, this country is finlshed")
    assert containment(cut, fold(ORIGINAL)) >= 0.9


def test_a_few_words_are_too_short_to_be_contained_evidence() -> None:
    assert containment(fold("the boats"), fold(ORIGINAL)) == 0.0


@pytest.mark.parametrize("other", OTHER_POSTS)
def test_different_posts_sharing_some_words_stay_apart(other: str) -> None:
    assert not set(band_keys(fold(other))) & set(band_keys(fold(ORIGINAL)))
    assert similarity(fold(other), fold(ORIGINAL)) < 0.7
    assert fingerprint(fold(other)) != fingerprint(fold(ORIGINAL))


def test_keys_do_not_change_between_processes_or_releases() -> None:
    # Stored on Report nodes and matched by equality later: a change here orphans stored keys.
    folded = fold("go back where you came from parasites")
    assert band_keys(folded)[:2] == ("e687eb6830875fba", "d925e79109717266")
    assert fingerprint(folded) == "51b5d56b"


def test_empty_text_has_no_keys() -> None:
    assert band_keys(fold("")) == ()
    assert fingerprint(fold("the and of")) == ""
