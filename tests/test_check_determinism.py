"""``seckg check`` gives the same report, byte for byte, for the same input: no blank node label
(a SHACL result's complex path is written as a property path), no times in the report (they go
to stderr; only the JUnit report carries them, in its time attributes)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.cli.main import cli

FORMATS = ("table", "markdown", "json", "shacl")


def _reports(built: Path, tmp_path: Path, run: int) -> dict[str, bytes]:
    out = {}
    for fmt in FORMATS:
        path = tmp_path / f"{run}.{fmt}"
        result = CliRunner().invoke(cli, ["--data-dir", str(built), "check", "--only", "shacl,rules,provenance",
                                          "--fail-on", "none", "-f", fmt, "-o", str(path)])
        assert result.exit_code == 0, result.output
        out[fmt] = path.read_bytes()
    return out


@pytest.fixture(scope="module")
def two_runs(built: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    tmp = tmp_path_factory.mktemp("check-twice")
    return _reports(built, tmp, 1), _reports(built, tmp, 2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_input_gives_the_same_report(two_runs, fmt: str) -> None:  # type: ignore[no-untyped-def]
    first, second = two_runs
    assert first[fmt] == second[fmt]


def test_no_blank_node_label_is_a_property(two_runs) -> None:  # type: ignore[no-untyped-def]
    import json

    findings = json.loads(two_runs[0]["json"])["findings"]
    properties = {f["property"] for f in findings if f["property"]}
    assert properties, "no finding has a property: the test would prove nothing"
    assert not [p for p in properties if re.fullmatch(r"[0-9a-f]{20,}|_:.*|N[0-9a-f]{20,}", p)]
    assert all(p.startswith(("http", "(", "^", "<")) for p in properties), properties
