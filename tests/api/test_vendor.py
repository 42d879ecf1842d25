"""A vendored file is kept only from the tarball whose sha256 was pinned."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest

from api.vendor import Package, VendorError, extract


def tarball(path: Path, files: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, content in files.items():
            member = tarfile.TarInfo(f"package/{name}")
            member.size = len(content)
            archive.addfile(member, io.BytesIO(content))
    return path


def test_the_pinned_tarball_gives_its_files(tmp_path: Path) -> None:
    packed = tarball(tmp_path / "lib.tgz", {"umd/lib.min.js": b"var lib;", "README.md": b"x"})
    package = Package("lib", "1.0.0", hashlib.sha256(packed.read_bytes()).hexdigest(),
                      ("umd/lib.min.js",))
    extract(package, packed, tmp_path / "vendor")
    assert (tmp_path / "vendor" / "lib@1.0.0" / "umd" / "lib.min.js").read_bytes() == b"var lib;"
    assert not (tmp_path / "vendor" / "lib@1.0.0" / "README.md").exists()


def test_a_tarball_other_than_the_pinned_one_gives_nothing(tmp_path: Path) -> None:
    pinned = tarball(tmp_path / "pinned.tgz", {"umd/lib.min.js": b"var lib;"})
    package = Package("lib", "1.0.0", hashlib.sha256(pinned.read_bytes()).hexdigest(),
                      ("umd/lib.min.js",))
    tampered = tarball(tmp_path / "tampered.tgz", {"umd/lib.min.js": b"steal(document.cookie)"})
    with pytest.raises(VendorError, match="sha256"):
        extract(package, tampered, tmp_path / "vendor")
    assert not (tmp_path / "vendor").exists()
