"""Referral de-duplication on generated files whose reporters' habits are drawn per seed.

`python -m bench.referrals_styles --seeds 1001 1002 1003 1004 1005` generates, for each seed,
14,000 referrals with a referral style drawn from the seed (`seeds.demo.synthetic.referral_styles`:
short links, comment links, OCR slips, truncation, link-less referrals at rates of their own),
links them with each linker in its own process, and prints pairwise and B-cubed figures against
the generator's truth (cluster = reported post), worst style first. Linkers: ours, `union` (the
content-key union any analyst could write), `splink` (our features in Splink 5), and with
`--before DIR` our linker as it is in the checkout at DIR (say, a worktree of main), run on the
same files. Tune only on seeds below 1000; report on seeds of 1000 and above never run before.
"""

from __future__ import annotations

import argparse
import json
import math
import shlex
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench.child import run_child
from bench.referrals_train import generate_styled, truth_of
from linking.evaluate import Scores, bcubed, pairwise

REFERRALS = 14_000
NOTES = """\
- Data: `python -m seeds.demo.generator --seed N --referrals 14000 --referral-style`; the style
  (drawn from the seed) is in each row. Truth: the post each referral reports.
- `before`: our linker at the commit checked out in `--before` (main before this work), on the
  same files. `union`: referrals sharing a canonical content key are one post.
- Pairwise P/R/F1 over all pairs of referrals; B-cubed F1 per referral; seconds are linking only,
  in the linker's own process."""


@dataclass(frozen=True)
class Run:
    """One linker on one seed's file; `pairs` None when it was stopped at the timeout."""

    seed: int
    linker: str
    pairs: Scores | None
    cubed: Scores | None
    seconds: float


def measure(seed: int, linkers: list[str], before: Path | None, timeout: float,
            keep: Path | None) -> tuple[dict[str, float], list[Run]]:
    with tempfile.TemporaryDirectory() as scratch:
        data = generate_styled(seed, REFERRALS, (keep or Path(scratch)) / f"style-{seed}")
        style = json.loads((data / "referral_style.json").read_text(encoding="utf-8"))
        truth = truth_of(data / "referrals.truth.jsonl")
        runs = []
        for linker in linkers:
            name, cwd = ("ours", before) if linker == "before" else (linker, None)
            out = data / f"{linker}.clusters.json"
            try:
                result, _ = run_child("bench.referrals_run",
                                      [name, str((data / "referrals.jsonl").resolve()),
                                       str(out.resolve())],
                                      out, timeout, log=data / f"{linker}.log", cwd=cwd)
            except TimeoutError as error:
                print(error, file=sys.stderr)
                runs.append(Run(seed, linker, None, None, timeout))
                continue
            clusters = result["clusters"]
            runs.append(Run(seed, linker, pairwise(clusters, truth), bcubed(clusters, truth),
                            result["seconds"]))
    return style, runs


def table(styles: dict[int, dict[str, float]], runs: list[Run], linkers: list[str]) -> str:
    """One row per seed, worst F1 of ours first; each linker's P / R / F1 (B-cubed F1)."""
    by_seed = {(run.seed, run.linker): run for run in runs}
    order = sorted(styles, key=lambda seed: _f1(by_seed[(seed, linkers[0])]))
    lines = ["| seed | style | " + " | ".join(linkers) + " |",
             "|---|---|" + "---|" * len(linkers)]
    for seed in order:
        style = ", ".join(f"{name} {value:.2f}" for name, value in styles[seed].items())
        cells = []
        for linker in linkers:
            run = by_seed[(seed, linker)]
            cells.append("stopped" if run.pairs is None or run.cubed is None else
                         f"{run.pairs.precision:.3f} / {run.pairs.recall:.3f} / "
                         f"**{run.pairs.f1:.3f}** ({run.cubed.f1:.3f}; {run.seconds:.1f} s)")
        lines.append(f"| {seed} | {style} | " + " | ".join(cells) + " |")
    for linker in linkers:
        done = [(run.pairs, run.seed) for run in runs
                if run.linker == linker and run.pairs is not None]
        if done:
            worst_p = min(done, key=lambda found: found[0].precision)
            worst_f = min(done, key=lambda found: found[0].f1)
            lines.append(f"\nWorst {linker}: P {worst_p[0].precision:.3f} (seed {worst_p[1]}), "
                         f"F1 {worst_f[0].f1:.3f} (seed {worst_f[1]}).")
    return "\n".join(lines)


def _f1(run: Run) -> float:
    return run.pairs.f1 if run.pairs is not None else math.nan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", required=True)
    parser.add_argument("--linkers", nargs="+", choices=["ours", "before", "union", "splink"],
                        default=["ours", "union"])
    parser.add_argument("--before", type=Path, help="a checkout whose linker is `before`")
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--keep", type=Path, help="keep the generated files here")
    parser.add_argument("--out", type=Path, help="also write the table here (Markdown)")
    args = parser.parse_args()
    if "before" in args.linkers and args.before is None:
        parser.error("--linkers before needs --before DIR")
    styles, runs = {}, []
    for seed in args.seeds:
        styles[seed], found = measure(seed, args.linkers, args.before, args.timeout, args.keep)
        runs.extend(found)
        print(table({seed: styles[seed]}, found, args.linkers), file=sys.stderr)
    report = table(styles, runs, args.linkers)
    print(report)
    if args.out:
        command = shlex.join(["python", "-m", "bench.referrals_styles", *sys.argv[1:]])
        args.out.write_text(f"Command: `{command}`\n\n{report}\n\n{NOTES}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
