"""The baseline: Splink (DuckDB) linking the same account records into persons.

Splink gets our normalised features (handle keys, usernames and stems, folded names, email and
phone keys) so both linkers see the same inputs; it blocks on the same keys, compares handles,
display names, names, dates of birth, contacts and postcodes, with term-frequency adjustments on
names and handles, and learns Fellegi–Sunter parameters the standard way: the prior from a
deterministic contact rule, u by random sampling, m by EM on two blocking rules. Clusters are
Splink's connected components at the same probability threshold as ours.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from linking.accounts import THRESHOLD, normalise_account


def _table(records: Sequence[Mapping[str, Any]]) -> pa.Table:
    names = ("unique_id", "handle", "stem", "usernames", "display", "name", "dob", "email",
             "phone", "postcode")
    rows: dict[str, list[Any]] = {name: [] for name in names}
    for record in records:
        f = normalise_account(record)
        for name, value in (("unique_id", f.id), ("handle", f.handle), ("stem", f.stem),
                            ("usernames", sorted(f.usernames) or None),
                            ("display", f.display), ("name", f.name), ("dob", f.dob),
                            ("email", f.email), ("phone", f.phone), ("postcode", f.postcode)):
            rows[name].append(value)
    return pa.table(rows)


def _settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("email"), block_on("phone"), block_on("stem"),
            block_on("usernames", arrays_to_explode=["usernames"]),
            block_on("name", "dob"),
        ],
        comparisons=[
            cl.ExactMatch("email"),
            cl.ExactMatch("phone"),
            cl.JaroWinklerAtThresholds("handle", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.ArrayIntersectAtSizes("usernames", [1]),
            cl.JaroWinklerAtThresholds("display", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.ExactMatch("dob"),
            cl.ExactMatch("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def link_with_splink(records: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    db_api = DuckDBAPI()
    frame = db_api.register(_table(records))
    linker = Linker(frame, _settings(), log_level=None)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("phone")], recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("email"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("stem"))
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD)
    rows = clusters.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall()
    return {str(uid): str(cid) for uid, cid in rows}
