"""Curated annotations: anchored by exact quotes; bad ones are clear errors with file and line."""

from __future__ import annotations

import pytest

from seckg.errors import AnnotationError
from seckg.graph.annotations import apply_annotations
from seckg.graph.model import Document

TEXT = "The PLA was invited, the first foreign army that is not a member of the CSTO to join. Again the PLA."


def run(tmp_path, extractor, body: str):
    path = tmp_path / "doc.annotations.yaml"
    path.write_text(body, encoding="utf-8")
    return apply_annotations(path, Document("doc", TEXT), extractor.lexicon, extractor.labels)


def test_an_annotation_becomes_an_anchored_curated_fact(tmp_path, extractor):
    facts = run(tmp_path, extractor, (
        "- id: csto\n"
        "  quote: not a member of the CSTO\n"
        "  kind: membership\n"
        "  slots: {member: China, organisation: Collective Security Treaty Organisation}\n"
        "  set: {negated: true}\n"))
    (fact,) = facts
    assert fact.curated and fact.rule == "annotation:doc/csto"
    assert TEXT[fact.span.start : fact.span.end] == "not a member of the CSTO"
    assert any(str(p).endswith("#nonMemberOf") for _, p, _ in fact.triples)


@pytest.mark.parametrize(
    "body, message",
    [
        ("- id: x\n  quote: not in this text\n  kind: membership\n  slots: {member: China, organisation: CSTO}\n",
         r"doc.annotations.yaml:1: x: quote not found in the text"),
        ("- id: x\n  quote: PLA\n  kind: membership\n  slots: {member: China, organisation: CSTO}\n",
         r"doc.annotations.yaml:1: x: quote is ambiguous \(2 occurrences\)"),
        ("- id: ok\n  quote: CSTO\n  kind: membership\n  slots: {member: China, organisation: CSTO}\n"
         "- id: y\n  quote: CSTO\n  kind: membership\n  slots: {member: Atlantis, organisation: CSTO}\n",
         r"doc.annotations.yaml:5: y: 'Atlantis' is not a label in the lexicon"),
        ("- id: x\n  quote: CSTO\n  kind: friendship\n", r"doc.annotations.yaml:1: x: unknown kind 'friendship'"),
        ("- id: x\n  quote: [unclosed\n", r"doc.annotations.yaml:\d+: invalid YAML"),
    ],
)
def test_bad_annotations_are_one_line_errors_with_file_and_line(tmp_path, extractor, body, message):
    with pytest.raises(AnnotationError, match=message):
        run(tmp_path, extractor, body)


def test_authors_are_the_document_metadata_authors(tmp_path, extractor):
    from seckg.graph.annotations import apply_annotations as apply

    path = tmp_path / "doc.annotations.yaml"
    path.write_text("- id: a\n  quote: Again the PLA.\n  kind: assessment\n  slots: {by: '@authors'}\n"
                    "  texts: {text: Again the PLA.}\n", encoding="utf-8")
    doc = Document("doc", TEXT, meta={"authors": ["Rosemary Foot", "Amy King"]})
    (fact,) = apply(path, doc, extractor.lexicon, extractor.labels)
    by = sorted(str(o) for _, p, o in fact.triples if str(p).endswith("#assessedBy"))
    assert by == ["https://w3id.org/seckg/id/person/amy-king", "https://w3id.org/seckg/id/person/rosemary-foot"]
    with pytest.raises(AnnotationError, match="names no authors"):
        apply(path, Document("doc", TEXT), extractor.lexicon, extractor.labels)
