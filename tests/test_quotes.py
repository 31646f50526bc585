"""Quotations: speakers from the genre's attribution patterns, dates, occasions and sources."""

from __future__ import annotations

import pytest

from seckg.graph.model import Document

ID = "https://w3id.org/seckg/id/"


def readings(extractor, text):
    ex = extractor.extract(Document("q", text))
    out = []
    for r in ex.quotes:
        speakers = sorted(r.speaker.members or (r.speaker.iri,)) if r.speaker else []
        out.append((text[r.quote.inner.start : r.quote.inner.end],
                    [s.removeprefix(ID) for s in speakers],
                    r.date.value if r.date else None,
                    text[r.occasion.start : r.occasion.end] if r.occasion else None,
                    r.source.key if r.source else None))
    return out


@pytest.mark.parametrize(
    "text, speaker",
    [
        ("As Narendra Modi put it in June 2020, ‘India wants peace but will respond firmly’.", "person/narendra-modi"),
        ("Scott Morrison stated that ‘Australia will not be coerced by anyone at all’.", "person/scott-morrison"),
        ("According to Beijing, the talks were ‘constructive and candid in every respect’.", "state/china"),
        ("Tokyo described the ruling as ‘completely unacceptable under international law’.", "state/japan"),
        ("Putin has made efforts, elsewhere stating ‘we are not going to contest China on this’.", "person/vladimir-putin"),
        # a verb of naming: the subject calls (labels, brands, dubs) its object ‘...’
        ("When the envoy repeated the offer, Foreign Minister Ana Quispe interrupted him and called it ‘extremely rude’.",
         "person/ana-quispe"),
        ("President Jacob Okonkwo, who had called the pact ‘obsolete’ in 2017, pressed the allies to pay more.",
         "person/jacob-okonkwo"),
        ("Peru has labelled the blockade ‘an act of aggression against a sovereign state’.", "state/peru"),
        # a plural subject's form of the verb
        ("Peruvian officials routinely describe Chile as a ‘time-tested rival’, and trade remains small.", "state/peru"),
        # a colon that ends what the subject of a verb of saying said ("X warned that Y might say: ‘...’")
        ("Peru’s ambassador in Santiago, Ana Quispe, warned that Chilean buyers might respond: ‘Why buy Peruvian fruit at all?’",
         "person/ana-quispe"),
        # a verb of judging, its object named ‘...’ (and a plural noun after a demonym is no cue)
        ("Lima rejected the award as ‘null and void’ (Cruz, 2017: 88).", "state/peru"),
        ("Lima dismissed the Chilean claims as ‘a fantasy of the map-makers’.", "state/peru"),
    ],
)
def test_attribution_patterns(extractor, text, speaker):
    got = readings(extractor, text)
    assert len(got) == 1 and got[0][1] == [speaker]


def test_he_went_on_takes_the_last_speaker_and_dates_carry(extractor):
    text = ("As Yang Jiechi put it in September 2013 : ‘we definitely must not forsake our interests’. "
            "He went on, ‘No country should expect us to swallow the bitter fruit’.")
    got = readings(extractor, text)
    assert [g[1] for g in got] == [["person/yang-jiechi"], ["person/yang-jiechi"]]
    assert got[0][2] == "2013-09"


def test_occasion_and_narrative_source(extractor):
    text = "As Xi (2017c) pointed out in a speech in Geneva, ‘no country in the world can enjoy absolute security’."
    (quote, speaker, _date, occasion, source), = readings(extractor, text)
    assert speaker == ["person/xi-jinping"]
    assert occasion == "a speech in Geneva"
    assert source == "Xi 2017c"


def test_quoted_in_and_scare_quotes(extractor):
    text = ("Officials call it a ‘principled bottom line’ (quoted in Heath, 2013 ). "
            "The ‘rebalance’ was announced.")
    got = readings(extractor, text)
    assert [g[0] for g in got] == ["principled bottom line"]


def test_the_two_sides_speak_together(extractor):
    text = ("China-Japan relations have improved. The two sides agreed on such principles as "
            "‘shifting from competition to cooperation’ (Kawashima, 2018).")
    got = readings(extractor, text)
    assert got[0][1] == ["state/china", "state/japan"]
    assert got[0][4] == "Kawashima 2018"


def test_a_repeated_quotation_keeps_its_speaker(extractor):
    text = ("China-Japan relations improved. The two sides agreed on ‘forging a relationship as partners, "
            "not as threats’. Obstacles remain to the hope of ‘a relationship as partners, not as threats’.")
    got = readings(extractor, text)
    assert [g[1] for g in got] == [["state/china", "state/japan"], ["state/china", "state/japan"]]


def test_a_speaker_naming_our_interests_declares_core_interests(extractor):
    text = "As Yang Jiechi put it, ‘no one should undermine our sovereignty, security and development interests’."
    ex = extractor.extract(Document("q", text))
    declared = {(str(t[2]).rsplit("/", 1)[-1]) for f in ex.facts if f.kind == "core-interest"
                for t in f.triples if str(t[1]).endswith("#coreInterest")}
    assert declared == {"sovereignty", "security", "development"}
    assert all(f.rule == "quotation.speaker-interests" for f in ex.facts if f.kind == "core-interest")


@pytest.mark.parametrize("text", [
    "In Vladivostok Narendra Modi announced an ‘Act Far East’ policy and a line of credit.",
    "Shinzo Abe set out the ‘Free and Open Indo-Pacific’ strategy in a speech in Nairobi.",
])
def test_a_quoted_name_before_its_head_noun_is_not_a_quotation(extractor, text):
    assert readings(extractor, text) == []


def test_two_states_joined_by_and_speak_together(extractor):
    text = "Trade grew with Chile, which Lima and Quito call an ‘unbreakable brotherhood of the Andes’."
    assert [r[1] for r in readings(extractor, text)] == [["state/ecuador", "state/peru"]]


def test_so_called_is_not_a_verb_of_naming(extractor):
    text = "The tribunal found that Peru’s so-called ‘nine-dash line’ had no legal basis under the convention."
    assert readings(extractor, text) == []


def test_a_head_noun_inside_a_longer_quotation_does_not_hide_it(extractor):
    text = "Narendra Modi announced that ‘India will act in the Far East’ in his policy speech."
    assert [r[1] for r in readings(extractor, text)] == [["person/narendra-modi"]]
