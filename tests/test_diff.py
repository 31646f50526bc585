"""``seckg diff`` and :mod:`seckg.graph.diff`: what changed in the knowledge between two versions
of the graph or the ontology, grouped by class and by source sentence, blank nodes compared by
isomorphism; text, Markdown and JSON; exit codes."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from rdflib import URIRef

from seckg.cli.diff import diff as diff_command
from seckg.cli.main import cli
from seckg.graph.diff import diff_graphs, load_version, render_markdown, render_text, to_json
from seckg.rdfload import load_dataset

from .conftest import CORPUS

DATA = Path(__file__).resolve().parent / "data" / "diff"
OLD, NEW = DATA / "old.trig", DATA / "new.trig"
ONTOLOGY_A, ONTOLOGY_B, ONTOLOGY_C = (DATA / f"ontology-{x}.ttl" for x in "abc")
SYNTAX_ERROR = Path(__file__).resolve().parent / "data" / "hostile" / "syntax-error.ttl"
PAKISTAN = "China calls Pakistan its all-weather strategic cooperative partner."
RUSSIA = "Since 2019 China and Russia have a comprehensive strategic partnership of coordination."


@pytest.fixture
def seckg() -> Iterator[click.Group]:
    """The root ``seckg`` group with ``diff`` registered (until the lead registers it)."""
    added = "diff" not in cli.commands
    if added:
        cli.add_command(diff_command)
    yield cli
    if added:
        del cli.commands["diff"]


def run(group, *args: str | Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(group, [str(a) for a in args], prog_name="seckg")


# --- the two fixtures -------------------------------------------------------------------------

EXPECTED_TEXT = f"""\
seckg diff old new
triples: +13 -1
named graphs: +1 -0
facts: +1 -0 ~1 changed
facts added by class: seckg:Partnership (partnership) 1
facts changed by class: seckg:Partnership (partnership) 1

Added:
  + named graph id:evidence/notes/97-168
  seckg:Partnership (partnership): 6 triple(s)
    “{PAKISTAN}” [id:evidence/notes/97-168]
      + id:partnership/china--pakistan (China–Pakistan partnership) a seckg:Partnership (partnership)
      + id:partnership/china--pakistan (China–Pakistan partnership) rdfs:label "China–Pakistan partnership"@en
      + id:partnership/china--pakistan (China–Pakistan partnership) seckg:hasEvidence id:evidence/notes/97-168
      + id:partnership/china--pakistan (China–Pakistan partnership) seckg:hasParty id:state/china (China)
      + id:partnership/china--pakistan (China–Pakistan partnership) seckg:hasParty id:state/pakistan (Pakistan)
      + id:partnership/china--pakistan (China–Pakistan partnership) seckg:partnershipLevel \
id:partnership-level/all-weather-strategic-cooperative-partnership (all-weather strategic cooperative partnership)
  oa:SpecificResource: 3 triple(s)
    “{PAKISTAN}” [id:evidence/notes/97-168]
      + id:evidence/notes/97-168#target a oa:SpecificResource
      + id:evidence/notes/97-168#target oa:hasSelector id:evidence/notes/97-168#quote
      + id:evidence/notes/97-168#target oa:hasSource id:document/notes
  oa:TextQuoteSelector: 2 triple(s)
    “{PAKISTAN}” [id:evidence/notes/97-168]
      + id:evidence/notes/97-168#quote a oa:TextQuoteSelector
      + id:evidence/notes/97-168#quote oa:exact "{PAKISTAN}"
  seckg:Evidence (evidence): 2 triple(s)
    “{PAKISTAN}” [id:evidence/notes/97-168]
      + id:evidence/notes/97-168 a seckg:Evidence (evidence)
      + id:evidence/notes/97-168 oa:hasTarget id:evidence/notes/97-168#target

Removed:
  seckg:Partnership (partnership): 1 triple(s)
    “{RUSSIA}” [id:evidence/notes/0-96]
      - id:partnership/china--russia (China–Russia partnership) seckg:since "2019"^^xsd:gYear
"""

EXPECTED_MARKDOWN = f"""\
## seckg diff: `old` → `new`

- triples: +13 -1
- named graphs: +1 -0
- facts: +1 -0 ~1 changed
- facts added by class: seckg:Partnership (partnership) 1
- facts changed by class: seckg:Partnership (partnership) 1

