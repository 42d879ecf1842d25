"""Neo4j's jars are fetched once per machine, whoever asks first, and never left half-fetched.

Maven itself is replaced by a small script on `PATH` that writes what a real fetch writes (a
kernel jar in the output folder) after a pause, and notes each run; the cache lives in a
temporary `HUB_CACHE_DIR`. Fetches at once are threads, each opening the lock file for itself,
as separate processes would. No Neo4j is started."""

from __future__ import annotations

import os
import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from servers.neo4j import fetch_jars
from servers.process import ServerError

FAKE_MAVEN = """#!/bin/sh
echo run >> "{runs}"
sleep 0.5
[ -f "{fail}" ] && {{ echo "Could not transfer artifact" ; exit 1 ; }}
for arg in "$@"; do
  case "$arg" in -DoutputDirectory=*) out="${{arg#-DoutputDirectory=}}" ;; esac
done
touch "$out/neo4j-kernel-5.26.0.jar" "$out/neo4j-bolt-5.26.0.jar"
"""


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A machine whose `mvn` is the fake and whose jar cache is empty; the file its runs go to."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    mvn = bin_dir / "mvn"
    mvn.write_text(FAKE_MAVEN.format(runs=tmp_path / "runs", fail=tmp_path / "fail"))
    mvn.chmod(mvn.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("HUB_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "runs"


def test_three_checkouts_fetching_at_once_run_maven_once_and_all_find_the_jars(
        runs: Path) -> None:
    with ThreadPoolExecutor(3) as pool:
        libs = set(pool.map(lambda _: fetch_jars(), range(3)))

    assert len(libs) == 1
    assert (libs.pop() / "neo4j-kernel-5.26.0.jar").is_file()
    assert runs.read_text().count("run") == 1


def test_a_failed_fetch_leaves_nothing_that_looks_fetched_and_the_next_one_fetches(
        runs: Path, tmp_path: Path) -> None:
    (tmp_path / "fail").touch()
    with pytest.raises(ServerError, match="Maven could not fetch Neo4j"):
        fetch_jars()
    version_dir = next((tmp_path / "cache").iterdir())
    assert sorted(path.name for path in version_dir.iterdir()) == ["fetch.lock"]

    (tmp_path / "fail").unlink()
    assert (fetch_jars() / "neo4j-kernel-5.26.0.jar").is_file()
    assert runs.read_text().count("run") == 2
