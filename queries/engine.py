"""Running SPARQL on a target: the embedded store, RDF files loaded in memory, or a remote
SPARQL 1.1 endpoint. Every query passes the one screen first. Parameters are bound with a
``VALUES`` block of terms that Oxigraph serialises (:func:`bind_inline`), the same way on every
target, so a stored query gives the same answer from the embedded store and from a server;
nothing a user typed is spliced into the query text.

(Oxigraph's own ``substitutions`` binds in the engine too, but only variables that a SELECT
projects; parameters used in filters would then have to be projected, and a remote endpoint
could not be given the same query.)"""

from __future__ import annotations

import functools
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from seckg.errors import InputError, StoreError
from seckg.rdfload import FORMATS, parse
from seckg.sparqlscreen import screen_query

__all__ = ["Result", "Target", "StoreTarget", "EndpointTarget", "files_target", "Term"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class Result:
    """The answer to a query: rows (SELECT), a boolean (ASK) or triples (CONSTRUCT, DESCRIBE)."""

    form: str
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term | None]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[ox.Triple] = field(default_factory=list)


class Target(ABC):
    """Where queries run."""

    label = "target"

    @abstractmethod
    def execute(self, text: str, bindings: dict[str, Term] | None = None, *, source: str = "<query>") -> Result:
        """Screen, bind and run one query."""


def _from_oxigraph(form: str, answer: object) -> Result:
    if form == "ASK":
        return Result(form, boolean=bool(answer))
    if form in ("CONSTRUCT", "DESCRIBE"):
        return Result(form, triples=list(answer))  # type: ignore[call-overload]
    variables = [v.value for v in answer.variables]  # type: ignore[attr-defined]
    rows = [{v: row[v] for v in variables} for row in answer]  # type: ignore[attr-defined]
    return Result(form, variables=variables, rows=rows)


class StoreTarget(Target):
    """An Oxigraph store: the embedded store of a data dir, or files loaded in memory. The
    default graph of a query is the union of all graphs (facts live in named graphs)."""

    def __init__(self, store: ox.Store, label: str) -> None:
        self.store = store
        self.label = label
        #: what is read once from the store and kept for this target (the names of entities for
        #: parameters given as labels); a target stands for one state of its store, so whoever
        #: changes the store afterwards clears this
        self.cache: dict[str, object] = {}

    @classmethod
    def embedded(cls, data_dir: Path) -> StoreTarget:
        from seckg.graph.store import open_store

        return cls(open_store(data_dir, read_only=True), f"store {data_dir}")

    def execute(self, text: str, bindings: dict[str, Term] | None = None, *, source: str = "<query>") -> Result:
        form = _screened_form(text, source)
        return self._run(bind_inline(text, bindings or {}), form, source)

    def _run(self, text: str, form: str, source: str) -> Result:
        # A frame of its own: the screen's parser leaves reference cycles behind, and Oxigraph's
        # result objects must not be caught in them (they may only be dropped on their thread).
        try:
            answer = self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as e:
            raise InputError(f"SPARQL syntax error: {e.msg}", source=source, line=e.lineno, column=e.offset) from None
        except OSError as e:
            raise StoreError(f"{self.label}: {e}") from None
        return _from_oxigraph(form, answer)


@functools.lru_cache(maxsize=256)
def _screened_form(text: str, source: str) -> str:
    """The form of a query that passed the screen. The screen depends on the text alone, so a
    text screened once (a stored query run again, the label lookup of every entity parameter)
    is not parsed again: parsing is most of the time of a query on the embedded store. A query
    the screen refuses raises every time (exceptions are not cached)."""
    return screen_query(text, source=source).form


def files_target(paths: Iterable[Path]) -> StoreTarget:
    """RDF files, or every RDF file of a folder, loaded into an in-memory store (screened)."""
    store = ox.Store()
    found = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lstrip(".").lower() in FORMATS)
        elif path.exists():
            found.append(path)
        else:
            raise InputError("no such file or folder", source=str(path))
    if not found:
        raise InputError("no RDF files found (.ttl, .nt, .nq, .trig, .jsonld, .rdf, .owl)",
                         source=", ".join(str(p) for p in paths))
    for p in found:
        store.bulk_extend(parse(p))
    return StoreTarget(store, "files " + ", ".join(str(p) for p in paths))


