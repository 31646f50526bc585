"""Document kinds (genres): what a document is, and so who asserts its unquoted words.

A document's genre comes from its metadata (``genre:`` in ``<name>.yaml``) or, when the
metadata gives none, from cues in the text and the metadata, tried in this order:

- ``press-release``: a "PRESS RELEASE" heading, or "press release" in the title;
- ``transcript``: two or more turns of speakers at the starts of paragraphs ("President of
  Russia Vladimir Putin: Colleagues, ...");
- ``joint-statement``: "Joint Statement" in the title;
- ``court-decision``: "Judgment", "Advisory Opinion" or "Arbitral Award" in the title;
- ``encyclopedia-article``: "Wikipedia" in the source, title or publisher;
- ``scholarly-article``: a journal or a DOI in the metadata, a DOI in the text, or "This
  article argues" and its kin;
- ``white-paper``: "white paper" in the title or the publisher, or a publisher that is a
  government office (a ministry, a State Council office, a department of state);
- ``research-report``: a publisher that is a research institute or think tank;
- otherwise ``scholarly-article``, as for the first corpus.

The title is the metadata's ``title`` or the text's ``# title:`` header line; the source its
``source`` or the ``# source:`` header line.

Who asserts the unquoted words (:func:`asserters`): the authors when the metadata names any;
otherwise the publisher (``publisher:``, an organisation) for the genres an organisation issues
in its own name (:data:`PUBLISHER_GENRES`); otherwise nobody is named.
"""

from __future__ import annotations

import re
from pathlib import Path

from seckg.errors import InputError

from .model import Document

__all__ = ["GENRES", "PUBLISHER_GENRES", "document_genre", "genre_class", "publisher_name", "document_voice"]

#: The genres a metadata file may name, and the ontology class (``seckg:``) of each.
GENRES: dict[str, str] = {
    "news-report": "NewsReport",
    "press-release": "PressRelease",
    "transcript": "Transcript",
    "joint-statement": "JointStatement",
    "white-paper": "WhitePaper",
    "court-decision": "CourtDecision",
    "encyclopedia-article": "EncyclopediaArticle",
    "scholarly-article": "ScholarlyArticle",
    "research-report": "ResearchReport",
}
DEFAULT_GENRE = "scholarly-article"

#: Genres whose unquoted words are the publisher's when the metadata names no authors.
PUBLISHER_GENRES = frozenset(
    {"press-release", "white-paper", "transcript", "joint-statement", "court-decision", "research-report"}
)

_HEADER = re.compile(r"#[ \t]*(\w+)[ \t]*:[ \t]*(.*)")
_PRESS_HEADING = re.compile(r"^[ \t]*PRESS RELEASE[ \t]*$", re.M)
#: a turn: a speaker's name (capitalised words, "of", "the", a parenthesis) then ':' and words
_TURN = re.compile(r"^(?P<name>[A-Z][^\n:.!?;,]{0,100}?)[ \t]*:[ \t]+\S", re.M)
_NAME_WORD = re.compile(r"[A-Z][\w'’.-]*|of|the|and|de|van|von|bin|al|\([^)]*\)")
_NOT_SPEAKERS = {"note", "source", "title", "date", "abstract", "keywords", "summary", "background",
                 "subject", "from", "to", "re", "tags", "photo", "image", "update", "editor's note"}
_SCHOLARLY = re.compile(r"\b(?:this|the present|our) (?:article|paper|essay|study) (?:argues|examines|"
                        r"explores|shows|investigates|analyses|analyzes|contends|considers)\b", re.I)
_DOI = re.compile(r"\b10\.\d{4,9}/\S+")
_COURT = re.compile(r"\b(?:judgment|advisory opinion|arbitral award)\b", re.I)
_GOVERNMENT = re.compile(
    r"\b(?:ministry|ministries|state council|information office|department of (?:state|defen[cs]e)|"
    r"cabinet office|white house|government of|prime minister's office|foreign office|"
    r"secretariat of the)\b", re.I)
