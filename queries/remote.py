"""Talking to SPARQL 1.1 servers: authentication, a real deadline, the Graph Store Protocol
(``seckg push``) and reading a server's dataset back into memory (to validate it).

Credentials come from the environment, never from the command line (where ``ps`` shows them)
and are never written to a log or a message: ``SECKG_ENDPOINT_TOKEN`` (HTTP Bearer) or
``SECKG_ENDPOINT_USER`` and ``SECKG_ENDPOINT_PASSWORD`` (HTTP Basic, or HTTP Digest with
``SECKG_ENDPOINT_AUTH=digest``, as Virtuoso's ``/sparql-graph-crud-auth`` asks). TLS certificates are
always verified, against certifi's bundle of public CAs (or the bundle ``SSL_CERT_FILE`` or the
folder ``SSL_CERT_DIR`` names instead, as OpenSSL and httpx read them), plus the private CA
certificates of ``SECKG_ENDPOINT_CA`` (a PEM file or a folder of them), trusted besides; nothing
turns verification off. Requests use httpx; a request past its deadline is abandoned even when
the server trickles bytes.
"""

from __future__ import annotations

import os
import ssl
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from seckg import __version__
from seckg.errors import InputError, StoreError

#: where ``seckg push`` puts the dataset's default graph (documents, evidence, provenance), so
#: that the merge of the named graphs is the whole dataset on any server
DEFAULT_GRAPH = "https://w3id.org/seckg/graph/default"

__all__ = ["DEFAULT_GRAPH", "Credentials", "credentials_from_env", "auth_hint", "request", "push_dataset", "PushResult", "fetch_dataset",
           "check_url", "endpoint_as_file", "tls_context",
           "json_results_for_oxigraph"]


AUTH_SCHEMES = ("basic", "digest")


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic or Digest (user and password) or Bearer (token). The repr shows neither secret."""

    user: str | None = None
    password: str | None = None
    token: str | None = None
    digest: bool = False

    def __repr__(self) -> str:
        return "Credentials(bearer)" if self.token else \
            f"Credentials({'digest' if self.digest else 'basic'}, user={self.user!r})"

    def headers(self) -> dict[str, str]:
        """What every request carries (nothing for Digest: it answers the server's challenge)."""
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.digest:
            return {}
        import base64

        pair = f"{self.user}:{self.password or ''}".encode()
        return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


def credentials_from_env(environ: dict[str, str] | None = None) -> Credentials | None:
    env = os.environ if environ is None else environ
    if env.get("SECKG_ENDPOINT_TOKEN"):
        return Credentials(token=env["SECKG_ENDPOINT_TOKEN"])
    if env.get("SECKG_ENDPOINT_USER"):
        scheme = (env.get("SECKG_ENDPOINT_AUTH") or "basic").lower()
        if scheme not in AUTH_SCHEMES:
            raise InputError(f"SECKG_ENDPOINT_AUTH: not basic or digest: {scheme!r}")
        return Credentials(user=env["SECKG_ENDPOINT_USER"], password=env.get("SECKG_ENDPOINT_PASSWORD", ""),
                           digest=scheme == "digest")
    return None


def auth_hint(status: int, headers: dict[str, str]) -> str:
    """What to set when a server refuses a request (401, 403)."""
    if status not in (401, 403):
        return ""
    if headers.get("www-authenticate", "").lower().startswith("digest"):
        return (" (the server asks for HTTP Digest: set SECKG_ENDPOINT_USER, SECKG_ENDPOINT_PASSWORD and"
                " SECKG_ENDPOINT_AUTH=digest)")
    return (" (set SECKG_ENDPOINT_TOKEN, or SECKG_ENDPOINT_USER and SECKG_ENDPOINT_PASSWORD, with"
            " SECKG_ENDPOINT_AUTH=digest for a server that takes HTTP Digest only, as Virtuoso does)")


def check_url(url: str, what: str = "--endpoint") -> str:
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"not an http(s) URL: {url!r}", source=what)
    return url


def _where(url: str) -> str:
    """The URL without user info or query (for messages)."""
    p = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((p.scheme, p.hostname or "", p.path, "", "")) if not p.port else \
        urllib.parse.urlunsplit((p.scheme, f"{p.hostname}:{p.port}", p.path, "", ""))


def tls_context(environ: dict[str, str] | None = None) -> ssl.SSLContext:
    """The certificates a server's is verified against: certifi's public CAs, or the bundle of
    ``SSL_CERT_FILE`` (a file) or ``SSL_CERT_DIR`` (a folder) in their place, and the private CAs of
    ``SECKG_ENDPOINT_CA`` (a PEM file or a folder of them) besides. Host names are checked."""
    env = os.environ if environ is None else environ
    ca = env.get("SECKG_ENDPOINT_CA")
    try:
        if env.get("SSL_CERT_FILE"):
            context = ssl.create_default_context(cafile=env["SSL_CERT_FILE"])
        elif env.get("SSL_CERT_DIR"):
            context = ssl.create_default_context(capath=env["SSL_CERT_DIR"])
        else:
            import certifi

            context = ssl.create_default_context(cafile=certifi.where())
    except (OSError, ssl.SSLError) as e:
        name = "SSL_CERT_FILE" if env.get("SSL_CERT_FILE") else "SSL_CERT_DIR"
        raise InputError(f"cannot read CA certificates from it: {_reason(e)}", source=f"{name}={env[name]}") from None
    if ca:
        try:
            if os.path.isdir(ca):
                context.load_verify_locations(capath=ca)
            else:
                context.load_verify_locations(cafile=ca)
        except (OSError, ssl.SSLError) as e:
            raise InputError(f"cannot read CA certificates from it: {_reason(e)}",
                             source=f"SECKG_ENDPOINT_CA={ca}") from None
    return context


def _reason(e: BaseException) -> str:
    return getattr(e, "strerror", None) or getattr(e, "reason", None) or type(e).__name__


def _tls_failure(error: BaseException) -> ssl.SSLError | None:
    """The TLS error behind an httpx error, if any."""
    seen: set[int] = set()
    e: BaseException | None = error
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        if isinstance(e, ssl.SSLError):
            return e
        e = e.__cause__ or e.__context__
    return None


_WARNED_CLEAR_TEXT: set[str] = set()


def _warn_clear_text(url: str, credentials: Credentials) -> None:
    """Warn, once a host, when credentials would cross the network unencrypted: Basic and Bearer
    over plain http to a host other than this machine."""
    import ipaddress
    import logging

    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "http" or host in _WARNED_CLEAR_TEXT or not credentials.headers():
        return
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    if not local:
        _WARNED_CLEAR_TEXT.add(host)
        logging.getLogger("seckg").warning(
            "%s: sending credentials over plain http, readable on the network; use https", _where(url))


def request(method: str, url: str, *, timeout: float, credentials: Credentials | None = None,
            params: dict[str, object] | None = None, data: dict[str, object] | None = None,
            content: bytes | None = None, headers: dict[str, str] | None = None,
            max_bytes: int = 1 << 31) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one HTTP request that ends within ``timeout`` seconds."""
    import httpx

    deadline = time.monotonic() + timeout
    all_headers = {"User-Agent": f"seckg/{__version__}", **(headers or {})}
    auth = None
    if credentials is not None:
        _warn_clear_text(url, credentials)
        all_headers.update(credentials.headers())
        if credentials.digest and not credentials.token:
            auth = httpx.DigestAuth(credentials.user or "", credentials.password or "")
    context = tls_context() if url.lower().startswith("https:") else None
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), follow_redirects=False,
                          verify=context if context is not None else True) as client, \
                client.stream(method, url, params=params, data=data, content=content,  # type: ignore[arg-type]
                              headers=all_headers, auth=auth) as response:
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise StoreError(f"{_where(url)}: the answer is over {max_bytes} bytes")
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout("deadline")
                chunks.append(chunk)
            return response.status_code, {k.lower(): v for k, v in response.headers.items()}, b"".join(chunks)
    except httpx.TimeoutException:
        raise StoreError(f"{_where(url)}: no complete answer within {timeout:g} s") from None
    except httpx.HTTPError as e:
        tls = _tls_failure(e)
        if isinstance(tls, ssl.SSLCertVerificationError):
            why = str(tls.verify_message or tls.reason).rstrip(".")
            hint = "connect by a name the certificate holds" if "mismatch" in why else \
                "for a private CA, set SECKG_ENDPOINT_CA to its certificate (PEM)"
            raise StoreError(f"{_where(url)}: the server's TLS certificate is not trusted ({why}); nothing was"
                             f" sent ({hint})") from None
        if tls is not None:
            raise StoreError(f"{_where(url)}: no TLS connection to the server ({tls.reason or type(tls).__name__});"
                             " nothing was sent") from None
        raise StoreError(f"{_where(url)}: cannot reach the server: {type(e).__name__}: {e}") from None


def _fail(status: int, body: bytes, url: str, what: str, headers: dict[str, str] | None = None) -> None:
    detail = body[:300].decode("utf-8", "replace").strip().splitlines()
    hint = auth_hint(status, headers or {})
    raise StoreError(f"{_where(url)}: {what}: the server answered {status}"
                     f"{': ' + detail[0] if detail else ''}{hint}")


# --- the Graph Store Protocol -------------------------------------------------------------------

@dataclass
class PushResult:
    graphs: int
    quads: int
    url: str
    #: --merge: blank-node structures (OWL restrictions, lists) the server's copy of a graph
    #: already held, not sent again
    kept: int = 0


def _has_blank(t: ox.Triple) -> bool:
    return isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)


def _components(triples: Iterable[ox.Triple]) -> list[list[ox.Triple]]:
    """The triples that hold blank nodes, grouped by the blank nodes they connect."""
    parent: dict[ox.BlankNode, ox.BlankNode] = {}

    def find(b: ox.BlankNode) -> ox.BlankNode:
        while parent.setdefault(b, b) != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    blank = [t for t in triples if _has_blank(t)]
    for t in blank:
        ends = [x for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)]
        roots = [find(x) for x in ends]
        if len(roots) == 2 and roots[0] != roots[1]:
            parent[roots[1]] = roots[0]
    groups: dict[ox.BlankNode, list[ox.Triple]] = {}
    for t in blank:
        node = t.subject if isinstance(t.subject, ox.BlankNode) else t.object
        groups.setdefault(find(node), []).append(t)  # type: ignore[arg-type]
    return list(groups.values())


def _signature(component: list[ox.Triple]) -> str:
    """The same text for isomorphic blank-node structures (rdflib's canonical labelling)."""
    import rdflib
    from rdflib.compare import to_canonical_graph

    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(component, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return "\n".join(sorted(to_canonical_graph(graph).serialize(format="nt").splitlines()))


def _not_held(held: list[ox.Triple], triples: list[ox.Triple]) -> tuple[list[ox.Triple], int]:
    """What of ``triples`` a graph holding ``held`` lacks: the triples without blank nodes it does
    not hold, and the blank-node structures of which it holds fewer isomorphic copies (a POST of
    one it holds would add a second: an RDF merge keeps blank nodes apart). And how many
    structures it already holds."""
    held_set = set(held)
    new = [t for t in triples if not _has_blank(t) and t not in held_set]
    have: dict[str, int] = {}
    for component in _components(held):
        key = _signature(component)
        have[key] = have.get(key, 0) + 1
    kept = 0
    for component in _components(triples):
        key = _signature(component)
        if have.get(key, 0) > 0:
            have[key] -= 1
            kept += 1
        else:
            new.extend(component)
    return new, kept


def _server_graph(url: str, params: dict[str, object], *, timeout: float,
                  credentials: Credentials | None) -> list[ox.Triple] | None:
    """The server's copy of one graph (Graph Store Protocol GET), or None when it has none."""
    status, headers, body = request("GET", url, params=params, timeout=timeout, credentials=credentials,
                                    headers={"Accept": "application/n-triples, text/turtle;q=0.9,"
                                                       " application/rdf+xml;q=0.5"})
    if status == 404:
        return None
    if status != 200:
        _fail(status, body, url, f"reading graph {params.get('graph', 'default')}", headers)
    media = headers.get("content-type", "application/n-triples").split(";")[0].strip().lower()
    fmt = {"text/turtle": "turtle", "application/rdf+xml": "xml"}.get(media, "nt")
    from seckg.rdfload import parse

    where = f"{_where(url)} graph {params.get('graph', 'default')}"
    try:  # screened as any RDF input (no DTD in RDF/XML, bounded size)
        return [ox.Triple(q.subject, q.predicate, q.object) for q in parse(where, data=body, fmt=fmt)]
    except InputError as e:
        raise StoreError(f"the server's copy does not parse: {e}") from None


def push_dataset(quads: Iterable[ox.Quad], url: str, *, replace: bool = True, timeout: float = 60.0,
                 credentials: Credentials | None = None, default_graph: str | None = DEFAULT_GRAPH) -> PushResult:
    """Write a dataset to a SPARQL 1.1 Graph Store Protocol endpoint, one request per graph
    (``?graph=IRI``; the dataset's default graph to the named graph ``default_graph``, or with
    ``None`` to the server's default graph, ``?default``):
    PUT replaces each graph, POST merges into it. Graphs of the server that the dataset does not
    hold are left as they are.

    Merging a graph with blank nodes (the ontology's restrictions and lists) first reads the
    server's copy (GET) and sends only what it lacks: a POST of a blank-node structure the server
    already holds would add a second copy, since an RDF merge keeps blank nodes apart, and
    merging the same build twice would grow the graph each time."""
    check_url(url, "--endpoint")
    by_graph: dict[str | None, list[ox.Triple]] = {}
    for q in quads:
        name = None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value  # type: ignore[union-attr]
        if name is None and default_graph:
            name = default_graph
        by_graph.setdefault(name, []).append(ox.Triple(q.subject, q.predicate, q.object))
    total = kept = 0
    for name in sorted(by_graph, key=lambda n: (n is not None, n or "")):
        triples = by_graph[name]
        params: dict[str, object] = {"default": ""} if name is None else {"graph": name}
        total += len(triples)
        if not replace and any(_has_blank(t) for t in triples):
            held = _server_graph(url, params, timeout=timeout, credentials=credentials)
            if held:
                triples, held_structures = _not_held(held, triples)
                kept += held_structures
                if not triples:
                    continue
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        status, answer_headers, answer = request("PUT" if replace else "POST", url, params=params, content=body,
                                                 headers={"Content-Type": "application/n-triples"},
                                                 timeout=timeout, credentials=credentials)
        if status not in (200, 201, 204):
            _fail(status, answer, url, f"writing graph {name or 'default'}", answer_headers)
    return PushResult(len(by_graph), total, url, kept)


# --- reading a server's dataset -----------------------------------------------------------------

_NAMED = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
_NAMED_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
_DEFAULT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_DEFAULT_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"


def _blank_label(value: str) -> str:
    """A blank node's label as Oxigraph takes it. Virtuoso writes its blank nodes as
    ``nodeID://b10000`` in JSON results and as ``_:b10000`` in N-Triples: both become ``b10000``."""
    import re

    if value.startswith("nodeID://"):
        value = value[len("nodeID://"):]
    label = re.sub(r"[^A-Za-z0-9_]", "_", value)
    return label if label and label[0].isalnum() else "b" + label


def json_results_for_oxigraph(data: bytes) -> bytes:
    """SPARQL JSON results with blank node labels Oxigraph's parser takes: Virtuoso writes its
    blank nodes as ``nodeID://b10000``, which ``pyoxigraph.parse_query_results`` refuses. Other
    answers are returned as they are."""
    if b'"bnode"' not in data or b"nodeID://" not in data:
        return data
    import json

    try:
        answer = json.loads(data)
        for row in answer["results"]["bindings"]:
            for term in row.values():
                if term.get("type") == "bnode":
                    term["value"] = _blank_label(term["value"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return data
    return json.dumps(answer).encode()


def _term(binding: dict[str, str]) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """One term of SPARQL JSON results (Virtuoso's ``typed-literal`` and blank node labels too)."""
    kind, value = binding.get("type"), binding.get("value", "")
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(_blank_label(value))
    if kind in ("literal", "typed-literal"):
        lang = binding.get("xml:lang") or binding.get("lang")
        if lang:
            return ox.Literal(value, language=lang)
        datatype = binding.get("datatype")
        return ox.Literal(value, datatype=ox.NamedNode(datatype)) if datatype else ox.Literal(value)
    raise ValueError(f"a term of type {kind!r}")


def _count(url: str, query: str, **kw: object) -> int:
    status, _, body = request("POST", url, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                              **kw)  # type: ignore[arg-type]
    if status != 200:
        _fail(status, body, url, "counting its triples")
    import json

    try:
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise StoreError(f"{_where(url)}: counting its triples: not a count in the answer") from None


def fetch_dataset(url: str, *, timeout: float = 120.0, credentials: Credentials | None = None,
                  max_bytes: int = 1 << 30) -> ox.Store:
    """A SPARQL endpoint's dataset in an in-memory store: its named graphs (one SELECT over
    ``GRAPH ?g``) and its default graph (a CONSTRUCT; on a server whose default graph is the
    union of its named graphs, what the named graphs hold is not repeated there). Both answers
    are counted first: a server that cuts an answer short (Virtuoso's ``ResultSetMaxRows``) is an
    error, not a smaller dataset."""
    import json

    check_url(url)
    kw = {"timeout": timeout, "credentials": credentials, "max_bytes": max_bytes}
    store = ox.Store()
    expected = _count(url, _NAMED_COUNT, **kw)
    status, _, body = request("POST", url, data={"query": _NAMED}, headers={"Accept": "application/sparql-results+json"},
                              **kw)  # type: ignore[arg-type]
    if status != 200:
        _fail(status, body, url, "reading its named graphs")
    named = set()
    try:
        rows = json.loads(body)["results"]["bindings"]
        quads = [ox.Quad(_term(r["s"]), _term(r["p"]), _term(r["o"]), _term(r["g"])) for r in rows]  # type: ignore[arg-type]
    except (ValueError, KeyError, TypeError) as e:
        raise StoreError(f"{_where(url)}: reading its named graphs: not SPARQL JSON results ({e})") from None
    if len(quads) < expected:
        raise StoreError(f"{_where(url)}: reading its named graphs: the server sent {len(quads)} of its {expected}"
                         " quads (a limit on result rows, such as Virtuoso's ResultSetMaxRows, cut the answer short)")
    for quad in quads:
        store.add(quad)
        named.add(ox.Triple(quad.subject, quad.predicate, quad.object))
    expected = _count(url, _DEFAULT_COUNT, **kw)
    status, _, body = request("POST", url, data={"query": _DEFAULT}, headers={"Accept": "application/n-triples"},
                              **kw)  # type: ignore[arg-type]
    if status != 200:
        _fail(status, body, url, "reading its default graph")
    try:
        triples = [ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    except SyntaxError as e:
        raise StoreError(f"{_where(url)}: reading its default graph: not N-Triples ({str(e).splitlines()[0]})") from None
    if len(set(triples)) < expected:
        raise StoreError(f"{_where(url)}: reading its default graph: the server sent {len(set(triples))} of its"
                         f" {expected} triples (a limit on result rows, such as Virtuoso's ResultSetMaxRows, cut"
                         " the answer short)")
    for t in triples:
        if t not in named:
            store.add(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()))
    # what seckg push put in its default-graph graph is the dataset's default graph again
    pushed = ox.NamedNode(DEFAULT_GRAPH)
    for quad in list(store.quads_for_pattern(None, None, None, pushed)):
        store.remove(quad)
        store.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph()))
    return store


@contextmanager
def endpoint_as_file(url: str, *, timeout: float = 120.0) -> Iterator[Path]:
    """The dataset of an endpoint (:func:`fetch_dataset`) as an N-Quads file, for the layers of
    ``seckg check`` (removed when the block ends). Credentials from the environment."""
    import tempfile

    store = fetch_dataset(url, timeout=timeout, credentials=credentials_from_env())
    with tempfile.TemporaryDirectory(prefix="seckg-endpoint-") as tmp:
        path = Path(tmp) / "endpoint.nq"
        path.write_bytes(ox.serialize(store, format=ox.RdfFormat.N_QUADS) or b"")
        yield path
