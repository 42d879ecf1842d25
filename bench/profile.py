"""Where a Neo4j server and its client spend their CPU: a Java Flight Recorder sample of the
running JVM, and Python's profiler on the client.

Community Neo4j has no query log, so when one graph costs more CPU per referral than another
the question "in what?" is answered by sampling the server's threads (`jcmd JFR.start`) and
counting the threads and frames they were in: the method on top of the stack (self time) and
the storage engine's methods and Cypher's operators anywhere in it (the operations the time
was spent for).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import re
import subprocess
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_FRAME = re.compile(r"^\s+([\w$.<>]+)\(")
_THREAD = re.compile(r'sampledThread = "([^"]*)"')
# The storage engine's methods and Cypher's operators (pipes): what a statement did, below the
# Bolt, routing and result plumbing every statement passes through.
_ENGINE = re.compile(r"org\.neo4j\.(kernel|internal|index|io|lock|storageengine)\.|.*Pipe\.")


@contextmanager
def recording(pid: int, path: Path) -> Iterator[None]:
    """Sample the JVM `pid` while the body runs, into `path`."""
    name = path.stem
    subprocess.run(["jcmd", str(pid), "JFR.start", f"name={name}", "settings=default"],
                   check=True, capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["jcmd", str(pid), "JFR.stop", f"name={name}", f"filename={path}"],
                       check=True, capture_output=True)


def hot_frames(path: Path, top: int = 12) -> Iterator[str]:
    """Lines naming the threads and methods the samples were most often in, as shares of all
    samples (on top of the stack, and anywhere in it), and the garbage collector's pauses."""
    printed = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample",
                              "--stack-depth", "64", str(path)],
                             check=True, capture_output=True, text=True).stdout
    threads: Counter[str] = Counter()
    on_top: Counter[str] = Counter()
    within: Counter[str] = Counter()
    samples = 0
    for sample in printed.split("jdk.ExecutionSample")[1:]:
        frames = [m.group(1) for line in sample.splitlines() if (m := _FRAME.match(line))]
        if not frames:
            continue
        samples += 1
        thread = _THREAD.search(sample)
        threads[re.sub(r"-\d+", "-N", thread.group(1)) if thread else "?"] += 1
        on_top[frames[0]] += 1
        within.update({f for f in frames if _ENGINE.match(f)})
    yield f"    {samples} samples"
    for title, counts in (("thread", threads), ("self", on_top), ("within", within)):
        for frame, count in counts.most_common(top if title != "within" else 3 * top):
            yield f"    {title} {count / max(samples, 1):6.1%}  {frame}"
    yield f"    GC pauses {_gc_pause_ms(path):.0f} ms"


def _gc_pause_ms(path: Path) -> float:
    printed = subprocess.run(["jfr", "print", "--events", "jdk.GarbageCollection", str(path)],
                             check=True, capture_output=True, text=True).stdout
    total = 0.0
    for value, unit in re.findall(r"sumOfPauses = ([\d.]+) (ms|s|us)", printed):
        total += float(value) * {"ms": 1.0, "s": 1000.0, "us": 0.001}[unit]
    return total


def hot_functions(profiler: cProfile.Profile, top: int = 25) -> Iterator[str]:
    """The client's side: the functions this process spent its own time in while profiled, and
    the hub's own functions by the time spent within them."""
    for order, only in (("tottime", ""), ("cumulative", r"(casework|linking|graph)/")):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(only, top)
        lines = out.getvalue().splitlines()
        start = next((n for n, line in enumerate(lines) if line.lstrip().startswith("ncalls")),
                     0)
        yield f"    by {order}:"
        yield from (f"    {line}" for line in lines[start:] if line.strip())
