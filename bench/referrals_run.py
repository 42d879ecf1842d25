"""One linker on one referral file, in a process of its own so that its peak memory is its own.

`python -m bench.referrals_run ours|splink|union REFERRALS.jsonl OUT.json` reads the referrals,
links them, and writes `{"seconds": ..., "cpu_seconds": ..., "clusters": {referral id: cluster
id}}`.
The seconds cover linking only (records in memory to clusters out), the same span for both
linkers; CPU seconds add up all the process's threads (DuckDB runs several), and unlike wall
time do not grow when other work shares the machine.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from linking.referrals import link_referrals


def read_referrals(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def run_ours(records: list[dict[str, Any]]) -> dict[str, str]:
    return link_referrals(records).clusters


def run_union(records: list[dict[str, Any]]) -> dict[str, str]:
    """The baseline any analyst could write: referrals sharing a canonical content key (short
    links and comment links as the URL gives them) are one post; the rest stand alone."""
    from networkx.utils import UnionFind

    from linking.urls import canonical_content

    found = UnionFind()
    for record in records:
        found[record["id"]]
        for url in record.get("content_urls") or ():
            key = canonical_content(url)
            if key is not None and key.kind != "account":
                found.union(record["id"], "key:" + key.key)
    return {record["id"]: found[record["id"]] for record in records}


def run_splink(records: list[dict[str, Any]]) -> dict[str, str]:
    from bench.referrals_splink import link_with_splink

    return link_with_splink(records)


LINKERS = {"ours": run_ours, "splink": run_splink, "union": run_union}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("linker", choices=list(LINKERS))
    parser.add_argument("referrals", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    records = read_referrals(args.referrals)
    started, cpu = time.perf_counter(), time.process_time()
    clusters = LINKERS[args.linker](records)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    args.out.write_text(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "clusters": clusters}),
                        encoding="utf-8")


if __name__ == "__main__":
    main()
