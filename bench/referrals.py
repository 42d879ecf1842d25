"""Referral de-duplication: our linker against Splink on the same generated data, in one run.

`python -m bench.referrals` generates referral files with fixed seeds (10k from seed 101, 100k
from seed 202; the weights were estimated on seed 1), runs each linker in its own subprocess so
that its peak RSS is its own (`os.wait4`), scores both against the generator's ground truth
(cluster = reported content) and prints a Markdown table with the ratios ours/Splink. `--out FILE`
also writes the table and the command to FILE.
"""

from __future__ import annotations

import argparse
import math
import shlex
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.child import run_child
from bench.referrals_train import generate, truth_of
from linking.evaluate import bcubed, pairwise

SIZES = {10_000: 101, 100_000: 202}
NOTES = """\
- Data: `seeds.demo.generator` referrals (10k from seed 101, 100k from seed 202); ground truth
  cluster = the reported content. Our weights were estimated on seed 1 only.
- Pairwise P/R/F1 over all pairs of referrals; B-cubed F1 per referral.
- Seconds: linking only (records in memory to clusters), inside each linker's own subprocess,
  wall clock and CPU (all threads: DuckDB uses both cores, ours one); the machine (2 cores) was
  shared with other work, which stretches wall time but not CPU time. Peak MiB: that
  subprocess's peak RSS (`os.wait4`), including reading the file.
- Splink 5 (DuckDB) gets our normalised features and blocks on the same keys (content keys,
  handle keys, text fingerprint, text bands), compares content keys, text, handles, platform and
  time, trains u by random sampling and m by EM, and clusters by connected components at 0.5.
- Ratios below 1 favour ours for seconds and memory, above 1 for quality."""
LINKERS = ("ours", "splink")


@dataclass(frozen=True)
class Run:
    size: int
    seed: int
    linker: str
    precision: float
    recall: float
    f1: float
    bcubed_f1: float
    seconds: float
    cpu_seconds: float
    peak_mib: float


def run_linker(linker: str, data: Path,
               timeout: float) -> tuple[dict[str, str], float, float, float]:
    """Link in a child process; return its clusters, linking wall and CPU seconds, and its peak
    RSS in MiB."""
    out = data / f"{linker}.clusters.json"
    result, peak = run_child("bench.referrals_run", [linker, str(data / "referrals.jsonl"),
                                                     str(out)], out, timeout,
                             log=data / f"{linker}.log")
    return result["clusters"], result["seconds"], result["cpu_seconds"], peak


def measure(size: int, seed: int, linkers: list[str], timeout: float) -> list[Run]:
    runs = []
    with tempfile.TemporaryDirectory() as scratch:
        data = generate(seed, size, Path(scratch))
        truth = truth_of(data / "referrals.truth.jsonl")
        for linker in linkers:
            try:
                clusters, seconds, cpu, peak = run_linker(linker, data, timeout)
            except TimeoutError as error:
                print(error, file=sys.stderr)
                nan = math.nan
                runs.append(Run(size, seed, linker, nan, nan, nan, nan, timeout, nan, nan))
                continue
            scores, by_b3 = pairwise(clusters, truth), bcubed(clusters, truth)
            runs.append(Run(size, seed, linker, scores.precision, scores.recall, scores.f1,
                            by_b3.f1, seconds, cpu, peak))
    return runs


def table(runs: list[Run]) -> str:
    lines = ["| referrals (seed) | linker | pairwise P | pairwise R | pairwise F1 | B-cubed F1 "
             "| seconds | CPU seconds | peak MiB |",
             "|---|---|---|---|---|---|---|---|---|"]
    for run in runs:
        if math.isnan(run.f1):
            lines.append(f"| {run.size:,} ({run.seed}) | {run.linker} | — | — | — | — "
                         f"| > {run.seconds:.0f} (stopped) | — | — |")
            continue
        lines.append(f"| {run.size:,} ({run.seed}) | {run.linker} | {run.precision:.4f} "
                     f"| {run.recall:.4f} | {run.f1:.4f} | {run.bcubed_f1:.4f} "
                     f"| {run.seconds:.1f} | {run.cpu_seconds:.1f} | {run.peak_mib:.0f} |")
    for size in sorted({run.size for run in runs}):
        found = {run.linker: run for run in runs if run.size == size}
        if set(LINKERS) <= set(found) and not math.isnan(found["splink"].f1):
            ours, splink = found["ours"], found["splink"]
            lines.append(f"| {size:,} | ours/Splink | {ours.precision / splink.precision:.3f} "
                         f"| {ours.recall / splink.recall:.3f} | {ours.f1 / splink.f1:.3f} "
                         f"| {ours.bcubed_f1 / splink.bcubed_f1:.3f} "
                         f"| {ours.seconds / splink.seconds:.3f} "
                         f"| {ours.cpu_seconds / splink.cpu_seconds:.3f} "
                         f"| {ours.peak_mib / splink.peak_mib:.3f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--linkers", nargs="+", choices=LINKERS, default=list(LINKERS))
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per linker run")
    parser.add_argument("--out", type=Path, help="also write the table here (Markdown)")
    args = parser.parse_args()
    runs = [run for size in args.sizes
            for run in measure(size, SIZES.get(size, size), args.linkers, args.timeout)]
    report = table(runs)
    print(report)
    if args.out:
        command = shlex.join(["python", "-m", "bench.referrals", *sys.argv[1:]])
        args.out.write_text(
            "# Benchmark: referral de-duplication, ours against Splink\n\n"
            f"Command (from the repository root, in the venv): `{command}`\n\n"
            f"{report}\n\n{NOTES}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
