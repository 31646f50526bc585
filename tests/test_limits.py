"""Limits on a query (``--timeout``, ``--max-memory``: a killed child process, exit code 7), a
real deadline for ``--endpoint``, and a timeout on the reasoner (an ERROR finding, exit 6)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from seckg.api import KnowledgeGraph
from seckg.cli.main import cli
from seckg.errors import InputError, LimitError
from seckg.queries.engine import files_target

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
SORTED_PAIRS = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?c) ?f LIMIT 1"


@pytest.fixture(scope="module")
def triples(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("limits") / "g.nt"
    path.write_text("".join(f'<http://x.invalid/s{i}> <http://x.invalid/p> "{i}" .\n' for i in range(3000)))
    return path


def _seckg(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "seckg"), *args], capture_output=True, text=True,
                          timeout=timeout)


def _processes_with(marker: str) -> list[int]:
    found = []
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            with contextlib.suppress(OSError):
                if marker.encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                    found.append(int(pid))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_long_query_stops_at_its_timeout_and_leaves_nothing_running(triples):
    marker = f"limit-test-{uuid.uuid4().hex}"
    t0 = time.monotonic()
    done = _seckg("query", "--data", str(triples), "--timeout", "1", "-e", f"# {marker}\n{CROSS}")
    elapsed = time.monotonic() - t0
    assert done.returncode == 7, done.stderr
    assert done.stderr.strip() == "seckg: error: the query ran past its time limit of 1 s (--timeout)"
    assert done.stdout == ""
    assert elapsed < 8
    assert _processes_with(marker) == []


def test_a_memory_hungry_query_stops_at_its_memory_limit(triples):
    done = _seckg("query", "--data", str(triples), "--max-memory", "1024", "--timeout", "60", "-e", SORTED_PAIRS)
    assert done.returncode == 7, done.stderr
    assert done.stderr.strip() == "seckg: error: the query ran past its memory limit of 1024 MB (--max-memory)"


def test_a_query_within_its_limits_answers_as_without_them(triples):
    result = CliRunner().invoke(cli, ["query", "--data", str(triples), "--timeout", "5", "--max-memory", "1024",
                                      "-f", "csv", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"])
    assert result.exit_code == 0, result.output
    assert result.output.split() == ["n", "3000"]


def test_the_memory_limit_counts_from_what_the_process_already_holds(triples):
    """A process that already maps gigabytes (a started JVM does, in a notebook or a test run)
    still answers a small query under ``max_memory=1024``: the ceiling is on what the query adds."""
    script = (
        "import mmap, sys\n"
        "held = mmap.mmap(-1, 3 << 30)\n"
        "from seckg.api import KnowledgeGraph\n"
        "from seckg.queries.engine import files_target\n"
        "kg = KnowledgeGraph()\n"
        "rows = list(kg.query('SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }', target=files_target([sys.argv[1]]),\n"
        "                     timeout=30, max_memory=1024))\n"
        "print(rows[0]['n'])\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(triples)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1].startswith("3000") or '"3000"' in done.stdout, done.stdout


def test_the_api_takes_the_same_limits(triples):
    kg = KnowledgeGraph()
    target = files_target([triples])
    text = "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 3"
    assert list(kg.query(text, target=target, timeout=5, max_memory=1024)) == list(kg.query(text, target=target))
    t0 = time.monotonic()
    with pytest.raises(LimitError, match="time limit of 0.5 s"):
        kg.query(CROSS, target=target, timeout=0.5)
    assert time.monotonic() - t0 < 5
    with pytest.raises(InputError, match="syntax error"):  # errors of the child are raised here
        kg.query("SELECT ?s WHERE { ?s ", target=target, timeout=5)
    limited = KnowledgeGraph(query_timeout=0.5)
    with pytest.raises(LimitError):
        limited.query(CROSS, target=target)


def test_the_endpoint_deadline_holds_on_the_command_line():
    """``seckg query --endpoint URL --timeout 1``: a server that trickles cannot hold the client."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    port = listener.getsockname()[1]

    def trickle() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                         b"Content-Length: 1000\r\n\r\n")
            for _ in range(60):
                conn.sendall(b" ")
                time.sleep(0.1)
            conn.close()

    threading.Thread(target=trickle, daemon=True).start()
    t0 = time.monotonic()
    result = CliRunner().invoke(cli, ["query", "--endpoint", f"http://127.0.0.1:{port}/sparql", "--timeout", "1",
                                      "-e", "ASK { ?s ?p ?o }"])
    assert result.exit_code == 5, result.output
    assert time.monotonic() - t0 < 3
    listener.close()


def _java() -> None:
    import shutil

    if shutil.which("java") is None:
        pytest.skip("needs Java")


def test_the_reasoner_is_stopped_at_its_timeout():
    _java()
    from seckg.ontology.reasoner import ReasonerTimeout, reason, reasoner_timeout

    t0 = time.monotonic()
    with reasoner_timeout(0.3), pytest.raises(ReasonerTimeout, match="ran out of time"):
        reason()
    assert time.monotonic() - t0 < 5
    import owlready2.reasoning

    assert "timeout" not in owlready2.reasoning._subprocess_kargs  # put back


def test_check_reports_the_reasoner_out_of_time(triples):
    _java()
    report = KnowledgeGraph().check(data=[triples], layers=["owl"], reasoner_timeout=0.01)
    messages = [f.message for f in report.findings if f.severity == "ERROR" and f.layer == "owl"]
    assert any("the reasoner ran out of time" in m for m in messages), messages


def test_ontology_check_exits_6_when_the_reasoner_runs_out_of_time():
    _java()
    result = CliRunner().invoke(cli, ["ontology", "check", "--reasoner-timeout", "0.01"])
    assert result.exit_code == 6, result.output
    assert "the reasoner ran out of time" in result.output
    assert "internal error" not in result.output