_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r"|(?P<string>'''(?:[^\\]|\\.)*?'''|\"\"\"(?:[^\\]|\\.)*?\"\"\"|'(?:[^'\\\n]|\\.)*'|\"(?:[^\"\\\n]|\\.)*\")"
    r"|(?P<iri><[^<>\"{}|^`\\\s]*>)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<word>[A-Za-z_]+)",
    re.DOTALL,
)


def _values(names: list[str], bindings: dict[str, Term]) -> str:
    """One ``VALUES ?n { term }`` block per parameter: the same single solution as one block of
    all of them, but Virtuoso 7.2 loses the solutions of a sub-select that holds a block of two
    variables once it is joined with a property path (``relations-between`` found 2 of 6 rows)."""
    return " ".join(f"VALUES ?{n} {{ {bindings[n]} }}" for n in names)


#: A sub-select whose result a binding may not filter before its modifiers run.
_AGGREGATING = re.compile(r"\b(GROUP|HAVING|LIMIT|OFFSET|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\b", re.IGNORECASE)


def _subselect_insertions(text: str, names: tuple[str, ...]) -> list[tuple[int, tuple[str, ...] | None]]:
    """Where to bind parameters inside sub-selects as well: a sub-select that projects a
    parameter as a plain variable, and neither groups, aggregates, limits nor offsets, has its
    WHERE group ``{ P }`` turned into ``{ VALUES ... { P } }``. That join keeps exactly P's
    solutions that the outer binding keeps (the sub-select projects the variable, so its
    DISTINCT and ORDER BY are unchanged), but the engine no longer computes the sub-select for
    every value first: Oxigraph evaluates a sub-select on its own, and one that binds nothing
    grows with the whole graph (``relations-between``, ``sources-for``). Each place is given with
    the names to bind there (``None``: the closing brace of a group opened before)."""
    tokens = [(m.lastgroup, m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text) if m.lastgroup != "comment"]
    out: list[tuple[int, tuple[str, ...] | None]] = []
    depth = 0
    for i, (kind, _start, end, word) in enumerate(tokens):
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "word" and depth > 0 and word.upper() == "SELECT" and tokens[i - 1][0] == "open" \
                and re.sub(r"#[^\n]*", "", text[tokens[i - 1][2]:_start]).strip() == "":
            # a sub-select opens its group (comments between the brace and SELECT allowed)
            j = next((k for k in range(i + 1, len(tokens)) if tokens[k][0] == "open"), None)
            if j is None:
                break
            projection = text[end:tokens[j][1]]
            k, d = j, 0
            while k < len(tokens):  # the WHERE group's closing brace
                d += {"open": 1, "close": -1}.get(tokens[k][0], 0)
                if d == 0:
                    break
                k += 1
            m, d = k + 1, 0
            while m < len(tokens) and not (tokens[m][0] == "close" and d == 0):  # its modifiers
                d += {"open": 1, "close": -1}.get(tokens[m][0], 0)
                m += 1
            if k >= len(tokens) or m >= len(tokens):
                break
            body = text[tokens[j][1]:tokens[m][1]]
            variables = re.findall(r"[?$](\w+)", projection)
            mine = [n for n in names if variables.count(n) == 1
                    and not re.search(rf"\bAS\s+[?$]{n}\b", projection, re.IGNORECASE)]
            if mine and not _AGGREGATING.search(projection) and not _AGGREGATING.search(body):
                out += [(tokens[j][1], tuple(mine)), (tokens[k][2], None)]
    return out


@functools.lru_cache(maxsize=512)
def _binding_plan(text: str, names: tuple[str, ...]) -> tuple[tuple[int, tuple[str, ...] | None], ...]:
    """Where :func:`bind_inline` writes ``VALUES`` blocks into ``text`` for the parameters
    ``names`` (sorted): the positions depend on the text and the names alone, so a stored query
    run again is not tokenised again (about 2 ms a run). ``(at, names)`` opens a group with a
    block there, ``(at, None)`` closes it; the last entry is the outermost WHERE group's block
    (the parameters in scope for that group's patterns and filters), at -1 for a DESCRIBE
    without a WHERE group (the block goes at the end)."""
    inner = _subselect_insertions(text, names)
    depth = 0
    seen_where = False
    construct = False
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "word" and depth == 0:
            word = m.group().upper()
            if word == "WHERE":
                seen_where = True
            elif word == "CONSTRUCT":
                construct = True
        elif kind == "open":
            # the WHERE group: after the keyword, or the first group of a SELECT/ASK without it
            # (a CONSTRUCT's first group is its template); every sub-select lies inside it
            if depth == 0 and (seen_where or not construct):
                return (*inner, (m.end(), names))
            depth += 1
        elif kind == "close":
            depth = max(0, depth - 1)
    return (*inner, (-1, names))  # DESCRIBE <iri> without a WHERE group


def bind_inline(text: str, bindings: dict[str, Term]) -> str:
    """The query with a ``VALUES`` block binding the parameters at the start of its outermost
    WHERE group, so that they are in scope for that group's patterns and filters, and inside
    the sub-selects that project them (:func:`_subselect_insertions`). The terms are written in
    N-Triples syntax by Oxigraph (escaped); nothing a user typed is spliced as text."""
    if not bindings:
        return text
    plan = _binding_plan(text, tuple(sorted(bindings)))
    *inner, (outer, names) = plan
    if outer < 0:
        text = text.rstrip() + "\n" + _values(list(names or ()), bindings) + "\n"
    pieces = []
    last = len(text)
    for at, mine in sorted([*inner, *([(outer, names)] if outer >= 0 else [])], key=lambda p: p[0], reverse=True):
        if mine is None:
            insert = " }"
        elif at == outer:
            insert = " " + _values(list(mine), bindings) + " "
        else:
            insert = "{ " + _values(list(mine), bindings) + " "
        pieces.append(text[at:last])
        pieces.append(insert)
        last = at
    pieces.append(text[:last])
    return "".join(reversed(pieces))



