"""Why an ontology (with data) is inconsistent: the axioms involved, from Pellet's explanation
service (``pellet explain --inconsistent``; Pellet and its jars ship with owlready2). HermiT
decides consistency; Pellet is only asked for the justification, on N-Triples seckg wrote
itself without ``owl:imports`` (and with ``--ignore-imports``), so nothing is fetched."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from rdflib import Graph

from ..errors import OntologyError
from .reasoner import prepare

__all__ = ["explain_inconsistency"]


def _classpath() -> str:
    import owlready2

    jars = sorted((Path(owlready2.__file__).parent / "pellet").glob("*.jar"))
    if not jars:
        raise OntologyError("Pellet's jars (shipped with owlready2) were not found")
    return os.pathsep.join(str(j) for j in jars)


def explain_inconsistency(ontology: Graph, data: Graph | None = None, timeout: float = 120) -> list[str]:
    """The axioms of one justification of the inconsistency, as Pellet renders them (local
    names), or an empty list when Pellet finds none."""
    from .reasoner import time_left

    left = time_left()  # raises when the reasoner's deadline has passed
    if left is not None:
        timeout = min(timeout, left)
    java = shutil.which("java")
    if java is None:
        raise OntologyError("explaining needs Java; install default-jre-headless")
    g = Graph()
    g += ontology
    if data is not None:
        g += data
    payload, _ = prepare(g)
    with tempfile.TemporaryDirectory(prefix="seckg-explain-") as tmp:
        path = Path(tmp) / "ontology.nt"
        path.write_bytes(payload)
        try:
            done = subprocess.run([java, "-cp", _classpath(), "pellet.Pellet", "explain", "--ignore-imports",
                                   "--inconsistent", path.as_uri()], capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return []
    out: list[str] = []
    started = False
    pending = ""
    for line in done.stdout.splitlines():
        text = line.strip()
        if text.startswith("1)"):
            started = True
            text = text[2:].strip()
        elif started and not pending and (not text or text[0].isdigit()):
            break
        if not started or not text:
            continue
        pending = f"{pending} {text}".strip()
        if pending.count("(") <= pending.count(")"):  # an axiom spans lines until its parentheses close
            out.append(pending)
            pending = ""
    if pending:
        out.append(pending)
    return out
