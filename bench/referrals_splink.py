"""The baseline: Splink (DuckDB) deduplicating the same referrals, configured the standard way.

Splink gets our normalised features, so that both linkers see the same canonical content keys,
handle keys, folded text, fingerprints and text bands; it blocks on the keys we store
(`blocking_keys`, text bands per platform), compares content keys, text, handles, platform and
time, and learns a Fellegi–Sunter model: the prior from a deterministic content-key rule, u by
random sampling, m by expectation maximisation on two blocking rules (each trains the
comparisons the other holds fixed), a term-frequency adjustment on exact text. Clusters are
Splink's connected components at probability 0.5.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from linking.referrals import blocking_keys, normalise_referral

THRESHOLD = 0.5


def _table(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    rows: dict[str, list[Any]] = {name: [] for name in (
        "unique_id", "content_keys", "resolved_keys", "primary_content", "handles", "platform",
        "text", "fingerprint", "bands", "received")}
    for record in records:
        f = normalise_referral(record)
        keys = [c.key for c in f.content]
        rows["unique_id"].append(f.id)
        rows["content_keys"].append(keys or None)
        rows["resolved_keys"].append(sorted(f.resolved) or None)
        rows["primary_content"].append(keys[0] if keys else None)
        rows["handles"].append(sorted(f.handles) or None)
        rows["platform"].append(f.platform)
        rows["text"].append(f.text or None)
        rows["fingerprint"].append(next(iter(f.fingerprints), None))
        rows["bands"].append(sorted(k for k in blocking_keys(f) if k.startswith("t:")) or None)
        rows["received"].append(f.received)
    table = pa.table(rows)
    seconds = table.column("received").cast(pa.float64())
    return table.set_column(table.schema.get_field_index("received"), "received",
                            pa.compute.cast(pa.compute.multiply(seconds, 1_000_000).cast(
                                pa.int64()), pa.timestamp("us")))


def _settings() -> SettingsCreator:
    content = cl.CustomComparison(
        output_column_name="content",
        comparison_levels=[
            cll.NullLevel("content_keys"),
            cll.ArrayIntersectLevel("content_keys", min_intersection=1),
            cll.CustomLevel("len(resolved_keys_l) > 0 AND len(resolved_keys_r) > 0",
                            label_for_charts="different resolved posts"),
            cll.ElseLevel(),
        ],
    )
    normalised_distance = ("1.0 - levenshtein(text_l, text_r) / "
                           "greatest(length(text_l), length(text_r))")
    text = cl.CustomComparison(
        output_column_name="text",
        comparison_levels=[
            cll.NullLevel("text"),
            cll.ExactMatchLevel("fingerprint", term_frequency_adjustments=True),
            cll.CustomLevel(f"{normalised_distance} >= 0.9", label_for_charts="edits <= 10%"),
            cll.JaroWinklerLevel("text", 0.9),
            cll.CustomLevel(f"{normalised_distance} >= 0.7", label_for_charts="edits <= 30%"),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("content_keys", arrays_to_explode=["content_keys"]),
            block_on("handles", arrays_to_explode=["handles"]),
            block_on("fingerprint"),
            block_on("bands", arrays_to_explode=["bands"]),
        ],
        comparisons=[
            content,
            text,
            cl.ArrayIntersectAtSizes("handles", [1]),
            cl.ExactMatch("platform"),
            cl.AbsoluteTimeDifferenceAtThresholds(
                "received", input_is_string=False, metrics=["day", "day", "day"],
                thresholds=[1, 7, 30]),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def link_with_splink(records: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    db_api = DuckDBAPI()
    frame = db_api.register(_table(records))
    linker = Linker(frame, _settings(), log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("primary_content")], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("primary_content"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("fingerprint"))
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD)
    rows = clusters.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall()
    return {str(uid): str(cid) for uid, cid in rows}
