"""The user's own lexicon (graph/userlexicon.py): YAML and Turtle files beside the texts or
named with --lexicon, validated with file and line, merged with the bundled lexicon for
extraction and into the built store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, SKOS, Literal, URIRef

from seckg.errors import InputError
from seckg.graph.build import build_corpus, extract_file
from seckg.graph.iris import entity_iri
from seckg.graph.store import open_store
from seckg.graph.userlexicon import entity_types, lexicon_files_in, load_user_lexicon
from seckg.ontology.terms import SECKG

LEXICON = """\
entities:
  - label: Thomas A. Mensah
    type: Person
    variants: [Judge Mensah, Mensah]
    nationality: Ghana
    wikidata: Q1234567
  - label: Northern Ocean Council
    type: InternationalOrganisation
    variants: [NOC, the Council]
  - label: Ministry of Maritime Affairs
    type: GovernmentAgency
  - label: Gondor Sea
    type: Sea
  - label: friendly rivalry
    type: Concept
"""
TEXT = "China joined the NOC in 2001. Judge Mensah said that “the Tribunal will proceed”.\n"

MENSAH = URIRef(entity_iri("person", "Thomas A. Mensah"))
NOC = URIRef(entity_iri("organisation", "Northern Ocean Council"))


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / name
    p.write_text(text, encoding="utf-8")
    return p


def _error(tmp_path: Path, yaml_text: str) -> str:
    p = _write(tmp_path, "x.lexicon.yaml", yaml_text)
    with pytest.raises(InputError) as e:
        load_user_lexicon([p])
    return str(e.value)


def test_yaml_entries_become_triples_with_iris_minted_as_the_bundled_lexicons(tmp_path: Path):
    g = load_user_lexicon([_write(tmp_path, "lexicon.yaml", LEXICON)])
    assert (MENSAH, RDF.type, SECKG.Person) in g
    assert (MENSAH, SKOS.prefLabel, Literal("Thomas A. Mensah", lang="en")) in g
    assert (MENSAH, SKOS.altLabel, Literal("Judge Mensah", lang="en")) in g
    assert (MENSAH, SECKG.nationality, URIRef(entity_iri("state", "Ghana"))) in g
    assert (MENSAH, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q1234567")) in g
    assert (NOC, RDF.type, SECKG.InternationalOrganisation) in g
    assert (URIRef(entity_iri("agency", "Ministry of Maritime Affairs")), RDF.type, SECKG.GovernmentAgency) in g
    assert (URIRef(entity_iri("place", "Gondor Sea")), RDF.type, SECKG.Sea) in g
    assert (URIRef(entity_iri("concept", "friendly rivalry")), RDF.type, SKOS.Concept) in g


def test_a_user_entity_and_its_variants_are_read_in_a_text(tmp_path: Path):
    _write(tmp_path, "lexicon.yaml", LEXICON)
    text = _write(tmp_path, "note.txt", TEXT)
    ex = extract_file(text)  # the lexicon beside the text is picked up
    triples = {t for f in ex.facts for t in f.triples}
    assert any(s == URIRef(entity_iri("state", "China")) and o == NOC for s, p, o in triples)
    assert any(p == SECKG.speaker and o == MENSAH for s, p, o in triples)
    assert {m.iri for m in ex.mentions} >= {str(MENSAH), str(NOC)}


def test_without_the_lexicon_the_entity_is_not_known(tmp_path: Path):
    text = _write(tmp_path, "note.txt", TEXT)
    ex = extract_file(text)
    assert str(NOC) not in {m.iri for m in ex.mentions}


def test_a_lexicon_named_by_option_and_in_turtle(tmp_path: Path):
    ttl = _write(tmp_path / "elsewhere", "mine.lexicon.ttl", f"""\
PREFIX seckg: <https://w3id.org/seckg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
<{NOC}> a seckg:InternationalOrganisation ;
    skos:prefLabel "Northern Ocean Council"@en ; rdfs:label "Northern Ocean Council"@en ;
    skos:altLabel "NOC"@en ;
    skos:exactMatch <http://www.wikidata.org/entity/Q42> .
