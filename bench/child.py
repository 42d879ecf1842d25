"""Run one linker in a child process, so that its peak memory is its own (`os.wait4`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any


def run_child(module: str, arguments: list[str], out: Path, timeout: float,
              log: Path | None = None, cwd: Path | None = None) -> tuple[dict[str, Any], float]:
    """Run `python -m module arguments...`; return the JSON it wrote to `out` and peak MiB.

    With `log`, the child's output goes there and its tail comes with a failure. With `cwd`,
    the module is the one in that checkout (an older commit's linker, for a before-and-after).
    """
    sink = log.open("wb") if log else None
    try:
        child = subprocess.Popen([sys.executable, "-m", module, *arguments], stdout=sink,
                                 stderr=subprocess.STDOUT if sink else None, cwd=cwd)
        return _wait(child, module, arguments, out, timeout, log)
    finally:
        if sink:
            sink.close()


def _wait(child: subprocess.Popen[bytes], module: str, arguments: list[str], out: Path,
          timeout: float, log: Path | None) -> tuple[dict[str, Any], float]:
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(child.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            child.kill()
            os.wait4(child.pid, 0)
            raise TimeoutError(f"{module} {arguments[0]} took longer than {timeout:.0f} s")
        time.sleep(0.05)
    if os.waitstatus_to_exitcode(status) != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:] if log else ""
        raise RuntimeError(f"{module} {arguments[0]} failed with status {status}\n{tail}")
    return json.loads(out.read_text(encoding="utf-8")), usage.ru_maxrss / 1024
