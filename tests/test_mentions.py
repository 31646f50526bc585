"""Mentions: lexicon labels, metonyms, demonyms, titled persons known and unknown, new
organisations."""

from __future__ import annotations

ID = "https://w3id.org/seckg/id/"


def found(extractor, text):
    return [(text[m.span.start : m.span.end], m.iri.removeprefix(ID), m.title, m.new)
            for m in extractor.finder.find(text)]


def test_capitals_stand_for_their_states_and_case_matters(extractor):
    got = found(extractor, "Beijing and Tokyo disagree; the US and us.")
    assert ("Beijing", "state/china", None, False) in got
    assert ("Tokyo", "state/japan", None, False) in got
    assert [s for s, i, _, _ in got if i == "state/united-states"] == ["the US"]
    assert not any(surface == "us" for surface, *_ in got)


def test_titled_persons_keep_their_title(extractor):
    got = found(extractor, "Premier Li Keqiang met Foreign Minister Wang Yi and Presidents Xi and Trump.")
    assert ("Premier Li Keqiang", "person/li-keqiang", "premier", False) in [
        (s, i, (t or "").lower(), n) for s, i, t, n in got]
    titles = {i: (t or "").lower() for _, i, t, _ in got}
    assert titles["person/wang-yi"] == "foreign minister"
    assert titles["person/xi-jinping"] == titles["person/donald-trump"] == "president"


def test_unknown_titled_person_and_unknown_organisation_are_created(extractor):
    got = found(extractor, "Defence Secretary Mara Quillfeather of the Harbour Strategy Institute spoke.")
    persons = [g for g in got if g[1].startswith("person/")]
    orgs = [g for g in got if g[1].startswith("organisation/")]
    assert persons == [("Mara Quillfeather", "person/mara-quillfeather", persons[0][2], True)]
    assert persons[0][2]
    assert orgs == [("Harbour Strategy Institute", "organisation/harbour-strategy-institute", None, True)]


def test_demonyms_link_to_states(extractor):
    got = found(extractor, "Chinese and Russian officials met Japanese diplomats.")
    assert [i for _, i, _, _ in got] == ["state/china", "state/russia", "state/japan"]


def settled(extractor, text):
    from seckg.graph.mentions import disambiguate

    return {text[m.span.start : m.span.end]: m.iri.removeprefix(ID)
            for m in disambiguate(extractor.finder.find(text), extractor.finder.lexicon)}


def test_a_shared_surface_form_is_read_by_what_the_text_says_around_it(extractor):
    # "MoFA" is the label of China's and of Japan's foreign ministry; the text tells which
    text = "Japan’s diplomats describe Takeshima as ‘inherent territory of Japan’ (MoFA, Japan, 2019)."
    assert settled(extractor, text)["MoFA"] == "agency/ministry-of-foreign-affairs-of-japan"
    text = "Beijing says the islands are China’s (MoFA, 2019)."
    assert settled(extractor, text)["MoFA"] == "agency/ministry-of-foreign-affairs-of-china"
    # "Article 5" of the North Atlantic Treaty, not of the Japan-U.S. treaty
    text = "The North Atlantic Treaty was signed in 1949. Article 5 was invoked once."
    assert settled(extractor, text)["Article 5"] == "document/article-5-of-the-north-atlantic-treaty"


def test_a_shared_surface_form_nothing_settles_is_not_guessed(extractor):
    got = settled(extractor, "Article 5 was invoked once, and the Congolese delegation objected.")
    assert "Article 5" not in got and "Congolese" not in got


def test_an_office_is_read_from_a_possessive_a_demonym_or_an_apposition(extractor):
    from seckg.graph.model import Document

    text = ("In July 2019 Japan’s Foreign Minister Taro Kono summoned South Korea’s ambassador, "
            "Nam Gwan-pyo, to protest. Australian Foreign Minister Marise Payne called for an inquiry. "
            "The ambassador, Beijing said, had been recalled.")
    ex = extractor.extract(Document("o", text))
    offices = {str(f.node).removeprefix(ID): text[f.span.start : f.span.end] for f in ex.facts if f.kind == "office"}
    assert offices == {
        # the evidence is the words that name state, title and person, not the name alone
        "tenure/taro-kono--foreign-minister-of-japan": "Japan’s Foreign Minister Taro Kono",
        "tenure/nam-gwan-pyo--ambassador-of-south-korea": "South Korea’s ambassador, Nam Gwan-pyo",
        "tenure/marise-payne--foreign-minister-of-australia": "Australian Foreign Minister Marise Payne",
    }