### Added

Named graphs added:

- `id:evidence/notes/97-168`

#### + `seckg:Partnership` (partnership): 6 triple(s)

> {PAKISTAN}
> — `id:evidence/notes/97-168`

- `id:partnership/china--pakistan` (China–Pakistan partnership) `a` `seckg:Partnership` (partnership)
- `id:partnership/china--pakistan` (China–Pakistan partnership) `rdfs:label` `"China–Pakistan partnership"@en`
- `id:partnership/china--pakistan` (China–Pakistan partnership) `seckg:hasEvidence` `id:evidence/notes/97-168`
- `id:partnership/china--pakistan` (China–Pakistan partnership) `seckg:hasParty` `id:state/china` (China)
- `id:partnership/china--pakistan` (China–Pakistan partnership) `seckg:hasParty` `id:state/pakistan` (Pakistan)
- `id:partnership/china--pakistan` (China–Pakistan partnership) `seckg:partnershipLevel` \
`id:partnership-level/all-weather-strategic-cooperative-partnership` (all-weather strategic cooperative partnership)

#### + `oa:SpecificResource`: 3 triple(s)

> {PAKISTAN}
> — `id:evidence/notes/97-168`

- `id:evidence/notes/97-168#target` `a` `oa:SpecificResource`
- `id:evidence/notes/97-168#target` `oa:hasSelector` `id:evidence/notes/97-168#quote`
- `id:evidence/notes/97-168#target` `oa:hasSource` `id:document/notes`

#### + `oa:TextQuoteSelector`: 2 triple(s)

> {PAKISTAN}
> — `id:evidence/notes/97-168`

- `id:evidence/notes/97-168#quote` `a` `oa:TextQuoteSelector`
- `id:evidence/notes/97-168#quote` `oa:exact` `"{PAKISTAN}"`

#### + `seckg:Evidence` (evidence): 2 triple(s)

> {PAKISTAN}
> — `id:evidence/notes/97-168`

- `id:evidence/notes/97-168` `a` `seckg:Evidence` (evidence)
- `id:evidence/notes/97-168` `oa:hasTarget` `id:evidence/notes/97-168#target`

### Removed

#### − `seckg:Partnership` (partnership): 1 triple(s)

> {RUSSIA}
> — `id:evidence/notes/0-96`

