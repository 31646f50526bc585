"""OWL 2 DL profile check with the OWL API (``OWL2DLProfile``), which owlready2 ships as a jar.

Python has no OWL 2 profile checker; the OWL API's is the reference one (ROBOT's
``validate-profile`` uses it). It is called from Python through JPype (the ``JPype1`` package),
so a Java runtime suffices: nothing is compiled, at run time or ever. The check runs in a child
Python process (``python -m seckg.ontology.profile FILE``), so that the JVM never lives in the
caller's process and a timeout can stop it, on N-Triples that seckg serialised itself, stripped
of ``owl:imports`` and ``python_module`` annotations (``reasoner.prepare``), so nothing is
fetched and no code is imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from ..errors import OntologyError
from .reasoner import prepare

__all__ = ["ProfileViolation", "check_profile"]

#: The exit status of the child process when the OWL API cannot load the file.
_LOAD_FAILED = 2


@dataclass(frozen=True)
class ProfileViolation:
    kind: str  # the OWL API's violation class, e.g. IllegalPunning
    axiom: str  # the axiom in OWL functional syntax


def _owlapi_jar() -> Path:
    import owlready2

    jars = sorted((Path(owlready2.__file__).parent / "pellet").glob("owlapi-distribution-*.jar"))
    if not jars:
        raise OntologyError("the OWL API jar that owlready2 ships was not found; reinstall owlready2")
    return jars[-1]


def _violations(path: Path) -> int:
    """In the child process: print one violation a line (``<kind>\t<axiom>``) of the ontology in
    ``path`` (N-Triples); the exit status."""
    import jpype

    jpype.startJVM(classpath=[str(_owlapi_jar())], convertStrings=True)
    java = jpype.JClass
    manager = java("org.semanticweb.owlapi.apibinding.OWLManager").createOWLOntologyManager()
    silent = java("org.semanticweb.owlapi.model.MissingImportHandlingStrategy").SILENT
    config = java("org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration")() \
        .setMissingImportHandlingStrategy(silent)  # a second guard: imports were removed
    source = java("org.semanticweb.owlapi.io.FileDocumentSource")(java("java.io.File")(str(path)))
    try:
        ontology = manager.loadOntologyFromOntologyDocument(source, config)
    except Exception as e:  # a Java exception: the OWL API could not read it
        print(f"cannot load: {e}", file=sys.stderr)
        return _LOAD_FAILED
    report = java("org.semanticweb.owlapi.profiles.OWL2DLProfile")().checkOntology(ontology)
    for v in report.getViolations():
        axiom = v.getAxiom()
        text = "" if axiom is None else str(axiom.toString())
        print(f"{v.getClass().getSimpleName()}\t{text.replace(chr(10), ' ').replace(chr(9), ' ')}")
    return 0


def check_profile(graph: Graph) -> list[ProfileViolation]:
    """The OWL 2 DL profile violations of an ontology (empty when it is in OWL 2 DL)."""
    try:
        import jpype
    except ImportError:
        raise OntologyError("the OWL 2 DL profile check needs JPype1 (pip install JPype1) and a Java "
                            "runtime") from None
    try:
        jpype.getDefaultJVMPath()
    except jpype.JVMNotFoundException:
        raise OntologyError("the OWL 2 DL profile check needs a Java runtime (a JRE: "
                            "default-jre-headless on Debian; or set JAVA_HOME)") from None
    _owlapi_jar()  # a clear error before the child starts
    data, _dropped = prepare(graph)
    with tempfile.TemporaryDirectory(prefix="seckg-profile-") as tmp:
        path = Path(tmp) / "ontology.nt"
        path.write_bytes(data)
        env = {**os.environ, "PYTHONSAFEPATH": "1"}  # the child imports seckg, not the cwd's folders
        done = subprocess.run([sys.executable, "-m", "seckg.ontology.profile", str(path)],
                              capture_output=True, text=True, timeout=300, env=env)
    if done.returncode != 0:
        raise OntologyError(f"the OWL API could not load the ontology: {done.stderr.strip()[:300]}")
    out = []
    for line in done.stdout.splitlines():
        kind, _, axiom = line.partition("\t")
        if kind:
            out.append(ProfileViolation(kind, axiom))
    return sorted(out, key=lambda v: (v.kind, v.axiom))  # the OWL API's order varies


if __name__ == "__main__":  # the child process of check_profile
    sys.exit(_violations(Path(sys.argv[1])))
