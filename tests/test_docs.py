"""The README cannot drift: its figures and command reference are generated (cog) and checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from seckg.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


@pytest.mark.parametrize("doc", [README, ROOT / "docs" / "ontology.md"], ids=lambda p: p.name)
def test_generated_sections_are_current(doc: Path):
    """The figures, counts and command reference in the docs are what the code gives today."""
    cog = Path(sys.executable).parent / "cog"
    result = subprocess.run([str(cog), "--check", str(doc)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, f"{doc.name} is stale; run 'make readme'\n{result.stdout}{result.stderr}"


def test_every_command_has_a_section_in_the_readme():
    text = README.read_text(encoding="utf-8")
    names = []
    for name, cmd in cli.commands.items():
        names.append(f"seckg {name}")
        for sub in getattr(cmd, "commands", {}):
            names.append(f"seckg {name} {sub}")
    assert len(names) >= 6
    for name in names:
        assert f"### `{name}`" in text, f"{name} is not documented in README.md"