- `id:partnership/china--russia` (China–Russia partnership) `seckg:since` `"2019"^^xsd:gYear`
"""


def with_paths(expected: str) -> str:
    """The expected output with the fixtures' paths in its heading (only there: the paths of a
    clone may hold "old" or "new" anywhere)."""
    head, rest = expected.split("\n", 1)
    for plain, shown in (("seckg diff old new", f"seckg diff {OLD} {NEW}"),
                         ("## seckg diff: `old` → `new`", f"## seckg diff: `{OLD}` → `{NEW}`")):
        if head == plain:
            return shown + "\n" + rest
    raise AssertionError(f"unexpected heading {head!r}")


@pytest.fixture(scope="module")
def fixture_diff():  # type: ignore[no-untyped-def]
    return diff_graphs(load_dataset(OLD), load_dataset(NEW), old_name="old", new_name="new")


def test_fixture_diff_lists_the_added_fact_and_the_removed_statement(fixture_diff) -> None:  # type: ignore[no-untyped-def]
    d = fixture_diff
    assert not d.equal
    assert len(d.added) == 13 and len(d.removed) == 1
    assert d.graphs_added == [URIRef("https://w3id.org/seckg/id/evidence/notes/97-168")]
    assert d.graphs_removed == []
    partnership = URIRef("https://w3id.org/seckg/ontology#Partnership")
    assert dict(d.facts_added) == {partnership: 1}
    assert dict(d.facts_removed) == {}
    assert dict(d.facts_changed) == {partnership: 1}
    # the removed statement, under its class and its sentence (from the old version)
    [group] = d.removed_groups
    assert group.cls == partnership and group.label == "partnership" and not group.quads
    [sentence] = group.sentences
    assert sentence.exact == RUSSIA
    assert [str(q.p) for q in sentence.quads] == ["https://w3id.org/seckg/ontology#since"]
    # the added fact comes first, under the sentence of its new evidence graph
    assert d.added_groups[0].cls == partnership
    assert [s.exact for s in d.added_groups[0].sentences] == [PAKISTAN]


def test_fixture_diff_as_text(fixture_diff) -> None:  # type: ignore[no-untyped-def]
    assert render_text(fixture_diff) == EXPECTED_TEXT


def test_fixture_diff_as_markdown(fixture_diff) -> None:  # type: ignore[no-untyped-def]
    assert render_markdown(fixture_diff) == EXPECTED_MARKDOWN


def test_fixture_diff_as_json(seckg) -> None:  # type: ignore[no-untyped-def]
    result = run(seckg, "diff", OLD, NEW, "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["equal"] is False
    summary = data["summary"]
    assert (summary["triples_added"], summary["triples_removed"], summary["triples_moved"]) == (13, 1, 0)
    assert summary["graphs_added"] == ["https://w3id.org/seckg/id/evidence/notes/97-168"]
    assert summary["facts_added"] == [{"class": "<https://w3id.org/seckg/ontology#Partnership>",
                                       "label": "partnership", "count": 1}]
    [removed] = data["removed"]
    assert removed["sentences"][0]["exact"] == RUSSIA
    assert removed["sentences"][0]["triples"] == [{
        "s": "<https://w3id.org/seckg/id/partnership/china--russia>",
        "p": "<https://w3id.org/seckg/ontology#since>",
        "o": '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear>',
        "graph": "<https://w3id.org/seckg/id/evidence/notes/0-96>",
    }]


@pytest.mark.parametrize("fmt,expected", [("text", EXPECTED_TEXT), ("markdown", EXPECTED_MARKDOWN)])
def test_cli_prints_the_diff(seckg, fmt: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    result = run(seckg, "diff", OLD, NEW, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout == with_paths(expected)


def test_cli_writes_the_diff_to_a_file(seckg, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sub" / "diff.md"
    result = run(seckg, "diff", OLD, NEW, "-f", "markdown", "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8").startswith(f"## seckg diff: `{OLD}` → `{NEW}`\n")
    assert [p.name for p in out.parent.iterdir()] == ["diff.md"]  # no temporary file left


def test_reverse_diff_swaps_added_and_removed(fixture_diff) -> None:  # type: ignore[no-untyped-def]
    back = diff_graphs(load_dataset(NEW), load_dataset(OLD))
    assert set(back.added) == set(fixture_diff.removed)
    assert set(back.removed) == set(fixture_diff.added)


# --- blank nodes ------------------------------------------------------------------------------


def test_relabelled_blank_nodes_are_no_change(seckg) -> None:  # type: ignore[no-untyped-def]
    d = diff_graphs(load_dataset(ONTOLOGY_A), load_dataset(ONTOLOGY_B))
    assert d.equal and not d.added and not d.removed
    result = run(seckg, "diff", ONTOLOGY_A, ONTOLOGY_B, "--exit-code")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\nno change\n")


def test_a_changed_axiom_shows_only_that_axiom() -> None:
    d = diff_graphs(load_dataset(ONTOLOGY_A), load_dataset(ONTOLOGY_C))
    removed = render_text(d)
    # the disjointness list lost seckg:Organisation: the old axiom out, the new one in; the
    # unchanged restriction on seckg:Tenure is no change
    assert "owl:Restriction" not in removed and "tenureHolder" not in removed
    assert {str(q.o) for q in d.removed if str(q.p).endswith("#first")} == {
        f"https://w3id.org/seckg/ontology#{c}" for c in ("Person", "State", "Organisation")}
    assert {str(q.o) for q in d.added if str(q.p).endswith("#first")} == {
        f"https://w3id.org/seckg/ontology#{c}" for c in ("Person", "State")}
    assert "+ seckg:Grouping (grouping) a owl:Class" in removed
    assert len(d.added) == 8 and len(d.removed) == 8


# --- no change, exit codes --------------------------------------------------------------------


@pytest.mark.parametrize("fmt,message", [("text", "no change\n"),
                                         ("markdown", "No change in the knowledge graph.\n")])
def test_identical_inputs_are_no_change(seckg, fmt: str, message: str) -> None:  # type: ignore[no-untyped-def]
    result = run(seckg, "diff", NEW, NEW, "-f", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(message)
    assert run(seckg, "diff", NEW, NEW, "--exit-code").exit_code == 0


def test_exit_code_flag_gives_1_on_change(seckg) -> None:  # type: ignore[no-untyped-def]
    assert run(seckg, "diff", OLD, NEW).exit_code == 0
    result = run(seckg, "diff", OLD, NEW, "--exit-code")
    assert result.exit_code == 1
    assert result.stdout == with_paths(EXPECTED_TEXT)


# --- data dirs built by seckg build ----------------------------------------------------------


@pytest.fixture(scope="module")
def built_dir(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    from seckg.graph.build import build_corpus

    data_dir = tmp_path_factory.mktemp("diff-built")
    build_corpus(CORPUS, data_dir, validate=False)
    return data_dir


def test_data_dirs_dropping_one_evidence_graph(seckg, built_dir: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "copy"
    shutil.copytree(built_dir, copy)
    evidence = URIRef("https://w3id.org/seckg/id/evidence/security-partnerships-2020/9747-9845")
    old = load_version(built_dir)
    facts = list(old.graph(evidence))
    assert facts, "the corpus no longer has this evidence graph; pick another"
    words = old.default_graph.value(URIRef(f"{evidence}#quote"), URIRef("http://www.w3.org/ns/oa#exact"))
    assert words is not None
    # drop the graph's block from the dump, as an edit of seckg.trig would
    trig = (copy / "seckg.trig").read_text(encoding="utf-8")
    block = re.compile(r"^id:evidence\\/security-partnerships-2020\\/9747-9845 \{\n.*?^\}\n", re.M | re.S)
    trig, n = block.subn("", trig)
    assert n == 1
    (copy / "seckg.trig").write_text(trig, encoding="utf-8")

    result = run(seckg, "diff", built_dir, copy, "-f", "markdown", "--exit-code")
    assert result.exit_code == 1, result.output
    md = result.stdout
    assert f"- triples: +0 -{len(facts)}\n" in md
    assert "- named graphs: +0 -1\n" in md
    assert "### Added" not in md
    assert f"> {' '.join(str(words).split())}\n> — `id:evidence/security-partnerships-2020/9747-9845`" in md
    assert "#### − `seckg:Partnership` (partnership)" in md
    assert "`id:partnership/china--russia` (China–Russia partnership) `seckg:hasParty` `id:state/china` (China)" in md


def test_data_dir_against_itself_is_no_change(seckg, built_dir: Path) -> None:  # type: ignore[no-untyped-def]
    result = run(seckg, "diff", built_dir, built_dir / "seckg.trig", "--exit-code")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("no change\n")


# --- errors -----------------------------------------------------------------------------------


def test_bad_input_file_is_exit_3_with_one_line(seckg) -> None:  # type: ignore[no-untyped-def]
    result = run(seckg, "diff", OLD, SYNTAX_ERROR)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert re.fullmatch(rf"seckg: error: {re.escape(str(SYNTAX_ERROR))}:\d+:\d+: .+", lines[0]), lines[0]


@pytest.mark.parametrize("make", [
    pytest.param(lambda tmp: tmp / "missing.trig", id="missing file"),
    pytest.param(lambda tmp: tmp, id="folder without seckg.trig"),
])
def test_unreadable_inputs_are_input_errors(seckg, tmp_path: Path, make) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    result = run(seckg, "diff", path, NEW)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"seckg: error: {path}: "), result.stderr


def test_help_has_an_example(seckg) -> None:  # type: ignore[no-untyped-def]
    result = run(seckg, "diff", "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: seckg diff [OPTIONS] OLD NEW")
    assert "Example:" in result.stdout


def test_json_is_the_structured_diff(fixture_diff) -> None:  # type: ignore[no-untyped-def]
    data = to_json(fixture_diff)
    assert [g["class"] for g in data["added"]] == [
        "<https://w3id.org/seckg/ontology#Partnership>", "<http://www.w3.org/ns/oa#SpecificResource>",
        "<http://www.w3.org/ns/oa#TextQuoteSelector>", "<https://w3id.org/seckg/ontology#Evidence>"]
    json.dumps(data)  # plain data
