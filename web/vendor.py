"""Front-end libraries from the npm registry, pinned, vendored into ``web/static/vendor/`` at
install time (``make install`` runs ``python -m seckg.web.vendor``; the files are not committed).

Each package is fetched with ``npm pack NAME@VERSION`` (npm's own client, its configured
registry), its tarball checked against the pinned integrity (sha512, as the registry publishes
it), and only the files the pages load are kept, with the package's ``package.json`` (its licence
and authors) and a ``LICENSES.txt`` that names each. Pages then load them from the site's own
``/static/``: nothing from elsewhere.

Without npm (or without the registry), nothing is vendored and the pages that need a library
say so and fall back to what needs none (the query page of ``seckg serve`` keeps its own editor).
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Package", "PACKAGES", "vendor", "vendored", "VENDOR_DIR"]

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str
    #: paths inside the tarball (below ``package/``) -> the name kept in ``static/vendor/``
    files: dict[str, str]
    licence: str


PACKAGES = (
    Package("@zazuko/yasgui", "4.6.2",
            "sha512-Zw45KdPoAE1KRaAoxIHdQqeJxvaVG1oQdntw0hy0ktX35Zu8ZccuOLrXCLwR+GU+0xMzLw8Mjw6BkSZV2vUuQw==",
            {"build/yasgui.min.js": "yasgui.min.js", "build/yasgui.min.css": "yasgui.min.css",
             "package.json": "yasgui.package.json"}, "MIT"),
)


def vendored(name: str) -> bool:
    """Whether a vendored file (``yasgui.min.js``) is there."""
    return (VENDOR_DIR / name).is_file()


def _integrity(path: Path) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(path.read_bytes()).digest()).decode()


def vendor(target: Path = VENDOR_DIR, packages: tuple[Package, ...] = PACKAGES) -> list[str]:
    """Fetch and unpack ``packages`` into ``target``; the names written. Raises RuntimeError
    when npm is missing or fails, or a tarball is not the pinned one."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is not installed (apt-get install npm): the web pages' libraries are not vendored")
    target.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for p in packages:
            if all((target / kept).is_file() for kept in p.files.values()) and \
                    json.loads((target / p.files["package.json"]).read_text())["version"] == p.version:
                written += p.files.values()
                notes.append(f"{p.name} {p.version}: licence {p.licence}")
                continue
            done = subprocess.run([npm, "pack", f"{p.name}@{p.version}", "--silent", "--pack-destination", tmp],
                                  capture_output=True, text=True, timeout=300)
            if done.returncode != 0:
                raise RuntimeError(f"npm pack {p.name}@{p.version} failed: {done.stderr.strip()[:300]}")
            tarball = Path(tmp) / done.stdout.strip().splitlines()[-1]
            if _integrity(tarball) != p.integrity:
                raise RuntimeError(f"{tarball.name} is not the pinned {p.name}@{p.version} (integrity differs)")
            with tarfile.open(tarball) as tar:
                for inner, kept in p.files.items():
                    member = tar.extractfile(f"package/{inner}")
                    if member is None:
                        raise RuntimeError(f"{p.name}@{p.version} has no {inner}")
                    (target / kept).write_bytes(member.read())
                    written.append(kept)
            notes.append(f"{p.name} {p.version}: licence {p.licence}")
    (target / "LICENSES.txt").write_text(
        "Libraries vendored by seckg (python -m seckg.web.vendor) from the npm registry, pinned:\n"
        + "".join(f"- {n} (authors and licence: the package.json kept beside it)\n" for n in notes), encoding="utf-8")
    return written


def main() -> int:
    try:
        names = vendor()
    except RuntimeError as e:
        print(f"seckg.web.vendor: {e}", file=sys.stderr)
        return 1
    print(f"seckg.web.vendor: {', '.join(names)} in {VENDOR_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
