"""The browser libraries of the app's pages (GraphiQL in development, the analyst page in every
environment), fetched from npm and checked.

A police network may have no internet, so the page cannot load them from a CDN. `npm pack`
fetches each pinned package's tarball through the registry client the machine already uses;
its sha256 must match the one pinned here before any of its files is kept. GraphiQL's are the
very files strawberry's page names (its SRI hashes still check them in the browser).

Run by `make install` as `python -m api.vendor`; packages already in place are left alone.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from graph.settings import PROJECT_ROOT

VENDOR_DIR = PROJECT_ROOT / "var" / "vendor"


@dataclass(frozen=True)
class Package:
    """One pinned npm package and the files of it the page loads."""

    name: str
    version: str
    sha256: str  # of the tarball `npm pack` fetches
    files: tuple[str, ...]

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


# The analyst page's network drawing (api/analyst.py).
CYTOSCAPE = Package("cytoscape", "3.35.0",
                    "058a81a7534777ea68dc737e9b77bd5b701e00acd9bee246245a576eeeac32e6",
                    ("dist/cytoscape.min.js",))
PACKAGES = (
    Package("react", "18.2.0",
            "a151f7caec911760e42b7a6f6f1dfcaba141fd11ff49e2af901a2eee0366297c",
            ("umd/react.production.min.js",)),
    Package("react-dom", "18.2.0",
            "20a71e86b691f860c781f3732a85c7b3c63c4d3d9a803dca9dfe6ed0eb30e2ef",
            ("umd/react-dom.production.min.js",)),
    Package("js-cookie", "3.0.5",
            "37aae984c1efdb0f91a20036dc44100a220386f38133fd188dc05ccd72063075",
            ("dist/js.cookie.min.js",)),
    Package("graphiql", "3.8.3",
            "1cadb1c2ca0dc51ea71fb4bb2680e6185e83fe400c9a62ca5fb9dfb922472bbd",
            ("graphiql.min.js", "graphiql.min.css")),
    Package("@graphiql/plugin-explorer", "1.0.2",
            "0eb37145bdaebc72050f76339c5cdacb89b8846f65259dfb78debfefc8ae3ff1",
            ("dist/index.umd.js", "dist/style.css")),
    CYTOSCAPE,
)


class VendorError(RuntimeError):
    """A package could not be fetched, or its tarball is not the one pinned."""


def present(package: Package, target: Path = VENDOR_DIR) -> bool:
    return all((target / package.spec / name).is_file() for name in package.files)


def extract(package: Package, tarball: Path, target: Path = VENDOR_DIR) -> None:
    """Keep the package's page files from `tarball`, once its sha256 is the pinned one."""
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != package.sha256:
        raise VendorError(f"{package.spec}: tarball sha256 {digest}, expected {package.sha256}")
    with tarfile.open(tarball, "r:gz") as archive:
        for name in package.files:
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise VendorError(f"{package.spec}: {name} is not a file in its tarball")
            destination = target / package.spec / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            partial = destination.with_name(destination.name + ".partial")
            with member, partial.open("wb") as out:
                shutil.copyfileobj(member, out)
            partial.replace(destination)  # never a half-written file under its real name


def fetch(target: Path = VENDOR_DIR) -> list[Package]:
    """Fetch the packages not yet in `target`; the ones fetched."""
    missing = [package for package in PACKAGES if not present(package, target)]
    if not missing:
        return []
    with tempfile.TemporaryDirectory(dir=target.parent if target.parent.is_dir() else None) \
            as scratch:
        packed = subprocess.run(
            ["npm", "pack", "--silent", "--pack-destination", scratch,
             *(package.spec for package in missing)],
            capture_output=True, text=True, check=False)
        if packed.returncode != 0:
            raise VendorError(f"npm pack failed: {packed.stderr.strip()}")
        tarballs = packed.stdout.split()
        for package, name in zip(missing, tarballs, strict=True):
            extract(package, Path(scratch) / name, target)
    return missing


def main() -> None:
    try:
        fetched = fetch()
    except VendorError as error:
        sys.exit(f"vendor: {error}")
    for package in fetched:
        print(f"vendored {package.spec}")


if __name__ == "__main__":
    main()
