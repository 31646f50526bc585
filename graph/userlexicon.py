"""The user's own lexicon: entities a user adds beside their texts, merged with the bundled one.

Nobody edits the installed package: a user's persons, organisations, places, documents,
policies, partnership levels and concepts live in files of their corpus folder (or are named
with ``--lexicon FILE``):

- ``lexicon.yaml`` or ``*.lexicon.yaml`` (``.yml`` too)::

      entities:
        - label: Thomas A. Mensah       # the preferred label; the IRI is made from it
          type: Person                  # a class of the ontology (see below)
          variants: [Judge Mensah, Mensah]
          nationality: Ghana            # optional, persons only: a state's name
          wikidata: Q1234567            # optional
          note: judge of ITLOS          # optional, kept as rdfs:comment

- ``*.lexicon.ttl``: Turtle with the terms of the bundled lexicon
  (``ontology/reference/entities.ttl``): ``rdf:type seckg:...``, ``skos:prefLabel``,
  ``skos:altLabel``, ``seckg:nationality``, ``skos:exactMatch`` Wikidata, on IRIs
  ``<base>id/<kind>/<slug>``. It goes through the project's one secure loader.

A ``type`` is a class of the ontology that extraction can mention (a person, an organisation and
its kinds, a place and its kinds, a document and its kinds, a policy and its kinds, an event, a
mechanism, an honour ...; :func:`entity_types` lists them) or one of the concept kinds
``Concept``, ``PartnershipLevel``, ``CoreInterest``, ``Title``. Facts (partnerships, statements,
incidents ...) are not declared in a lexicon: they are read from texts.

IRIs are minted as the bundled lexicon's are: ``id/<kind>/<slug>`` with the kind its instances
of that class use (``person``, ``agency``, ``organisation``, ``place``, ``document`` ...) and
the slug of the label. An entry whose label and type are those of a bundled entity is that
entity: its variants are added to it.

Every error is an :class:`~seckg.errors.InputError` naming the file and, for YAML, the line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from seckg.errors import InputError, SeckgError
from seckg.iribase import ID
from seckg.ontology.lexicon_build import slugify
from seckg.ontology.terms import SECKG

from .lexicon import CONCEPT_KINDS, KIND_OF_CLASS, Lexicon

__all__ = [
    "LEXICON_PATTERNS",
    "CONCEPT_TYPES",
    "lexicon_files_in",
    "load_user_lexicon",
    "entity_types",
    "user_extractor",
]

#: File names picked up from a corpus folder (and from beside a single text).
LEXICON_PATTERNS = ("lexicon.yaml", "lexicon.yml", "*.lexicon.yaml", "*.lexicon.yml", "*.lexicon.ttl")
#: The concept kinds a user may add, by the type name they write.
CONCEPT_TYPES = {"Concept": "concept", "PartnershipLevel": "partnership-level",
                 "CoreInterest": "core-interest", "Title": "title"}
_SCHEMES = {"concept": "concept", "partnership-level": "partnership-level",
            "core-interest": "core-interest", "title": "title"}
#: Classes of facts (read from texts, never declared in a lexicon) and classes whose instances
#: need links a lexicon entry cannot give (a mechanism's parties, an article's treaty).
_FACT_CLASSES = ("Relationship", "Statement", "Assessment", "Incident", "StateVisit", "MilitaryExercise",
                 "AwardConferral", "CoreInterestDeclaration", "Characterisation", "TradeRanking",
                 "Evidence", "Citation", "Tenure", "Claim", "Dispute", "Deployment", "Annexation",
                 "Intervention", "Nationalisation", "Patrol", "Invitation", "Negotiation", "ArmsTransfer",
                 "Announcement", "RegimeChange", "RelationshipChange", "Sanction", "CitedWork",
                 "Mechanism", "TreatyArticle", "Office")
_KEYS = ("label", "type", "variants", "nationality", "wikidata", "note")
_QID = re.compile(r"Q[1-9][0-9]*")
WD = Namespace("http://www.wikidata.org/entity/")


def lexicon_files_in(*folders: Path) -> list[Path]:
    """The user lexicon files of these folders, sorted, each once."""
    found: set[Path] = set()
    for folder in folders:
        folder = Path(folder)
        if folder.is_dir():
            for pattern in LEXICON_PATTERNS:
                found.update(p for p in folder.glob(pattern) if p.is_file())
    return sorted(found)


class _Schema:
    """What the ontology and the bundled lexicon say about types, kinds and states."""

    def __init__(self, ontology: Graph, reference: Graph) -> None:
        ns = str(SECKG)
        self.classes = {str(c)[len(ns):] for c in ontology.subjects(RDF.type, OWL.Class)
                        if isinstance(c, URIRef) and str(c).startswith(ns)}
        self.parents: dict[str, set[str]] = {}
        for c, sup in ontology.subject_objects(RDFS.subClassOf):
            if str(c).startswith(ns) and isinstance(sup, URIRef) and str(sup).startswith(ns):
                self.parents.setdefault(str(c)[len(ns):], set()).add(str(sup)[len(ns):])
        # the kind (IRI path) the bundled lexicon uses for each class
        paths: dict[str, Counter[str]] = {}
        for s, t in reference.subject_objects(RDF.type):
            if str(s).startswith(ID) and str(t).startswith(ns):
                paths.setdefault(str(t)[len(ns):], Counter())[str(s)[len(ID):].split("/", 1)[0]] += 1
        self.path_of = {c: n.most_common(1)[0][0] for c, n in paths.items()}
        self.states: dict[str, URIRef] = {}
        for s in reference.subjects(RDF.type, SECKG.State):
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, RDFS.label):
                for o in reference.objects(s, p):
                    if getattr(o, "language", None) in (None, "en"):
                        self.states.setdefault(str(o).casefold(), URIRef(str(s)))
        #: the bundled entities' (IRI, type) pairs, to tell "adds variants to" from "clashes with"
        self.bundled_types: dict[str, set[str]] = {}
        for s, t in reference.subject_objects(RDF.type):
            if str(s).startswith(ID) and str(t).startswith(ns):
                self.bundled_types.setdefault(str(s), set()).add(str(t)[len(ns):])

    def ancestors(self, cls: str) -> list[str]:
        """``cls`` and its superclasses, nearest first."""
        out, todo = [], [cls]
        while todo:
            c = todo.pop(0)
            if c not in out:
                out.append(c)
                todo.extend(sorted(self.parents.get(c, ())))
        return out

    def mention_class(self, cls: str) -> str | None:
        """The nearest class (``cls`` or a superclass) extraction has a mention kind for."""
        if any(f in self.ancestors(cls) for f in _FACT_CLASSES):
            return None
        return next((c for c in self.ancestors(cls) if c in KIND_OF_CLASS), None)

    def path(self, cls: str) -> str:
        """The kind in the IRI of an instance of ``cls`` (``GovernmentAgency`` -> ``agency``)."""
        for c in self.ancestors(cls):
            if c in self.path_of:
                return self.path_of[c]
        return KIND_OF_CLASS.get(self.mention_class(cls) or "", "entity")


def entity_types(ontology: Graph | None = None) -> list[str]:
    """The type names a user lexicon entry may have, sorted."""
    from seckg.ontology import load_ontology

    schema = _Schema(ontology if ontology is not None else load_ontology(), Graph())
    return sorted({c for c in schema.classes if schema.mention_class(c)} | set(CONCEPT_TYPES))


def load_user_lexicon(paths: Iterable[Path], *, ontology: Graph | None = None,
                      reference: Graph | None = None) -> Graph:
    """The triples of the user lexicon files, validated (see the module's docstring)."""
    from seckg.ontology import load_ontology, load_reference

    paths = [Path(p) for p in paths]
    out = Graph()
    if not paths:
        return out
    schema = _Schema(ontology if ontology is not None else load_ontology(),
                     reference if reference is not None else load_reference())
    seen: dict[str, str] = {}  # casefolded preferred label -> where it was first given
    for path in paths:
        if path.suffix.lower() == ".ttl":
            _load_turtle(path, schema, out, seen)
        elif path.suffix.lower() in (".yaml", ".yml"):
            _load_yaml(path, schema, out, seen)
        else:
            raise InputError("a user lexicon is a .yaml or .ttl file", source=str(path))
    return out


def user_extractor(lexicon_files: Sequence[Path] = (), *folders: Path):  # type: ignore[no-untyped-def]
    """An extractor whose lexicon is the bundled one merged with the user's (the files given
    and those found in ``folders``), and the user's triples (an empty graph when there are
    none: then the extractor is :meth:`Extractor.default`)."""
    from seckg.ontology import load_ontology, load_reference

    from .pipeline import Extractor

    files = sorted({Path(p) for p in lexicon_files} | set(lexicon_files_in(*folders)))
    if not files:
        return Extractor.default(), Graph()
    ontology, reference = load_ontology(), load_reference()
    user = load_user_lexicon(files, ontology=ontology, reference=reference)
    return Extractor(Lexicon.from_graphs(reference, ontology, user)), user


# -- YAML ------------------------------------------------------------------------------------


def _compose(path: Path) -> yaml.Node | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read: {e}", source=str(path)) from None
    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise InputError("YAML aliases (*name) are not allowed in a lexicon", source=str(path),
                                 line=event.start_mark.line + 1)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise InputError(f"invalid YAML: {getattr(e, 'problem', None) or e}", source=str(path),
                         line=mark.line + 1 if mark else None,
                         column=mark.column + 1 if mark else None) from None


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _scalar(path: Path, node: yaml.Node, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or not str(node.value).strip():
        raise InputError(f"{what} must be a non-empty string", source=str(path), line=_line(node))
    return " ".join(str(node.value).split())


def _load_yaml(path: Path, schema: _Schema, out: Graph, seen: dict[str, str]) -> None:
    root = _compose(path)
    if root is None:
        return
    entities = None
    if isinstance(root, yaml.MappingNode):
        for k, v in root.value:
            if isinstance(k, yaml.ScalarNode) and k.value == "entities":
                entities = v
            else:
                raise InputError(f"unknown key {getattr(k, 'value', k)!r}; a lexicon file holds 'entities:'",
                                 source=str(path), line=_line(k))
    if entities is None:
        raise InputError("a lexicon file is a mapping with a list under 'entities:'", source=str(path),
                         line=_line(root))
    if not isinstance(entities, yaml.SequenceNode):
        raise InputError("'entities:' must be a list of entries", source=str(path), line=_line(entities))
    for item in entities.value:
        _yaml_entry(path, item, schema, out, seen)


def _yaml_entry(path: Path, item: yaml.Node, schema: _Schema, out: Graph, seen: dict[str, str]) -> None:
    src, line = str(path), _line(item)
    if not isinstance(item, yaml.MappingNode):
        raise InputError("an entry must be a mapping (label, type, variants ...)", source=src, line=line)
    fields: dict[str, yaml.Node] = {}
    for k, v in item.value:
        key = getattr(k, "value", None)
        if key not in _KEYS:
            raise InputError(f"unknown field {key!r}; use: {', '.join(_KEYS)}", source=src, line=_line(k))
        if key in fields:
            raise InputError(f"field {key!r} given twice", source=src, line=_line(k))
        fields[key] = v
    if "label" not in fields:
        raise InputError("an entry has no 'label'", source=src, line=line)
    label = _scalar(path, fields["label"], "label")
    if "type" not in fields:
        raise InputError(f"entry {label!r} has no 'type'", source=src, line=line)
    type_name = _scalar(path, fields["type"], "type")
    type_line = _line(fields["type"])
    if type_name in CONCEPT_TYPES:
        kind = CONCEPT_TYPES[type_name]
        iri = URIRef(f"{ID}{kind}/{slugify(label)}")
        out.add((iri, RDF.type, SKOS.Concept))
        out.add((iri, SKOS.inScheme, URIRef(f"{ID}scheme/{_SCHEMES[kind]}")))
    elif type_name in schema.classes and schema.mention_class(type_name):
        iri = URIRef(f"{ID}{schema.path(type_name)}/{slugify(label)}")
        bundled = schema.bundled_types.get(str(iri))
        if bundled is not None and not any(type_name in schema.ancestors(t) or t in schema.ancestors(type_name)
                                           for t in bundled):
            raise InputError(f"{label!r} is a {', '.join(sorted(bundled))} in the bundled lexicon, not a "
                             f"{type_name}", source=src, line=type_line)
        out.add((iri, RDF.type, SECKG[type_name]))
        nearest = schema.mention_class(type_name)
        if nearest != type_name:  # so that extraction knows how to mention it
            out.add((iri, RDF.type, SECKG[nearest]))
    else:
        hint = ("facts are read from texts, not declared in a lexicon" if type_name in schema.classes
                else "types: " + ", ".join(sorted({c for c in schema.classes if schema.mention_class(c)}
                                                  | set(CONCEPT_TYPES))))
        raise InputError(f"unknown type {type_name!r} for {label!r}; {hint}", source=src, line=type_line)
    key = label.casefold()
    if key in seen:
        raise InputError(f"duplicate label {label!r} (first given at {seen[key]})", source=src, line=line)
    seen[key] = f"{src}:{line}"
    out.add((iri, SKOS.prefLabel, Literal(label, lang="en")))
    out.add((iri, RDFS.label, Literal(label, lang="en")))
    if "variants" in fields:
        node = fields["variants"]
        values = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for v in values:
            out.add((iri, SKOS.altLabel, Literal(_scalar(path, v, "a variant"), lang="en")))
    if "nationality" in fields:
        node = fields["nationality"]
        name = _scalar(path, node, "nationality")
        if not (type_name in schema.classes and "Person" in schema.ancestors(type_name)):
            raise InputError(f"nationality is for persons; {label!r} is a {type_name}", source=src,
                             line=_line(node))
        state = schema.states.get(name.casefold())
        if state is None:
            raise InputError(f"nationality {name!r} is not a state of the lexicon", source=src, line=_line(node))
        out.add((iri, SECKG.nationality, state))
    if "wikidata" in fields:
        node = fields["wikidata"]
        qid = _scalar(path, node, "wikidata")
        if not _QID.fullmatch(qid):
            raise InputError(f"bad Wikidata id {qid!r} (expected Q and digits, e.g. Q148)", source=src,
                             line=_line(node))
        out.add((iri, SKOS.exactMatch, WD[qid]))
    if "note" in fields:
        out.add((iri, RDFS.comment, Literal(_scalar(path, fields["note"], "note"), lang="en")))


# -- Turtle ----------------------------------------------------------------------------------


def _load_turtle(path: Path, schema: _Schema, out: Graph, seen: dict[str, str]) -> None:
    from seckg.rdfload import load_graph

    try:
        g = load_graph([path], fmt="turtle")
    except SeckgError:
        raise
    except OSError as e:
        raise InputError(f"cannot read: {e}", source=str(path)) from None
    src = str(path)
    ns = str(SECKG)
    for s in sorted(set(g.subjects(RDF.type, None)), key=str):
        types = [str(t) for t in g.objects(s, RDF.type)]
        if not isinstance(s, URIRef):
            raise InputError("entities need IRIs, not blank nodes", source=src)
        if not str(s).startswith(ID):
            raise InputError(f"<{s}> is not under {ID}: entities are {ID}<kind>/<slug>", source=src)
        if str(OWL.Ontology) in types:
            continue
        kind = str(s)[len(ID):].split("/", 1)[0]
        concept = str(SKOS.Concept) in types and kind in CONCEPT_KINDS
        names = [t[len(ns):] for t in types if t.startswith(ns)]
        if not concept:
            for t in types:
                if t.startswith(ns) and t[len(ns):] not in schema.classes:
                    raise InputError(f"<{s}> has an unknown type seckg:{t[len(ns):]}", source=src)
            if not any(schema.mention_class(n) for n in names):
                raise InputError(f"<{s}> needs a type extraction can mention (seckg:Person, seckg:Organisation, "
                                 f"seckg:Place ...) or skos:Concept under id/concept/ ...", source=src)
            for n in names:
                nearest = schema.mention_class(n)
                if nearest and nearest != n:
                    g.add((s, RDF.type, SECKG[nearest]))
        prefs = [o for o in g.objects(s, SKOS.prefLabel) if getattr(o, "language", None) in (None, "en")]
        if not prefs:
            prefs = list(g.objects(s, RDFS.label))
        if not prefs:
            raise InputError(f"<{s}> has no skos:prefLabel", source=src)
        if len({str(p) for p in prefs}) > 1:
            raise InputError(f"<{s}> has several English preferred labels", source=src)
        label = str(prefs[0])
        key = label.casefold()
        if key in seen:
            raise InputError(f"duplicate label {label!r} (<{s}>; first given at {seen[key]})", source=src)
        seen[key] = f"{src} (<{s}>)"
        for o in g.objects(s, SECKG.nationality):
            if (o, RDF.type, SECKG.State) not in g and str(o) not in {str(x) for x in schema.states.values()}:
                raise InputError(f"<{s}> has a nationality <{o}> that is not a state of the lexicon", source=src)
        for p in (SKOS.exactMatch, OWL.sameAs):
            for o in g.objects(s, p):
                if str(o).startswith(str(WD)) and not _QID.fullmatch(str(o)[len(str(WD)):]):
                    raise InputError(f"<{s}> has a bad Wikidata IRI <{o}>", source=src)
    for t in g:
        out.add(t)
