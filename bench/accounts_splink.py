"""The baseline: Splink (DuckDB) linking the same account records into persons.

Splink gets our normalised features (folded handles with their letters, first and family names,
display names, email and phone keys, dates of birth, postcodes) so both linkers see the same
inputs, and blocks on exactly our blocking keys (one array column, exploded), with the same cap:
a key shared by more than BLOCK_CAP accounts is dropped, as ours skips it. It compares handles
(Jaro–Winkler, term frequencies), handle letters (exact, term frequencies), names and display
names (Jaro–Winkler, term frequencies), emails, phones, dates of birth and postcodes, and learns
Fellegi–Sunter parameters the standard way: the prior from deterministic contact rules, u by
random sampling, m by EM on blocking rules with small blocks (email, phone, date of birth,
postcode, handle). Clusters are Splink's connected components at the same link probability as
ours (`linking.accounts.THRESHOLD`), the same rule on every file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import pyarrow as pa
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on
from splink.internals.exceptions import EMTrainingException

from linking.accounts import THRESHOLD
from linking.block.accounts import BLOCK_CAP, blocking_keys
from linking.normalise.accounts import normalise_account

_COLUMNS = ("unique_id", "keys", "handle", "letters", "first", "last", "display", "dob", "email",
            "phone", "postcode")


def _table(records: Iterable[Mapping[str, Any]]) -> pa.Table:
    rows: dict[str, list[Any]] = {name: [] for name in _COLUMNS}
    counts: Counter[str] = Counter()
    for record in records:
        f = normalise_account(record)
        keys = sorted(blocking_keys(f))
        counts.update(keys)
        for name, value in zip(_COLUMNS, (f.id, keys, f.handle, f.letters, f.first, f.last,
                                          f.display, f.dob, f.email, f.phone, f.postcode),
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
            cl.JaroWinklerAtThresholds("handle", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.ExactMatch("letters").configure(term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("first", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("last", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.JaroWinklerAtThresholds("display", [0.95, 0.88]).configure(
                term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("dob", [1]),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _train(linker: Linker, table: pa.Table) -> None:
    """The prior from deterministic rules on contacts (or, on files without them, on a date of
    birth with a family name), u by random sampling, m by EM on each rule with pairs."""
    def filled(name: str) -> bool:
        return table[name].null_count < len(table)

    deterministic = [block_on(c) for c in ("email", "phone") if filled(c)] or [
        block_on("dob", "last")]
    linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=5e6, seed=1)
    # Training rules with small blocks: a shared name at 1M accounts makes blocks of thousands,
    # hundreds of millions of pairs (and tens of GiB in DuckDB).
    for name in ("email", "phone", "dob", "postcode", "handle"):
        if not filled(name):
            continue
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(block_on(name))
        except EMTrainingException:
            continue  # no two records share one: skipped, as ours skips a rule without pairs


def link_with_splink(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    db_api = DuckDBAPI()
    table = _table(records)
    frame = db_api.register(table)
    linker = Linker(frame, _settings())
    _train(linker, table)
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=THRESHOLD)
    rows = clusters.as_duckdbpyrelation().select("unique_id, cluster_id").fetchall()
    return {str(uid): str(cid) for uid, cid in rows}