""")
    text = _write(tmp_path / "texts", "note.txt", TEXT)
    ex = extract_file(text, lexicon_files=[ttl])
    assert str(NOC) in {m.iri for m in ex.mentions}


def test_files_are_found_in_a_folder(tmp_path: Path):
    for name in ("lexicon.yaml", "a.lexicon.yaml", "b.lexicon.ttl", "note.yaml", "note.txt"):
        _write(tmp_path, name, "")
    assert [p.name for p in lexicon_files_in(tmp_path)] == ["a.lexicon.yaml", "b.lexicon.ttl", "lexicon.yaml"]


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("entities:\n  - label: X\n    type: Wizard\n", r"x\.lexicon\.yaml:3: unknown type 'Wizard' for 'X'; types: "),
    ("entities:\n  - label: X\n    type: Partnership\n", r":3: .*facts are read from texts"),
    ("entities:\n  - type: Person\n", r"x\.lexicon\.yaml:2: an entry has no 'label'"),
    ("entities:\n  - label: X\n", r":2: entry 'X' has no 'type'"),
    ("entities:\n  - label: X\n    type: Person\n    nationality: Gondor\n",
     r":4: nationality 'Gondor' is not a state of the lexicon"),
    ("entities:\n  - label: X\n    type: Sea\n    nationality: Ghana\n", r":4: nationality is for persons"),
    ("entities:\n  - label: X\n    type: Person\n    wikidata: 1234\n", r":4: bad Wikidata id '1234'"),
    ("entities:\n  - label: X\n    type: Person\n  - label: x\n    type: City\n",
     r":4: duplicate label 'x' \(first given at .*x\.lexicon\.yaml:2\)"),
    ("entities:\n  - label: X\n    type: Person\n    colour: red\n", r":4: unknown field 'colour'"),
    ("people:\n  - label: X\n", r":1: unknown key 'people'"),
    ("entities:\n  - &a {label: X, type: Person}\n  - *a\n", r":3: YAML aliases"),
    ("entities:\n  - label: [X\n", r"x\.lexicon\.yaml:\d+(:\d+)?: invalid YAML"),
    ("entities:\n  - label: South China Sea\n    type: City\n",
     r":3: 'South China Sea' is a Sea in the bundled lexicon, not a City"),
])
def test_errors_name_the_file_and_line(tmp_path: Path, yaml_text: str, message: str):
    assert re.search(message, _error(tmp_path, yaml_text))


def test_turtle_errors_name_the_file_and_entity(tmp_path: Path):
    p = _write(tmp_path, "bad.lexicon.ttl", """\
PREFIX seckg: <https://w3id.org/seckg/ontology#>
<https://w3id.org/seckg/id/person/nobody> a seckg:Person .
""")
    with pytest.raises(InputError, match=r"bad\.lexicon\.ttl: <https://w3id\.org/seckg/id/person/nobody> has no"):
        load_user_lexicon([p])
    p = _write(tmp_path, "syntax.lexicon.ttl", "<a> <b> .\n")
    with pytest.raises(InputError, match=r"syntax\.lexicon\.ttl"):
        load_user_lexicon([p])


def test_every_listed_type_loads(tmp_path: Path):
    types = entity_types()
    assert {"Person", "Organisation", "GovernmentAgency", "City", "Sea", "Island", "Treaty", "Policy",
            "Initiative", "PartnershipLevel", "Concept", "PressRelease"} <= set(types)
    body = "".join(f"  - label: Thing {i}\n    type: {t}\n" for i, t in enumerate(types))
    g = load_user_lexicon([_write(tmp_path, "all.lexicon.yaml", "entities:\n" + body)])
    assert len(set(g.subjects(SKOS.prefLabel, None))) == len(types)


def test_a_build_takes_the_corpus_lexicon_into_extraction_and_the_store(tmp_path: Path):
    corpus = tmp_path / "corpus"
    _write(corpus, "note.txt", TEXT)
    _write(corpus, "lexicon.yaml", LEXICON)
    summary = build_corpus(corpus, tmp_path / "data")
    assert summary.validation is not None and summary.validation.conforms, summary.validation.findings[:3]
    store = open_store(tmp_path / "data", read_only=True)
    rows = list(store.query(
        f"SELECT ?t WHERE {{ GRAPH ?g {{ <{MENSAH}> a ?t ; <{SKOS.prefLabel}> ?l }} }}"))
    assert {r[0].value for r in rows} == {str(SECKG.Person)}
    members = list(store.query(
        f"SELECT ?m WHERE {{ GRAPH ?g {{ ?m <{SECKG.memberOf}> <{NOC}> }} }}"))
    assert members, "the user's organisation appears in the facts"


def test_cli_extract_picks_up_the_lexicon_beside_the_text(tmp_path: Path):
    from seckg.cli.main import cli

    _write(tmp_path / "texts", "mine.lexicon.yaml", LEXICON)
    text = _write(tmp_path / "texts", "note.txt", TEXT)
    runner = CliRunner()
    result = runner.invoke(cli, ["extract", str(text), "-f", "nquads"])
    assert result.exit_code == 0, result.output
    assert str(NOC) in result.output
    _write(tmp_path / "texts", "bad.lexicon.yaml", "entities:\n  - label: X\n    type: Wizard\n")
    result = runner.invoke(cli, ["extract", str(text)])
    assert result.exit_code == 3
    assert "bad.lexicon.yaml:3: unknown type 'Wizard'" in result.output


def test_an_entry_of_a_bundled_entity_adds_its_variants(tmp_path: Path):
    p = _write(tmp_path, "lexicon.yaml", "entities:\n  - label: Permanent Court of Arbitration\n"
                                         "    type: Organisation\n    variants: [the Hague court]\n")
    g = load_user_lexicon([p])
    pca = URIRef(entity_iri("organisation", "Permanent Court of Arbitration"))
    assert (pca, SKOS.altLabel, Literal("the Hague court", lang="en")) in g
