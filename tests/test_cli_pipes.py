"""The command as a user pipes and installs it: a quiet exit on a closed pipe, files written with
the user's umask, format aliases, shell completion of stored query names, ``seckg eval`` outside
a checkout, the OWL 2 DL profile check with a Java runtime only, the LICENSE."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
SECKG = str(Path(sys.executable).parent / "seckg")


@pytest.mark.parametrize("args", [["export", "-f", "nquads"], ["query", "run", "timeline", "-f", "csv"]],
                         ids=["export", "query"])
def test_a_closed_pipe_ends_quietly(built: Path, args: list[str]) -> None:
    """``seckg query ... | head -1``: no 'internal error', the status of a process ended by
    SIGPIPE. The reader is gone before the first write (how much a pipe buffers before a
    writer notices varies between machines)."""
    read, write = os.pipe()
    proc = subprocess.Popen([SECKG, "--data-dir", str(built), *args], stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    os.close(read)
    _, err = proc.communicate(timeout=120)
    # what the command says on stderr (a note on withheld texts) may stay; no error, no traceback
    assert proc.returncode == 141, err.decode()
    assert "error" not in err.decode() and "Traceback" not in err.decode(), err.decode()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600)])
def test_files_are_written_with_the_umask(built: Path, tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        for args in (["export", "-f", "ttl", "-o", str(tmp_path / "a.ttl")],
                     ["query", "run", "timeline", "-f", "csv", "-o", str(tmp_path / "t.csv")]):
            result = CliRunner().invoke(cli, ["--data-dir", str(built), *args])
            assert result.exit_code == 0, result.output
    finally:
        os.umask(old)
    for name in ("a.ttl", "t.csv"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode
    assert (tmp_path / "t.csv").read_text(encoding="utf-8").startswith("date,kind,eventLabel,event")


@pytest.mark.parametrize("alias, canonical", [("ttl", "turtle"), ("nq", "nquads"), ("rdfxml", "xml"),
                                              ("n-triples", "nt")])
def test_export_format_aliases(built: Path, alias: str, canonical: str) -> None:
    def run(fmt: str) -> bytes:
        result = CliRunner().invoke(cli, ["--data-dir", str(built), "export", "--part", "ontology", "-f", fmt])
        assert result.exit_code == 0, result.output
        return result.stdout_bytes

    assert run(alias) == run(canonical)


def test_stored_query_names_complete() -> None:
    env = {**os.environ, "_SECKG_COMPLETE": "bash_complete", "COMP_WORDS": "seckg query run partn",
           "COMP_CWORD": "3"}
    done = subprocess.run([SECKG], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = [line.split(",", 1)[1] for line in done.stdout.splitlines()]  # "plain,NAME" lines
    assert "partnerships-of-state" in names and "timeline" not in names


def test_eval_works_outside_a_checkout(tmp_path: Path) -> None:
    """The corpus's gold ships in the package (corpus/NAME.gold.yaml), as eval's help promises."""
    done = subprocess.run([SECKG, "eval"], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("security-partnerships-2020: precision ")


def test_the_profile_check_needs_no_javac(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The OWL API is called through JPype: only a Java runtime, no javac, nothing compiled."""
    pytest.importorskip("jpype")
    from rdflib import Graph

    from seckg.ontology.profile import check_profile

    if shutil.which("java") is None:
        pytest.skip("no Java runtime")
    bin_dir = tmp_path / "bin"  # a PATH with python and java, without javac
    bin_dir.mkdir()
    (bin_dir / "java").symlink_to(os.path.realpath(shutil.which("java") or "java"))
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("HOME", str(tmp_path))  # and no cache of an earlier compiled class
    bad = Graph().parse(data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        <https://e/p> a owl:ObjectProperty , owl:DatatypeProperty .
        """, format="turtle")
    assert [v.kind for v in check_profile(bad)] == ["IllegalPunning", "IllegalPunning"]
    assert not (ROOT / "ontology" / "java").exists()


def test_the_licence_is_mit() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["license"] == "MIT" and meta["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License\n")
