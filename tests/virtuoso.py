"""A throwaway Virtuoso Open Source server (Debian's ``virtuoso-opensource``) on loopback, for
the tests: its own ``virtuoso.ini`` in a temporary directory (the database, its log and
transaction files there too; ``DirsAllowed`` that directory only), the SQL and HTTP ports on
free loopback ports, started with ``+foreground`` and stopped (killed) when the block ends.
A fresh database has the user ``dba`` with the password ``dba``."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

INI = """\
[Database]
DatabaseFile       = {dir}/virtuoso.db
ErrorLogFile       = {dir}/virtuoso.log
LockFile           = {dir}/virtuoso.lck
TransactionFile    = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {dir}/virtuoso-temp.db
TransactionFile    = {dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 8
CheckpointInterval   = 0
AllowOSCalls         = 0
DirsAllowed          = {dir}
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
ThreadsPerQuery      = 1
VADInstallDir        = {dir}/vad

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {dir}/www
MaxClientConnections = 8
ServerThreads        = 8
EnabledDavVSP        = 0
HTTPProxyEnabled     = 0
Charset              = UTF-8

[SPARQL]
ResultSetMaxRows      = 1000000
MaxQueryExecutionTime = 300
"""


@dataclass
class Virtuoso:
    """A running server: ``sparql`` (the SPARQL endpoint), ``graph_store`` (the Graph Store
    Protocol endpoint, HTTP Digest for ``dba``), ``sql_port`` (for isql-vt), ``directory``."""

    http_port: int
    sql_port: int
    directory: Path
    user: str = "dba"
    password: str = "dba"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return self.base + "/sparql"

    @property
    def graph_store(self) -> str:
        return self.base + "/sparql-graph-crud-auth"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    request = urllib.request.Request(f"{url}?{query}", headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 (loopback)
            return bool(response.status == 200)
    except OSError:
        return False


@contextlib.contextmanager
def virtuoso_server(program: str, directory: Path, startup: float = 90.0) -> Iterator[Virtuoso]:
    """Virtuoso on free loopback ports with its database in ``directory`` (created)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "www").mkdir(exist_ok=True)
    (directory / "vad").mkdir(exist_ok=True)
    server = Virtuoso(_free_port(), _free_port(), directory)
    ini = directory / "virtuoso.ini"
    ini.write_text(INI.format(dir=directory, sql_port=server.sql_port, http_port=server.http_port),
                   encoding="utf-8")
    log = (directory / "stdout.log").open("wb")
    process = subprocess.Popen([program, "+foreground", "+configfile", str(ini)], cwd=directory,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + startup
        while not _answers(server.sparql):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (directory / "virtuoso.log").read_text("utf-8", "replace")[-2000:] \
                    if (directory / "virtuoso.log").exists() else ""
                raise RuntimeError(f"Virtuoso did not start (exit {process.poll()}):\n{tail}")
            time.sleep(0.2)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)
        log.close()
