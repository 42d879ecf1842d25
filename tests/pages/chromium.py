"""Headless Chromium from npm's @sparticuz/chromium, for Python playwright to drive.

The package (installed by `make test` with `npm ci`) ships Chromium compressed; its
`executablePath()` unpacks it on first call into TMPDIR, set here to a folder under var/ so
nothing lands in the shared /tmp and later runs reuse it. Its own fontconfig file names
directories under /tmp, so one naming the unpacked fonts is written beside it, or pages
render with no text.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from graph.settings import PROJECT_ROOT

HOME = PROJECT_ROOT / "var" / "chromium"
UNPACK = "import('@sparticuz/chromium').then(m => m.default.executablePath()).then(console.log)"


@dataclass(frozen=True)
class Chromium:
    executable: Path
    env: dict[str, str]  # for the browser process: its fontconfig


def unpacked() -> Chromium:
    if not (PROJECT_ROOT / "node_modules" / "@sparticuz" / "chromium").is_dir():
        raise RuntimeError("@sparticuz/chromium is not installed: run `make test` (npm ci)")
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("the page tests need Node.js to unpack Chromium")
    HOME.mkdir(parents=True, exist_ok=True)
    found = subprocess.run([node, "-e", UNPACK], cwd=PROJECT_ROOT, capture_output=True,
                           text=True, check=True, env={**os.environ, "TMPDIR": str(HOME)})
    executable = Path(found.stdout.strip())
    fonts = HOME / "fonts.conf"
    fonts.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{executable.parent / 'fonts'}</dir>\n"
        f"  <cachedir>{HOME / 'fonts-cache'}</cachedir>\n</fontconfig>\n")
    return Chromium(executable, {**os.environ, "FONTCONFIG_FILE": str(fonts)})
