"""The baseline: Splink (DuckDB) linking the same account records into persons.

Splink gets our normalised features (handle keys and stems, folded names, email and phone keys,
dates of birth) so both linkers see the same inputs, and blocks on exactly our blocking keys
(one array column, exploded), with the same cap: a key shared by more than BLOCK_CAP accounts
is dropped, as ours skips it. It compares emails, phones, handles (Jaro–Winkler on the stem,
shared usernames), names (Jaro–Winkler with term-frequency adjustment), dates of birth and
postcodes, and learns Fellegi–Sunter parameters the standard way: the prior from deterministic
contact rules, u by random sampling, m by EM on three blocking rules with small blocks (email,
phone, date of birth). Clusters are Splink's connected components at the same link probability
as ours.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from linking.accounts import BLOCK_CAP, THRESHOLD, blocking_keys, normalise_account

_COLUMNS = ("unique_id", "keys", "stem", "usernames", "name", "dob", "email", "phone",
            "postcode")


def _table(records: Iterable[Mapping[str, Any]]) -> pa.Table:
    rows: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    counts: Counter[str] = Counter()
    for record in records:
        f = normalise_account(record)
        keys = sorted(blocking_keys(f))
        counts.update(keys)
        for name, value in zip(_COLUMNS, (f.id, keys, f.stem, list(f.usernames) or None,
                                          f.name, f.dob, f.email, f.phone, f.postcode),
                               strict=True):
            rows[name].append(value)
    rows["keys"] = [[k for k in keys if counts[k] <= BLOCK_CAP] or None for keys in rows["keys"]]
    return pa.table(rows)


def _settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[block_on("keys", arrays_to_explode=["keys"])],
        comparisons=[
            cl.ExactMatch("email"),
            cl.ExactMatch("phone"),
            cl.JaroWinklerAtThresholds("stem", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.ArrayIntersectAtSizes("usernames", [1]),
            cl.JaroWinklerAtThresholds("name", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.ExactMatch("dob"),
            cl.ExactMatch("postcode"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def link_with_splink(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    db_api = DuckDBAPI()
    frame = db_api.register(_table(records))
    linker = Linker(frame, _settings())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("email"), block_on("phone")], recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    # Training rules with small blocks: a shared stem or name at 1M accounts makes blocks of
    # thousands, hundreds of millions of pairs (and tens of GiB in DuckDB).
    for rule in (block_on("email"), block_on("phone"), block_on("dob")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD)
    rows = clusters.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall()
    return {str(uid): str(cid) for uid, cid in rows}