_RESEARCH = re.compile(r"\b(?:(?i:institute|think tank|centre for|center for|foundation|"
                       r"council on foreign relations)|RAND)\b")


def document_genre(doc: Document) -> str:
    """The genre of ``doc``: its metadata's ``genre`` or, without one, what the cues say."""
    given = doc.meta.get("genre")
    if given is not None:
        value = str(given).strip().lower()
        if value not in GENRES:
            source = str(Path(doc.path).with_suffix(".yaml")) if doc.path else doc.id
            raise InputError(f"unknown genre {given!r}; use one of: {', '.join(GENRES)}", source=source)
        return value
    return _genre_from_cues(doc)


def genre_class(genre: str) -> str:
    """The local name of the ontology class of a genre (``press-release`` -> ``PressRelease``)."""
    return GENRES[genre]


def publisher_name(doc: Document) -> str | None:
    """The publisher the metadata names, without a trailing note in parentheses
    ("Permanent Court of Arbitration (press release, reproduced on a blog)" -> "Permanent Court
    of Arbitration")."""
    raw = doc.meta.get("publisher")
    if not raw:
        return None
    name = " ".join(str(raw).split())
    while True:
        stripped = re.sub(r"\s*\([^()]*\)$", "", name)
        if stripped == name or not stripped:
            break
        name = stripped
    return name or None


def _headers(text: str) -> dict[str, str]:
    """The ``# key: value`` lines that open a text."""
    out: dict[str, str] = {}
    for line in text.lstrip("\ufeff").splitlines():
        m = _HEADER.fullmatch(line.strip())
        if not m:
            break
        out.setdefault(m.group(1).lower(), m.group(2).strip())
    return out


def _turns(text: str) -> int:
    """How many paragraphs (or lines) open with a speaker's name and a colon."""
    n = 0
    for m in _TURN.finditer(text):
        name = m.group("name").strip()
        if name.lower() in _NOT_SPEAKERS:
            continue
        words = re.findall(r"\([^)]*\)|\S+", name)
        if len(words) > 14 or not all(_NAME_WORD.fullmatch(w) for w in words):
            continue
        n += 1
    return n


def _genre_from_cues(doc: Document) -> str:
    meta = doc.meta
    head = _headers(doc.text)
    title = " ".join(str(x) for x in (meta.get("title"), head.get("title")) if x)
    source = " ".join(str(x) for x in (meta.get("source"), head.get("source")) if x)
    publisher = str(meta.get("publisher") or "")
    opening = doc.text[:3000]
    if _PRESS_HEADING.search(opening) or re.search(r"\bpress release\b", title, re.I):
        return "press-release"
    if _turns(doc.text) >= 2:
        return "transcript"
    if re.search(r"\bjoint statement\b", title, re.I):
        return "joint-statement"
    if _COURT.search(title):
        return "court-decision"
    if any(re.search(r"\bwikipedia\b", s, re.I) for s in (source, title, publisher)):
        return "encyclopedia-article"
    if meta.get("journal") or meta.get("doi") or _SCHOLARLY.search(opening) or _DOI.search(opening):
        return "scholarly-article"
    if re.search(r"\bwhite paper\b", f"{title} {publisher}", re.I) or _GOVERNMENT.search(publisher):
        return "white-paper"
    if _RESEARCH.search(publisher):
        return "research-report"
    return DEFAULT_GENRE


def document_voice(doc: Document) -> list[tuple[str, str]]:
    """Who asserts the text's unquoted words, as (IRI, label): the metadata's authors, else the
    publisher of a press release, a white paper, a transcript, a joint statement, a court
    decision or a research report; else nobody."""
    from .iris import entity_iri

    authors = [str(a) for a in doc.meta.get("authors") or []]  # type: ignore[union-attr]
    if authors:
        return [(entity_iri("person", a), a) for a in authors]
    publisher = publisher_name(doc)
    if publisher and document_genre(doc) in PUBLISHER_GENRES:
        return [(entity_iri("organisation", publisher), publisher)]
    return []

