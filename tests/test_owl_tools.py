"""OWL tools: the exported ontology loads with default settings in the OWL API (the library of
Protege and ROBOT; the jar owlready2 ships, driven through JPype in a child process) and in
owlready2, from a file, with nothing fetched: one ``owl:Ontology`` header with its version IRI,
no imports. The source modules open offline through ``ontology/catalog-v001.xml``. Turtle
output writes full IRIs where a prefixed name would need escapes."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import OWL, RDF, Graph, URIRef

from seckg.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
MAIN = "https://w3id.org/seckg/ontology"
#: a proxy that is never there: any fetch by the JVM fails (and so does the test)
NO_NETWORK = ["-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=9", "-Dhttps.proxyHost=127.0.0.1",
              "-Dhttps.proxyPort=9"]

_OWLAPI = """
import json, sys, jpype
from seckg.ontology.profile import _owlapi_jar
jpype.startJVM(*sys.argv[3:], classpath=[str(_owlapi_jar())], convertStrings=True)
J = jpype.JClass
manager = J("org.semanticweb.owlapi.apibinding.OWLManager").createOWLOntologyManager()
for name, path in json.loads(sys.argv[2]).items():
    manager.addIRIMapper(J("org.semanticweb.owlapi.util.SimpleIRIMapper")(
        J("org.semanticweb.owlapi.model.IRI").create(name), J("org.semanticweb.owlapi.model.IRI").create(J("java.io.File")(path))))
ontology = manager.loadOntologyFromOntologyDocument(J("java.io.File")(sys.argv[1]))
oid = ontology.getOntologyID()
def unwrap(x):  # Optional in OWL API 5, the IRI itself in 4
    return str(x.get()) if hasattr(x, "isPresent") else str(x)
print(json.dumps({"iri": unwrap(oid.getOntologyIRI()), "version": unwrap(oid.getVersionIRI()),
                  "imports": ontology.getImportsDeclarations().size(), "closure": ontology.getImportsClosure().size(),
                  "axioms": ontology.getAxiomCount(), "classes": ontology.getClassesInSignature(True).size(),
                  "format": str(manager.getOntologyFormat(ontology))}))
"""


def owlapi(path: Path, mappings: dict[str, str] | None = None) -> dict[str, object]:
    import json

    from seckg.ontology.profile import _owlapi_jar

    try:
        _owlapi_jar()
    except Exception as e:  # noqa: BLE001
        pytest.skip(str(e))
    from .conftest import require_program

    require_program("java", "default-jdk-headless")
    done = subprocess.run([sys.executable, "-c", _OWLAPI, str(path), json.dumps(mappings or {}), *NO_NETWORK],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("ontology")
    paths = {}
    for fmt, ext in (("turtle", "ttl"), ("xml", "rdf"), ("nt", "nt")):
        path = out / f"seckg-ontology.{ext}"
        result = CliRunner().invoke(cli, ["--data-dir", str(built), "export", "--part", "ontology", "-f", fmt,
                                          "-o", str(path)])
        assert result.exit_code == 0, result.output
        paths[fmt] = path
    return paths


def test_one_header_with_its_version_and_no_imports(exported):
    graph = Graph().parse(exported["turtle"], format="turtle")
    assert list(graph.subjects(RDF.type, OWL.Ontology)) == [URIRef(MAIN)]
    assert (URIRef(MAIN), OWL.versionIRI, None) in graph
    assert not list(graph.triples((None, OWL.imports, None)))


@pytest.mark.parametrize("fmt", ["turtle", "xml"])
def test_the_owl_api_loads_the_export_with_default_settings(exported, fmt):
    loaded = owlapi(exported[fmt])
    assert loaded["iri"] == MAIN and loaded["version"].startswith(MAIN + "/")  # type: ignore[union-attr]
    assert loaded["imports"] == 0 and loaded["closure"] == 1
    assert loaded["axioms"] > 1000 and loaded["classes"] > 50  # type: ignore[operator]


@pytest.mark.parametrize("fmt", ["xml", "nt"])
def test_owlready2_loads_the_export_from_a_file(exported, fmt):
    import owlready2

    world = owlready2.World()
    ontology = world.get_ontology(exported[fmt].as_uri()).load()
    assert ontology.base_iri == MAIN + "#"
    assert ontology.imported_ontologies == []
    assert len(list(ontology.classes())) > 50


def _catalog() -> dict[str, str]:
    root = ET.parse(ONTOLOGY / "catalog-v001.xml").getroot()
    ns = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
    return {e.get("name"): str(ONTOLOGY / e.get("uri")) for e in root.iter(f"{ns}uri")}  # type: ignore[misc]


def test_the_catalog_names_every_module_the_aggregator_imports():
    imports = {str(o) for o in Graph().parse(ONTOLOGY / "seckg.ttl", format="turtle").objects(URIRef(MAIN), OWL.imports)}
    catalog = _catalog()
    assert imports and set(catalog) == imports
    for iri, path in catalog.items():
        header = re.search(r"<([^>]+)> a owl:Ontology", Path(path).read_text(encoding="utf-8"))
        assert header and header.group(1) == iri


def test_the_source_modules_open_offline_through_the_catalog():
    loaded = owlapi(ONTOLOGY / "seckg.ttl", _catalog())
    assert loaded["iri"] == MAIN and loaded["imports"] == 13 and loaded["closure"] == 14
    assert loaded["classes"] > 50  # type: ignore[operator]


def test_turtle_writes_full_iris_where_a_prefixed_name_would_need_escapes(built):
    import pyoxigraph as ox

    turtle = CliRunner().invoke(cli, ["--data-dir", str(built), "export", "--part", "all", "-f", "turtle"])
    nt = CliRunner().invoke(cli, ["--data-dir", str(built), "export", "--part", "all", "-f", "nt"])
    assert turtle.exit_code == 0 and nt.exit_code == 0
    assert "\\/" not in turtle.output and "<https://w3id.org/seckg/id/state/china>" in turtle.output
    assert set(ox.parse(turtle.output.encode(), format=ox.RdfFormat.TURTLE)) == \
        set(ox.parse(nt.output.encode(), format=ox.RdfFormat.N_TRIPLES))
