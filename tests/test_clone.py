"""The tests pass in a clone at any path: a clone of HEAD under a folder whose path holds "old"
and "new" (words the tests' own fixtures use) runs a fast subset of the suite.

The clone's tests import the installed ``seckg`` (the package maps the repository's folders, so
a clone is not importable without installing it); what this checks is that no test depends on
where the checkout lives.
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
    pytest_bin = Path(sys.executable).parent / "pytest"
    command = [str(pytest_bin)] if pytest_bin.exists() else [sys.executable, "-P", "-m", "pytest"]
    result = subprocess.run([*command, "-q", "-x", "-p", "no:cacheprovider", *SUBSET], cwd=clone,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout
