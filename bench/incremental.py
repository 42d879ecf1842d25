"""Linking at intake, scored against the generator's truth beside the batch linker.

The batch linker sees every referral at once; intake sees one at a time, only the stored reports
its indexed keys lead to (a bounded recent list per key), and decides before the next arrives.
This measures what that costs in quality: referrals of a generated world (seed 303, not one the
weights were estimated on) are submitted in arrival order through `submit_referral` into an
empty graph, by `--clients` concurrent clients, and the case each report ends in is its cluster.
The batch linker (`link_referrals`) runs over the same records. Both are scored against the
truth (cluster = the reported content): pairwise precision, recall, F1 and B-cubed F1.

    .venv/bin/python -m bench.incremental --referrals 5000 --clients 8
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import datetime
from typing import Any

from bench.intake import CLIENT, timed
from bench.load import dedicated_graph
from casework.intake.service import submit_referral
from graph.settings import PROJECT_ROOT
from linking.evaluate import Scores, bcubed, pairwise
from linking.referrals import link_referrals
from seeds.demo.generator import generate_world


def _row(name: str, pairs: Scores, cubed: Scores, seconds: float, count: int) -> str:
    return (f"| {name} | {pairs.precision:.4f} | {pairs.recall:.4f} | {pairs.f1:.4f} | "
            f"{cubed.f1:.4f} | {seconds:.1f} | {count / seconds:.0f} |")


async def main(referrals: int, clients: int, seed: int) -> None:
    world = generate_world(seed=seed, referrals=referrals)
    pairs = list(world.referrals())
    truth = {record["id"]: str(known["content"]) for record, known in pairs}
    records: list[dict[str, Any]] = sorted(
        (record for record, _ in pairs),
        key=lambda r: datetime.fromisoformat(str(r["received_at"]).replace("Z", "+00:00")))

    started = time.perf_counter()
    batch = link_referrals(records).clusters
    batch_seconds = time.perf_counter() - started

    async with dedicated_graph(PROJECT_ROOT / "var" / "bench-incremental") as (_, graph):
        arriving = list(reversed(records))  # `timed` pops from the end: earliest first
        _, intake_seconds = await timed(arriving, clients,
                                        lambda r: submit_referral(graph, r, CLIENT))
        rows = await graph.rows("MATCH (r:Report)-[:PART_OF]->(c:Case) "
                                "RETURN r.truevisionRef AS ref, c.reference AS case")
    intake = {row["ref"]: row["case"] for row in rows}
    assert intake.keys() == truth.keys(), "every referral is stored once, in one case"
    print(f"{referrals:,} referrals (seed {seed}), {len(set(truth.values())):,} true posts; "
          f"intake by {clients} client(s): {len(set(intake.values())):,} cases; "
          f"batch: {len(set(batch.values())):,} clusters")
    print("| linker | pairwise P | pairwise R | pairwise F1 | B-cubed F1 | seconds | /s |\n"
          "|---|---|---|---|---|---|---|")
    print(_row(f"intake, {clients} client(s)", pairwise(intake, truth), bcubed(intake, truth),
               intake_seconds, referrals))
    print(_row("batch (`hub link reports`)", pairwise(batch, truth), bcubed(batch, truth),
               batch_seconds, referrals))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--referrals", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=303)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.referrals, arguments.clients, arguments.seed))
