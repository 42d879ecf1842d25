"""The lock file is what `make install` installs: it must pin, within pyproject's ranges, every
dependency pyproject names, or a fresh machine would get something nobody tested."""

from __future__ import annotations

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from graph.settings import PROJECT_ROOT

PIN = re.compile(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", re.MULTILINE)


def pinned() -> dict[str, str]:
    text = (PROJECT_ROOT / "requirements.lock").read_text()
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def test_every_dependency_is_pinned_within_its_range_and_hashed() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = [Requirement(spec) for spec in
              [*project["dependencies"], *project["optional-dependencies"]["dev"]]]
    pins = pinned()
    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pins]
    assert not missing, f"not in requirements.lock (run `make lock`): {missing}"
    outside = [f"{r} (locked {pins[canonicalize_name(r.name)]})" for r in wanted
               if not r.specifier.contains(pins[canonicalize_name(r.name)], prereleases=True)]
    assert not outside, f"locked outside pyproject's range (run `make lock`): {outside}"
    # pip refuses the whole file under --require-hashes if one pin lacks a hash.
    entries = re.split(r"\n(?=[A-Za-z0-9])", (PROJECT_ROOT / "requirements.lock").read_text())
    unhashed = [entry.split()[0] for entry in entries
                if PIN.match(entry) and "--hash=sha256:" not in entry]
    assert not unhashed, f"pinned without a hash: {unhashed}"
