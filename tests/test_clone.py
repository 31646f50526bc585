"""The tests pass in a clone at any path: a clone of HEAD under a folder whose path holds "old"
and "new" (words the tests' own fixtures use) runs a fast subset of the suite.

The clone's tests run the clone's own code: from a checkout, ``seckg``'s top-level folders are
its subpackages (``seckg/__init__.py`` maps them, as pyproject.toml does when installing), so
the checkout's ``seckg/`` never shadows an installed seckg and hides ``seckg.ontology``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Fast test files whose fixtures or expected output name paths.
SUBSET = ["tests/test_diff.py"]


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs git and a git checkout")
def test_a_clone_under_old_and_new_passes(tmp_path: Path) -> None:
    clone = tmp_path / "old stuff" / "new-projects" / "seckg"
    clone.parent.mkdir(parents=True)
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    # the checkout as the working directory: its seckg/ comes first on sys.path
    where = subprocess.run([sys.executable, "-c", "import seckg.ontology, seckg.cli.main as m; "
                            "print(seckg.ontology.__file__); print(m.__file__)"],
                           cwd=clone, capture_output=True, text=True, timeout=120)
    assert where.returncode == 0, where.stderr
    assert [Path(p).resolve() for p in where.stdout.splitlines()] == [
        (clone / "ontology" / "__init__.py").resolve(), (clone / "cli" / "main.py").resolve()]
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *SUBSET],
                            cwd=clone, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
