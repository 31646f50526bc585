"""The stored queries: each one runs on the built corpus graph and gives its expected result;
adding a query without a case and an expected result fails here."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from seckg.errors import InputError
from seckg.queries.catalogue import load_catalogue, parse_stored_query

from .queries.regenerate import expected_json

HERE = Path(__file__).resolve().parent / "queries"
CATALOGUE = load_catalogue()
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8")) if (HERE / "cases.yaml").exists() else {}


def test_the_catalogue_was_found_and_every_query_has_a_case_and_an_expected_result():
    assert len(CATALOGUE) >= 15
    for name in CATALOGUE:
        assert name in CASES, f"{name}: add its parameters to tests/queries/cases.yaml"
        assert (HERE / "expected" / f"{name}.json").exists(), f"{name}: run 'make expected' and review"
    assert set(CASES) <= set(CATALOGUE), "cases.yaml names queries that do not exist"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_stored_query_gives_its_expected_result(built, name):
    expected = (HERE / "expected" / f"{name}.json").read_text(encoding="utf-8")
    got = expected_json(built, name, CASES.get(name) or {})
    assert got == expected, f"{name}: the result changed; run 'make expected' and review the diff"


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_stored_query_is_self_describing(name):
    q = CATALOGUE[name]
    assert q.title and q.description and q.columns, name
    for p in q.params:
        assert p.description, f"{name}: parameter {p.name} has no description"


@pytest.mark.parametrize("header, message", [
    ("#+ title: [unclosed\n", r"x.rq:1: malformed header"),
    ("#+ description: no title\n", r"x.rq:1: the header needs a 'title'"),
    ("#+ title: T\n#+ description: D\n#+ params:\n#+   - {name: n, type: float}\n", r"x.rq:3: parameter 'n': type 'float'"),
    ("#+ title: T\n#+ description: D\n#+ params:\n#+   - {name: absent, type: string}\n", r"x.rq:3: parameter 'absent' is not a variable"),
])
def test_a_malformed_header_is_an_error_naming_the_file_and_line(header, message):
    with pytest.raises(InputError, match=message):
        parse_stored_query(header + "\nSELECT * WHERE { ?s ?p ?o }\n", "x", "x.rq")
