"""Suspect account linking: our linker against Splink on the same generated accounts, one run.

`python -m bench.accounts` generates account files with fixed seeds (100k from seed 303, 1M from
seed 404; the model was tuned on seed 1), runs each linker in its own subprocess (peak RSS via
`os.wait4`), scores both against the generator's ground truth (cluster = person) and prints a
Markdown table with the ratios ours/Splink. `--out FILE` also writes it with the command.
One linker in a child: `python -m bench.accounts run ours|splink ACCOUNTS.jsonl OUT.json`.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.child import run_child
from linking.accounts import link_accounts
from linking.evaluate import bcubed, pairwise
from seeds.generator import generate_world, write_world

SIZES = {100_000: 303, 1_000_000: 404}
LINKERS = ("ours", "splink")


def read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def run(linker: str, accounts: Path, out: Path) -> None:
    records = read(accounts)
    started = time.perf_counter()
    if linker == "ours":
        clusters = link_accounts(records).clusters
    else:
        from bench.accounts_splink import link_with_splink
        clusters = link_with_splink(records)
    seconds = time.perf_counter() - started
    out.write_text(json.dumps({"seconds": seconds, "clusters": clusters}), encoding="utf-8")


def measure(size: int, seed: int, linkers: list[str], timeout: float) -> list[str]:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        write_world(generate_world(seed=seed, referrals=100, accounts=size), folder)
        truth = {r["id"]: r["person"] for r in read(folder / "accounts.truth.jsonl")}
        results = {}
        for linker in linkers:
            out = folder / f"{linker}.json"
            try:
                result, peak = run_child("bench.accounts", [
                    "run", linker, str(folder / "accounts.jsonl"), str(out)], out, timeout)
            except (TimeoutError, RuntimeError) as error:
                rows.append(f"| {size:,} ({seed}) | {linker} | {error} | | | | | |")
                continue
            p, b3 = pairwise(result["clusters"], truth), bcubed(result["clusters"], truth)
            results[linker] = (p.precision, p.recall, p.f1, b3.f1, result["seconds"], peak)
            rows.append(f"| {size:,} ({seed}) | {linker} | {p.precision:.4f} | {p.recall:.4f} "
                        f"| {p.f1:.4f} | {b3.f1:.4f} | {result['seconds']:.1f} | {peak:.0f} |")
            print(rows[-1], flush=True)
        if set(LINKERS) <= set(results):
            ratios = [a / b if b else float("nan")
                      for a, b in zip(results["ours"], results["splink"], strict=True)]
            rows.append(f"| {size:,} | ours/Splink | " + " | ".join(f"{r:.3f}" for r in ratios)
                        + " |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command")
    child = sub.add_parser("run")
    child.add_argument("linker", choices=LINKERS)
    child.add_argument("accounts", type=Path)
    child.add_argument("out", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--linkers", nargs="+", choices=LINKERS, default=list(LINKERS))
    parser.add_argument("--timeout", type=float, default=1800.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args.linker, args.accounts, args.out)
        return
    header = ["| accounts (seed) | linker | pairwise P | pairwise R | pairwise F1 | B-cubed F1 "
              "| seconds | peak MiB |", "|---|---|---|---|---|---|---|---|"]
    rows = [row for size in args.sizes
            for row in measure(size, SIZES.get(size, size), args.linkers, args.timeout)]
    report = "\n".join(header + rows)
    print(report)
    if args.out:
        command = shlex.join(["python", "-m", "bench.accounts", *sys.argv[1:]])
        args.out.write_text("# Benchmark: suspect account linking, ours against Splink\n\n"
                            f"Command (repository root, in the venv): `{command}`\n\n{report}\n",
                            encoding="utf-8")


if __name__ == "__main__":
    main()
