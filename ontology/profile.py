"""OWL 2 DL profile check with the OWL API (``OWL2DLProfile``), which owlready2 ships as a jar.

Python has no OWL 2 profile checker; the OWL API's is the reference one (ROBOT's
``validate-profile`` uses it). A small Java class shipped with seckg (``java/ProfileCheck.java``)
is compiled once with ``javac`` into a cache folder and run on N-Triples that seckg serialised
itself, stripped of ``owl:imports`` and ``python_module`` annotations (``reasoner.prepare``), so
nothing is fetched and no code is imported.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from rdflib import Graph

from ..errors import OntologyError
from .reasoner import prepare

__all__ = ["ProfileViolation", "check_profile"]


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


def _compiled(jar: Path) -> Path:
    """The folder holding ProfileCheck.class, compiled once per source and jar."""
    source = files("seckg.ontology").joinpath("java/ProfileCheck.java").read_bytes()
    key = hashlib.sha256(source + str(jar).encode()).hexdigest()[:16]
    base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "seckg" / f"profile-{key}"
    if (base / "ProfileCheck.class").exists():
        return base
    javac = shutil.which("javac")
    if javac is None:
        raise OntologyError("the OWL 2 DL profile check needs javac (a JDK); install default-jdk-headless")
    base.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".profile-", dir=base.parent))
    try:
        (tmp / "ProfileCheck.java").write_bytes(source)
        done = subprocess.run([javac, "-nowarn", "-cp", str(jar), "-d", str(tmp), str(tmp / "ProfileCheck.java")],
                              capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise OntologyError(f"cannot compile the profile checker: {done.stderr.strip().splitlines()[-1:]}")
        try:
            os.replace(tmp, base)
        except OSError:  # another process compiled it first
            shutil.rmtree(tmp, ignore_errors=True)
    finally:
        if tmp.exists() and tmp != base:
            shutil.rmtree(tmp, ignore_errors=True)
    return base


def check_profile(graph: Graph) -> list[ProfileViolation]:
    """The OWL 2 DL profile violations of an ontology (empty when it is in OWL 2 DL)."""
    java = shutil.which("java")
    if java is None:
        raise OntologyError("the OWL 2 DL profile check needs Java; install default-jre-headless")
    jar = _owlapi_jar()
    classes = _compiled(jar)
    data, _dropped = prepare(graph)
    with tempfile.TemporaryDirectory(prefix="seckg-profile-") as tmp:
        path = Path(tmp) / "ontology.nt"
        path.write_bytes(data)
        done = subprocess.run([java, "-cp", f"{jar}{os.pathsep}{classes}", "ProfileCheck", str(path)],
                              capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise OntologyError(f"the OWL API could not load the ontology: {done.stderr.strip()[:300]}")
    out = []
    for line in done.stdout.splitlines():
        kind, _, axiom = line.partition("\t")
        if kind:
            out.append(ProfileViolation(kind, axiom))
    return out