class EndpointTarget(Target):
    """A remote SPARQL 1.1 endpoint, queried over HTTP with the SPARQL Protocol (POST).

    Servers differ in what their default graph is: Oxigraph with ``--union-default-graph``
    makes it the union of the named graphs (seckg's facts live in named graphs), and so does
    Virtuoso (every graph it holds); Fuseki, GraphDB and a plain Oxigraph server do not, and
    seckg's queries would then find nothing. ``union`` says what to do:

    - ``"auto"`` (default; or ``SECKG_ENDPOINT_UNION``): ask the server once whether a triple of
      a named graph is in its default graph; if not, warn (on the ``seckg`` logger) and query
      as ``"graphs"`` does;
    - ``"server"``: the server's default graph is the union (send queries as they are);
    - ``"graphs"``: make the default graph the merge of all the server's named graphs
      (``default-graph-uri`` and ``named-graph-uri`` for each: ``seckg push`` puts the dataset's
      default graph in the named graph ``https://w3id.org/seckg/graph/default`` for this);
    - an IRI: the server's name for its union graph (Fuseki: ``urn:x-arq:UnionGraph``).

    ``allow_from``: let ``FROM`` / ``FROM NAMED`` through the screen (off by default: some
    servers fetch what they name). Credentials come from the environment
    (:func:`seckg.queries.remote.credentials_from_env`); ``timeout`` is a deadline for the
    whole answer."""

    def __init__(self, url: str, timeout: float = 30.0, *, union: str | None = None, allow_from: bool = False,
                 credentials: object = None) -> None:
        import os

        from .remote import check_url, credentials_from_env

        self.url = check_url(url)
        self.timeout = timeout
        self.label = f"endpoint {url}"
        self.union = union or os.environ.get("SECKG_ENDPOINT_UNION") or "auto"
        self.allow_from = allow_from
        self.credentials = credentials if credentials is not None else credentials_from_env()
        self._dataset: dict[str, list[str]] | None = None

    def _post(self, params: dict[str, object], accept: str) -> bytes:
        from .remote import auth_hint, json_results_for_oxigraph, request

        status, headers, data = request("POST", self.url, data=params, headers={"Accept": accept},
                                        timeout=self.timeout, credentials=self.credentials)  # type: ignore[arg-type]
        if status != 200:
            detail = data[:300].decode("utf-8", "replace").strip().splitlines()
            hint = auth_hint(status, headers)
            raise InputError(f"the endpoint answered {status}: {detail[0] if detail else ''}{hint}",
                             source=self.url)
        limit = {k.lower(): v for k, v in headers.items()}.get("x-sparql-maxrows")
        if limit is not None:  # Virtuoso's ResultSetMaxRows: a 200 with the first rows only
            raise StoreError(f"{self.url}: the server cut its answer at {limit} rows (a limit on result rows,"
                             " such as Virtuoso's ResultSetMaxRows); raise it, or narrow the query")
        # Virtuoso writes blank nodes as nodeID://..., which Oxigraph's results parser refuses
        return json_results_for_oxigraph(data) if "sparql-results+json" in accept else data

    def _boolean(self, data: bytes) -> bool:
        """An ASK answer in SPARQL JSON; also Virtuoso 7.2's, a result set of one variable
        ``__ASK_RETVAL`` with one row (true) or none (false)."""
        try:
            answer = json.loads(data)
            if "boolean" not in answer and answer.get("head", {}).get("vars") == ["__ASK_RETVAL"]:
                return bool(answer["results"]["bindings"])
            return bool(answer["boolean"])
        except (ValueError, KeyError, AttributeError) as e:
            raise InputError(f"the endpoint's answer is not SPARQL JSON results: {e}", source=self.url) from None

    def _ask(self, text: str, dataset: dict[str, list[str]] | None = None) -> bool:
        return self._boolean(self._post({"query": text, **(dataset or {})}, "application/sparql-results+json"))

    def dataset(self) -> dict[str, list[str]]:
        """The ``default-graph-uri`` / ``named-graph-uri`` parameters every query is sent with."""
        if self._dataset is not None:
            return self._dataset
        mode = self.union
        if mode == "auto":
            mode = "server"
            data = self._post({"query": "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1"},
                              "application/sparql-results+json")
            rows = list(ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON))
            if rows:
                row = rows[0]
                probe = bind_inline("ASK { ?s ?p ?o }", {v: row[v] for v in ("s", "p", "o")})  # type: ignore[misc]
                if not self._ask(probe):
                    import logging

                    logging.getLogger("seckg").warning(
                        "%s: the default graph is not the union of the named graphs; querying the merge of"
                        " its named graphs (say union='server', 'graphs' or the server's union graph IRI:"
                        " SECKG_ENDPOINT_UNION)", self.url)
                    mode = "graphs"
        if mode == "server":
            self._dataset = {}
        elif mode == "graphs":
            data = self._post({"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
                              "application/sparql-results+json")
            graphs = sorted(row["g"].value for row in  # type: ignore[index]
                            ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON))
            self._dataset = {"default-graph-uri": graphs, "named-graph-uri": graphs}
        else:
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+", mode):  # an absolute IRI
                raise InputError(f"not server, graphs, auto or an IRI: {mode!r}", source="union graph")
            self._dataset = {"default-graph-uri": [mode]}
        return self._dataset

    def execute(self, text: str, bindings: dict[str, Term] | None = None, *, source: str = "<query>") -> Result:
        form = screen_query(text, source=source, allow_dataset_clauses=self.allow_from).form
        text = bind_inline(text, bindings or {})
        accept = ("application/sparql-results+json" if form in ("SELECT", "ASK")
                  else "application/n-triples")
        has_from = self.allow_from and re.search(r"\bFROM\b", text, re.IGNORECASE) is not None
        data = self._post({"query": text, **({} if has_from else self.dataset())}, accept)
        if form in ("CONSTRUCT", "DESCRIBE"):
            quads = parse(self.url, data=data, fmt="nt")
            return Result(form, triples=[ox.Triple(q.subject, q.predicate, q.object) for q in quads])
        try:
            if form == "ASK":
                return Result(form, boolean=self._boolean(data))
            answer = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        except (ValueError, KeyError, SyntaxError) as e:
            raise InputError(f"the endpoint's answer is not SPARQL JSON results: {e}", source=self.url) from None
        return _from_oxigraph(form, answer)
