"""Generate ``ontology/reference/states.ttl``, the states of the reference lexicon.

Run it from the repository with::

    python -m seckg.ontology.lexicon_build            # rewrite states.ttl in place
    python -m seckg.ontology.lexicon_build --check    # exit 1 when the committed file is stale
    python -m seckg.ontology.lexicon_build -o -       # print it

The file is generated, committed, and never edited by hand: change the tables below and run the
command again. Output is deterministic (rdflib's ``longturtle`` sorts subjects, predicates and
objects), so regenerating gives byte-identical output and ``tests/test_reference.py`` fails when
the committed file is stale.

What is a state here
--------------------
ISO 3166-1 (through pycountry) lists 249 entries, sovereign states and dependent territories
alike, and says nothing about sovereignty. The rule used here is membership of the United
Nations: the 193 member states (:data:`UN_MEMBER_STATES`) and the 2 non-member observer states of
the General Assembly, the Holy See and the State of Palestine (:data:`UN_OBSERVER_STATES`),
kept by ISO alpha-3 code. That follows UN practice and takes no position of its own. Every other
ISO entry (dependent territories, Antarctica, Western Sahara, ...) is left out of the states.

Taiwan is in ISO 3166-1 ("Taiwan, Province of China") but is neither a UN member nor an
observer; its status is disputed. The lexicon records it neutrally as a ``seckg:Region``
(``id/place/taiwan``) with its ISO codes and names, including "Republic of China" and "Chinese
Taipei", and Taipei as a city located in it, so texts that mention it are read without the
lexicon deciding the question. Its authorities are ``id/government/taiwan`` (a seckg:Government
with no ``seckg:governmentOf``, whose range is seckg:State); its ISO codes are ``skos:notation``
values, since the ISO code properties have the domain seckg:State. It is not counted among the
states. Kosovo is not in ISO 3166-1
and is curated by hand in ``entities.ttl``, also as a region.

Sources of each field
---------------------
- ISO codes, the ISO short name and the official name: pycountry (ISO 3166-1).
- Common English name, demonyms, capitals and extra aliases: the curated table :data:`STATES`
  below. pycountry has no demonyms or capitals, and no well-kept package in the registry lists
  demonyms for all states, so the table is kept here and tested for coverage. It was
  cross-checked once against the data of the ``countryinfo`` package (not a dependency).
- Wikidata QIDs only where certain (:data:`STATE_QIDS`, :data:`CITY_QIDS`).

Capitals
--------
``seckg:capital`` names the capital city or cities as the state itself designates them; where
the seat of government differs (Bolivia, the Netherlands, Côte d'Ivoire, ...) both are listed,
because texts use both as metonyms for the government ("Beijing alleges", "The Hague said").
No capital is recorded for Israel and Palestine, whose capitals are disputed, or for the
city-states Singapore, Monaco and the Holy See, whose capital would share the state's name.

Labels
------
Each state has one ``skos:prefLabel``/``rdfs:label`` (the common English name), ``skos:altLabel``
for the official name, the ISO short name and the curated aliases, and ``skos:hiddenLabel`` for
matching-only forms: the inverted ISO names ("Korea, Republic of"), ASCII-folded spellings
("Cote d'Ivoire") and typographic-apostrophe spellings ("People’s Republic of China").
Each state also gets its government (``id/government/<state slug>``, ``seckg:Government``,
``seckg:governmentOf`` the state), labelled "Government of X", "the X government" and so on.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # rdflib is imported lazily, inside build_states_graph
    from rdflib import Graph

__all__ = [
    "BASE",
    "slugify",
    "ascii_fold",
    "iri",
    "UN_MEMBER_STATES",
    "UN_OBSERVER_STATES",
    "SOVEREIGN_STATES",
    "STATES",
    "build_states_graph",
    "states_turtle",
    "main",
]

#: The instance namespace of seckg (DESIGN.md, "IRIs").
BASE = "https://w3id.org/seckg/id/"
ONTOLOGY = "https://w3id.org/seckg/ontology#"
WIKIDATA = "http://www.wikidata.org/entity/"

# Letters that NFKD does not decompose into a base letter plus combining marks.
# fmt: off
_FOLD = str.maketrans(
    {
        "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
        "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i",
    }
)
# fmt: on
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """``text`` without diacritics: NFKD, combining marks dropped, a few letters mapped.

    >>> ascii_fold("Côte d'Ivoire"), ascii_fold("Reykjavík"), ascii_fold("Łódź")
    ("Cote d'Ivoire", 'Reykjavik', 'Lodz')

    Characters with no ASCII form (CJK, Cyrillic, ...) are kept as they are.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(label: str) -> str:
    """The IRI slug of a preferred label: the one rule every seckg instance IRI follows.

    Lowercase, ASCII-folded (:func:`ascii_fold`), every run of characters other than ``a-z`` and
    ``0-9`` replaced by one ``-``, and ``-`` trimmed from both ends. Pure and deterministic, so the
    same label always gives the same IRI::

        >>> slugify("Xi Jinping")
        'xi-jinping'
        >>> slugify("Senkaku/Diaoyu Islands")
        'senkaku-diaoyu-islands'
        >>> slugify("Côte d'Ivoire")
        'cote-d-ivoire'
        >>> slugify("U.S. Department of Defense")
        'u-s-department-of-defense'

    Raises :class:`ValueError` when nothing alphanumeric is left (for example a label written
    only in Chinese characters): such an entity needs a Latin-script preferred label.
    """
    slug = _NON_ALNUM.sub("-", ascii_fold(label).lower()).strip("-")
    if not slug:
        raise ValueError(f"label {label!r} has no letters or digits to make a slug from")
    return slug


def iri(kind: str, label: str) -> str:
    """The instance IRI ``<BASE><kind>/<slugify(label)>``."""
    return f"{BASE}{kind}/{slugify(label)}"


# --------------------------------------------------------------------------------------------
# Which ISO 3166-1 entries are states
# --------------------------------------------------------------------------------------------

#: The 193 member states of the United Nations, by ISO 3166-1 alpha-3 code (South Sudan, the
#: last to join, in 2011).
UN_MEMBER_STATES: frozenset[str] = frozenset(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
    BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK
    COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD
    GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
    LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE
    MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT
    QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
    SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA
    USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """.split()
)

#: The non-member observer states of the UN General Assembly.
UN_OBSERVER_STATES: frozenset[str] = frozenset({"VAT", "PSE"})

#: Every entry of states.ttl typed seckg:State.
SOVEREIGN_STATES: frozenset[str] = UN_MEMBER_STATES | UN_OBSERVER_STATES

#: ISO entries in states.ttl that are not states (see the module docstring).
OTHER_ENTRIES: frozenset[str] = frozenset({"TWN"})


class StateEntry(NamedTuple):
    """The curated facts of one state (or of Taiwan)."""

    #: Common English name: the preferred label and the slug of the IRI.
    name: str
    #: Demonyms and adjectival forms, the usual one first ("Chinese"; "American", "US", "U.S.").
    demonyms: tuple[str, ...]
    #: Capital cities, the usual one first; each is a name or (name, alternative names...).
    capitals: tuple[str | tuple[str, ...], ...] = ()
    #: Aliases beyond the ISO and official names.
    aliases: tuple[str, ...] = ()


_S = StateEntry

# The curated tables are kept one row a line for review: ruff's formatter leaves them alone.
# fmt: off
#: Curated data by alpha-3 code: every code of SOVEREIGN_STATES and OTHER_ENTRIES has a row.
STATES: dict[str, StateEntry] = {
    "AFG": _S("Afghanistan", ("Afghan",), ("Kabul",)),
    "ALB": _S("Albania", ("Albanian",), (("Tirana", "Tirane"),)),
    "DZA": _S("Algeria", ("Algerian",), ("Algiers",)),
    "AND": _S("Andorra", ("Andorran",), ("Andorra la Vella",)),
    "AGO": _S("Angola", ("Angolan",), ("Luanda",)),
    "ATG": _S("Antigua and Barbuda", ("Antiguan", "Barbudan"), (("Saint John's", "St. John's"),)),
    "ARG": _S("Argentina", ("Argentine", "Argentinian"), ("Buenos Aires",)),
    "ARM": _S("Armenia", ("Armenian",), ("Yerevan",)),
    "AUS": _S("Australia", ("Australian",), ("Canberra",)),
    "AUT": _S("Austria", ("Austrian",), ("Vienna",)),
    "AZE": _S("Azerbaijan", ("Azerbaijani",), ("Baku",)),
    "BHS": _S("Bahamas", ("Bahamian",), ("Nassau",), ("The Bahamas",)),
    "BHR": _S("Bahrain", ("Bahraini",), ("Manama",)),
    "BGD": _S("Bangladesh", ("Bangladeshi",), (("Dhaka", "Dacca"),)),
    "BRB": _S("Barbados", ("Barbadian", "Bajan"), ("Bridgetown",)),
    "BLR": _S("Belarus", ("Belarusian",), ("Minsk",), ("Byelorussia",)),
    "BEL": _S("Belgium", ("Belgian",), ("Brussels",)),
    "BLZ": _S("Belize", ("Belizean",), ("Belmopan",)),
    "BEN": _S("Benin", ("Beninese",), ("Porto-Novo", "Cotonou")),
    "BTN": _S("Bhutan", ("Bhutanese",), ("Thimphu",)),
    "BOL": _S("Bolivia", ("Bolivian",), ("Sucre", "La Paz")),
    "BIH": _S("Bosnia and Herzegovina", ("Bosnian", "Herzegovinian"), ("Sarajevo",), ("Bosnia",)),
    "BWA": _S("Botswana", ("Botswanan", "Motswana", "Batswana"), ("Gaborone",)),
    "BRA": _S("Brazil", ("Brazilian",), ("Brasília",)),
    "BRN": _S("Brunei", ("Bruneian",), ("Bandar Seri Begawan",)),
    "BGR": _S("Bulgaria", ("Bulgarian",), ("Sofia",)),
    "BFA": _S("Burkina Faso", ("Burkinabé",), ("Ouagadougou",)),
    "BDI": _S("Burundi", ("Burundian",), ("Gitega",)),
    "CPV": _S("Cabo Verde", ("Cabo Verdean", "Cape Verdean"), ("Praia",), ("Cape Verde",)),
    "KHM": _S("Cambodia", ("Cambodian",), ("Phnom Penh",)),
    "CMR": _S("Cameroon", ("Cameroonian",), ("Yaoundé",)),
    "CAN": _S("Canada", ("Canadian",), ("Ottawa",)),
    "CAF": _S("Central African Republic", ("Central African",), ("Bangui",), ("CAR",)),
    "TCD": _S("Chad", ("Chadian",), ("N'Djamena",)),
    "CHL": _S("Chile", ("Chilean",), ("Santiago",)),
    "CHN": _S(
        "China",
        ("Chinese",),
        (("Beijing", "Peking"),),
        ("PRC", "P.R.C.", "the PRC", "People's Republic of China", "the People's Republic of China"),
    ),
    "COL": _S("Colombia", ("Colombian",), ("Bogotá",)),
    "COM": _S("Comoros", ("Comoran", "Comorian"), ("Moroni",)),
    "COG": _S(
        "Republic of the Congo",
        ("Congolese",),
        ("Brazzaville",),
        ("Congo-Brazzaville", "Congo Republic"),
    ),
    "CRI": _S("Costa Rica", ("Costa Rican",), ("San José",)),
    "CIV": _S("Côte d'Ivoire", ("Ivorian",), ("Yamoussoukro", "Abidjan"), ("Ivory Coast",)),
    "HRV": _S("Croatia", ("Croatian",), ("Zagreb",)),
    "CUB": _S("Cuba", ("Cuban",), ("Havana",)),
    "CYP": _S("Cyprus", ("Cypriot",), ("Nicosia",)),
    "CZE": _S("Czechia", ("Czech",), ("Prague",), ("Czech Republic",)),
    "PRK": _S(
        "North Korea",
        ("North Korean",),
        ("Pyongyang",),
        ("DPRK", "D.P.R.K.", "the DPRK", "Democratic People's Republic of Korea"),
    ),
    "COD": _S(
        "Democratic Republic of the Congo",
        ("Congolese",),
        ("Kinshasa",),
        ("DR Congo", "DRC", "D.R. Congo", "Congo-Kinshasa"),
    ),
    "DNK": _S("Denmark", ("Danish",), ("Copenhagen",)),
    "DJI": _S("Djibouti", ("Djiboutian",), ("Djibouti City",)),
    "DMA": _S("Dominica", ("Dominican",), ("Roseau",)),
    "DOM": _S("Dominican Republic", ("Dominican",), ("Santo Domingo",)),
    "ECU": _S("Ecuador", ("Ecuadorian",), ("Quito",)),
    "EGY": _S("Egypt", ("Egyptian",), ("Cairo",)),
    "SLV": _S("El Salvador", ("Salvadoran", "Salvadorean"), ("San Salvador",)),
    "GNQ": _S("Equatorial Guinea", ("Equatorial Guinean", "Equatoguinean"), ("Malabo",)),
    "ERI": _S("Eritrea", ("Eritrean",), ("Asmara",)),
    "EST": _S("Estonia", ("Estonian",), ("Tallinn",)),
    "SWZ": _S("Eswatini", ("Swazi", "Liswati"), ("Mbabane", "Lobamba"), ("Swaziland",)),
    "ETH": _S("Ethiopia", ("Ethiopian",), ("Addis Ababa",)),
    "FJI": _S("Fiji", ("Fijian",), ("Suva",)),
    "FIN": _S("Finland", ("Finnish",), ("Helsinki",)),
    "FRA": _S("France", ("French",), ("Paris",)),
    "GAB": _S("Gabon", ("Gabonese",), ("Libreville",)),
    "GMB": _S("Gambia", ("Gambian",), ("Banjul",), ("The Gambia",)),
    "GEO": _S("Georgia", ("Georgian",), ("Tbilisi",)),
    "DEU": _S("Germany", ("German",), ("Berlin",)),
    "GHA": _S("Ghana", ("Ghanaian",), ("Accra",)),
    "GRC": _S("Greece", ("Greek", "Hellenic"), ("Athens",)),
    "GRD": _S("Grenada", ("Grenadian",), (("Saint George's", "St. George's"),)),
    "GTM": _S("Guatemala", ("Guatemalan",), ("Guatemala City",)),
    "GIN": _S("Guinea", ("Guinean",), ("Conakry",)),
    "GNB": _S("Guinea-Bissau", ("Bissau-Guinean",), ("Bissau",)),
    "GUY": _S("Guyana", ("Guyanese",), ("Georgetown",)),
    "HTI": _S("Haiti", ("Haitian",), ("Port-au-Prince",)),
    "HND": _S("Honduras", ("Honduran",), ("Tegucigalpa",)),
    "HUN": _S("Hungary", ("Hungarian",), ("Budapest",)),
    "ISL": _S("Iceland", ("Icelandic", "Icelander"), ("Reykjavík",)),
    "IND": _S("India", ("Indian",), (("New Delhi", "Delhi"),), ("Bharat",)),
    "IDN": _S("Indonesia", ("Indonesian",), ("Jakarta",)),
    "IRN": _S("Iran", ("Iranian",), ("Tehran",), ("Persia",)),
    "IRQ": _S("Iraq", ("Iraqi",), ("Baghdad",)),
    "IRL": _S("Ireland", ("Irish",), ("Dublin",), ("Republic of Ireland",)),
    "ISR": _S("Israel", ("Israeli",)),
    "ITA": _S("Italy", ("Italian",), ("Rome",)),
    "JAM": _S("Jamaica", ("Jamaican",), ("Kingston",)),
    "JPN": _S("Japan", ("Japanese",), ("Tokyo",), ("Nippon",)),
    "JOR": _S("Jordan", ("Jordanian",), ("Amman",)),
    "KAZ": _S("Kazakhstan", ("Kazakh", "Kazakhstani"), (("Astana", "Nur-Sultan"),)),
    "KEN": _S("Kenya", ("Kenyan",), ("Nairobi",)),
    "KIR": _S("Kiribati", ("I-Kiribati",), (("South Tarawa", "Tarawa"),)),
    "KWT": _S("Kuwait", ("Kuwaiti",), ("Kuwait City",)),
    "KGZ": _S("Kyrgyzstan", ("Kyrgyz", "Kyrgyzstani"), ("Bishkek",), ("Kirghizia",)),
    "LAO": _S("Laos", ("Lao", "Laotian"), ("Vientiane",), ("Lao PDR",)),
    "LVA": _S("Latvia", ("Latvian",), ("Riga",)),
    "LBN": _S("Lebanon", ("Lebanese",), ("Beirut",)),
    "LSO": _S("Lesotho", ("Basotho", "Mosotho"), ("Maseru",)),
    "LBR": _S("Liberia", ("Liberian",), ("Monrovia",)),
    "LBY": _S("Libya", ("Libyan",), ("Tripoli",)),
    "LIE": _S("Liechtenstein", ("Liechtensteiner",), ("Vaduz",)),
    "LTU": _S("Lithuania", ("Lithuanian",), ("Vilnius",)),
    "LUX": _S("Luxembourg", ("Luxembourgish", "Luxembourger"), ("Luxembourg City",)),
    "MDG": _S("Madagascar", ("Malagasy",), ("Antananarivo",)),
    "MWI": _S("Malawi", ("Malawian",), ("Lilongwe",)),
    "MYS": _S("Malaysia", ("Malaysian",), ("Kuala Lumpur", "Putrajaya")),
    "MDV": _S("Maldives", ("Maldivian",), ("Malé",), ("the Maldives",)),
    "MLI": _S("Mali", ("Malian",), ("Bamako",)),
    "MLT": _S("Malta", ("Maltese",), ("Valletta",)),
    "MHL": _S("Marshall Islands", ("Marshallese",), ("Majuro",)),
    "MRT": _S("Mauritania", ("Mauritanian",), ("Nouakchott",)),
    "MUS": _S("Mauritius", ("Mauritian",), ("Port Louis",)),
    "MEX": _S("Mexico", ("Mexican",), ("Mexico City",)),
    "FSM": _S("Micronesia", ("Micronesian",), ("Palikir",), ("FSM",)),
    "MCO": _S("Monaco", ("Monégasque", "Monacan")),
    "MNG": _S("Mongolia", ("Mongolian",), (("Ulaanbaatar", "Ulan Bator"),)),
    "MNE": _S("Montenegro", ("Montenegrin",), ("Podgorica",)),
    "MAR": _S("Morocco", ("Moroccan",), ("Rabat",)),
    "MOZ": _S("Mozambique", ("Mozambican",), ("Maputo",)),
    "MMR": _S("Myanmar", ("Burmese", "Myanmar"), (("Naypyidaw", "Nay Pyi Taw"),), ("Burma",)),
    "NAM": _S("Namibia", ("Namibian",), ("Windhoek",)),
    "NRU": _S("Nauru", ("Nauruan",), ("Yaren",)),
    "NPL": _S("Nepal", ("Nepali", "Nepalese"), ("Kathmandu",)),
    "NLD": _S("Netherlands", ("Dutch",), ("Amsterdam", "The Hague"), ("Holland",)),
    "NZL": _S("New Zealand", ("New Zealander",), ("Wellington",)),
    "NIC": _S("Nicaragua", ("Nicaraguan",), ("Managua",)),
    "NER": _S("Niger", ("Nigerien",), ("Niamey",)),
    "NGA": _S("Nigeria", ("Nigerian",), ("Abuja",)),
    "MKD": _S("North Macedonia", ("North Macedonian", "Macedonian"), ("Skopje",), ("Macedonia",)),
    "NOR": _S("Norway", ("Norwegian",), ("Oslo",)),
    "OMN": _S("Oman", ("Omani",), ("Muscat",)),
    "PAK": _S("Pakistan", ("Pakistani",), ("Islamabad",)),
    "PLW": _S("Palau", ("Palauan",), ("Ngerulmud",)),
    "PAN": _S("Panama", ("Panamanian",), ("Panama City",)),
    "PNG": _S("Papua New Guinea", ("Papua New Guinean",), ("Port Moresby",), ("PNG",)),
    "PRY": _S("Paraguay", ("Paraguayan",), ("Asunción",)),
    "PER": _S("Peru", ("Peruvian",), ("Lima",)),
    "PHL": _S("Philippines", ("Filipino", "Philippine"), ("Manila",)),
    "POL": _S("Poland", ("Polish",), ("Warsaw",)),
    "PRT": _S("Portugal", ("Portuguese",), ("Lisbon",)),
    "QAT": _S("Qatar", ("Qatari",), ("Doha",)),
    "KOR": _S(
        "South Korea",
        ("South Korean",),
        ("Seoul",),
        ("ROK", "R.O.K.", "the ROK", "Republic of Korea"),
    ),
    "MDA": _S("Moldova", ("Moldovan",), (("Chișinău", "Chisinau", "Kishinev"),)),
    "ROU": _S("Romania", ("Romanian",), ("Bucharest",)),
    "RUS": _S("Russia", ("Russian",), ("Moscow",), ("the Russian Federation",)),
    "RWA": _S("Rwanda", ("Rwandan",), ("Kigali",)),
    "KNA": _S("Saint Kitts and Nevis", ("Kittitian", "Nevisian"), ("Basseterre",), ("St Kitts and Nevis", "St. Kitts and Nevis")),
    "LCA": _S("Saint Lucia", ("Saint Lucian",), ("Castries",), ("St Lucia", "St. Lucia")),
    "VCT": _S(
        "Saint Vincent and the Grenadines",
        ("Vincentian",),
        ("Kingstown",),
        ("St Vincent and the Grenadines", "St. Vincent and the Grenadines"),
    ),
    "WSM": _S("Samoa", ("Samoan",), ("Apia",)),
    "SMR": _S("San Marino", ("Sammarinese",), ("City of San Marino",)),
    "STP": _S("São Tomé and Príncipe", ("Santomean",), ("São Tomé",)),
    "SAU": _S("Saudi Arabia", ("Saudi", "Saudi Arabian"), ("Riyadh",)),
    "SEN": _S("Senegal", ("Senegalese",), ("Dakar",)),
    "SRB": _S("Serbia", ("Serbian",), ("Belgrade",)),
    "SYC": _S("Seychelles", ("Seychellois",), ("Victoria",), ("the Seychelles",)),
    "SLE": _S("Sierra Leone", ("Sierra Leonean",), ("Freetown",)),
    "SGP": _S("Singapore", ("Singaporean",)),
    "SVK": _S("Slovakia", ("Slovak",), ("Bratislava",)),
    "SVN": _S("Slovenia", ("Slovenian", "Slovene"), ("Ljubljana",)),
    "SLB": _S("Solomon Islands", ("Solomon Islander",), ("Honiara",)),
    "SOM": _S("Somalia", ("Somali",), ("Mogadishu",)),
    "ZAF": _S("South Africa", ("South African",), ("Pretoria", "Cape Town", "Bloemfontein")),
    "SSD": _S("South Sudan", ("South Sudanese",), ("Juba",)),
    "ESP": _S("Spain", ("Spanish",), ("Madrid",)),
    "LKA": _S("Sri Lanka", ("Sri Lankan",), ("Sri Jayawardenepura Kotte", "Colombo"), ("Ceylon",)),
    "SDN": _S("Sudan", ("Sudanese",), ("Khartoum",), ("the Sudan",)),
    "SUR": _S("Suriname", ("Surinamese",), ("Paramaribo",)),
    "SWE": _S("Sweden", ("Swedish",), ("Stockholm",)),
    "CHE": _S("Switzerland", ("Swiss",), (("Bern", "Berne"),)),
    "SYR": _S("Syria", ("Syrian",), ("Damascus",)),
    "TJK": _S("Tajikistan", ("Tajik", "Tajikistani"), ("Dushanbe",)),
    "THA": _S("Thailand", ("Thai",), ("Bangkok",), ("Siam",)),
    "TLS": _S("Timor-Leste", ("Timorese", "East Timorese"), ("Dili",), ("East Timor",)),
    "TGO": _S("Togo", ("Togolese",), ("Lomé",)),
    "TON": _S("Tonga", ("Tongan",), (("Nukuʻalofa", "Nuku'alofa"),)),
    "TTO": _S("Trinidad and Tobago", ("Trinidadian", "Tobagonian"), ("Port of Spain",)),
    "TUN": _S("Tunisia", ("Tunisian",), ("Tunis",)),
    "TUR": _S("Turkey", ("Turkish",), ("Ankara",), ("Turkiye",)),
    "TKM": _S("Turkmenistan", ("Turkmen",), ("Ashgabat",)),
    "TUV": _S("Tuvalu", ("Tuvaluan",), ("Funafuti",)),
    "UGA": _S("Uganda", ("Ugandan",), ("Kampala",)),
    "UKR": _S("Ukraine", ("Ukrainian",), (("Kyiv", "Kiev"),), ("the Ukraine",)),
    "ARE": _S("United Arab Emirates", ("Emirati",), ("Abu Dhabi",), ("UAE", "U.A.E.", "the UAE", "the Emirates")),
    "GBR": _S(
        "United Kingdom",
        ("British",),
        ("London",),
        ("UK", "U.K.", "the UK", "the U.K.", "Britain", "Great Britain", "the United Kingdom"),
    ),
    "TZA": _S("Tanzania", ("Tanzanian",), ("Dodoma",)),
    "USA": _S(
        "United States",
        ("American", "US", "U.S."),
        (("Washington, D.C.", "Washington", "Washington DC", "Washington D.C."),),
        (
            "US", "U.S.", "USA", "U.S.A.", "America", "the United States", "the US", "the U.S.",
            "the United States of America",
        ),
    ),
    "URY": _S("Uruguay", ("Uruguayan",), ("Montevideo",)),
    "UZB": _S("Uzbekistan", ("Uzbek", "Uzbekistani"), ("Tashkent",)),
    "VUT": _S("Vanuatu", ("Ni-Vanuatu", "Vanuatuan"), ("Port Vila",)),
    "VEN": _S("Venezuela", ("Venezuelan",), ("Caracas",)),
    "VNM": _S("Vietnam", ("Vietnamese",), ("Hanoi",)),
    "YEM": _S("Yemen", ("Yemeni",), (("Sanaa", "Sana'a"),)),
    "ZMB": _S("Zambia", ("Zambian",), ("Lusaka",)),
    "ZWE": _S("Zimbabwe", ("Zimbabwean",), ("Harare",)),
    # UN General Assembly observer states
    "VAT": _S("Holy See", ("Vatican",), (), ("Vatican", "Vatican City", "Vatican City State", "the Holy See")),
    "PSE": _S("Palestine", ("Palestinian",), (), ("State of Palestine",)),
    # not a state here (see the module docstring)
    "TWN": _S(
        "Taiwan", ("Taiwanese",), ("Taipei",), ("Republic of China", "ROC", "Chinese Taipei", "Formosa")
    ),
}

#: Names that take "the" in running text: "the <name>" is added as an alternative label.
_THE_NAMES: frozenset[str] = frozenset(
    {
        "BHS", "CAF", "COD", "COG", "CZE", "DOM", "GMB", "MHL", "NLD", "PHL", "SLB", "COM",
        "ARE", "GBR", "USA", "VAT", "MDV", "SYC",
    }
)

#: Demonyms shared by two states: they are kept as demonyms but no government label is made
#: from them ("the Congolese government" could be either).
AMBIGUOUS_DEMONYMS: frozenset[str] = frozenset({"Congolese", "Dominican"})

#: Extra labels of some governments.
GOVERNMENT_ALIASES: dict[str, tuple[str, ...]] = {
    "USA": ("US administration", "U.S. administration", "the US administration", "the U.S. administration"),
    "GBR": ("UK government", "the UK government", "His Majesty's Government", "Her Majesty's Government"),
    "KOR": ("ROK government", "the ROK government"),
    "PRK": ("DPRK government", "the DPRK government", "North Korean regime", "the North Korean regime"),
    "TWN": ("Taiwan authorities", "the Taiwan authorities", "Government of the Republic of China"),
}

#: Wikidata items, only where certain.
STATE_QIDS: dict[str, str] = {
    "CHN": "Q148", "RUS": "Q159", "JPN": "Q17", "USA": "Q30", "IND": "Q668", "AUS": "Q408",
    "PRK": "Q423", "KOR": "Q884", "GBR": "Q145", "FRA": "Q142", "DEU": "Q183", "ITA": "Q38",
    "CAN": "Q16", "BRA": "Q155", "TWN": "Q865", "VNM": "Q881", "PHL": "Q928", "IDN": "Q252",
    "PAK": "Q843", "IRN": "Q794", "ISR": "Q801", "UKR": "Q212", "TUR": "Q43", "MEX": "Q96",
    "ESP": "Q29", "NLD": "Q55", "POL": "Q36", "EGY": "Q79", "SAU": "Q851", "ZAF": "Q258",
    "NZL": "Q664", "SGP": "Q334", "MNG": "Q711", "AFG": "Q889", "IRQ": "Q796", "SYR": "Q858",
    "CHE": "Q39", "SWE": "Q34", "NOR": "Q20", "BEL": "Q31", "AUT": "Q40", "DNK": "Q35",
    "FIN": "Q33", "GRC": "Q41", "PRT": "Q45", "IRL": "Q27", "ARG": "Q414", "KAZ": "Q232",
    "MYS": "Q833", "THA": "Q869", "VAT": "Q237",
}

CITY_QIDS: dict[str, str] = {
    "Beijing": "Q956", "Tokyo": "Q1490", "Moscow": "Q649", "Washington, D.C.": "Q61",
    "Seoul": "Q8684", "London": "Q84", "Paris": "Q90", "Berlin": "Q64", "New Delhi": "Q987",
    "Canberra": "Q3114", "Pyongyang": "Q18808", "Rome": "Q220",
}
# fmt: on


# --------------------------------------------------------------------------------------------
# Building the graph
# --------------------------------------------------------------------------------------------


def _variants(label: str) -> list[str]:
    """Matching-only spellings of ``label``: ASCII-folded and with a typographic apostrophe."""
    out = []
    folded = ascii_fold(label)
    if folded != label:
        out.append(folded)
    for form in (label, folded):
        if "'" in form:
            out.append(form.replace("'", "\u2019"))
    return out


def _capital_names(entry: StateEntry) -> list[tuple[str, ...]]:
    return [c if isinstance(c, tuple) else (c,) for c in entry.capitals]


def build_states_graph() -> Graph:
    """The states, their governments and capitals (and Taiwan) as an rdflib Graph."""
    import pycountry
    from rdflib import OWL, RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS

    seckg = Namespace(ONTOLOGY)
    g = Graph()
    for prefix, ns in (
        ("seckg", ONTOLOGY),
        ("skos", str(SKOS)),
        ("rdfs", str(RDFS)),
        ("owl", str(OWL)),
        ("xsd", str(XSD)),
        ("dcterms", str(DCTERMS)),
        ("wd", WIKIDATA),
        ("state", BASE + "state/"),
        ("government", BASE + "government/"),
        ("place", BASE + "place/"),
    ):
        g.bind(prefix, ns, override=True, replace=True)

    header = URIRef("https://w3id.org/seckg/reference/states")
    g.add((header, RDF.type, OWL.Ontology))
    g.add((header, DCTERMS.title, Literal("seckg reference lexicon: states", lang="en")))
    g.add(
        (
            header,
            DCTERMS.description,
            Literal(
                "The 193 UN member states and the 2 UN General Assembly observer states, with their"
                " names, demonyms, ISO 3166-1 codes, capitals and governments; and Taiwan, recorded"
                " as a region. Generated by seckg.ontology.lexicon_build from ISO 3166-1"
                " (pycountry) and curated tables; do not edit by hand.",
                lang="en",
            ),
        )
    )
    g.add((header, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))

    en = "en"

    def labels(node: URIRef, pref: str, alts: list[str], hidden: list[str]) -> None:
        g.add((node, SKOS.prefLabel, Literal(pref, lang=en)))
        g.add((node, RDFS.label, Literal(pref, lang=en)))
        seen = {pref}
        for alt in alts:
            if alt not in seen:
                seen.add(alt)
                g.add((node, SKOS.altLabel, Literal(alt, lang=en)))
        for form in [pref, *alts, *hidden]:
            for extra in ([form] if form in hidden else []) + _variants(form):
                if extra not in seen:
                    seen.add(extra)
                    g.add((node, SKOS.hiddenLabel, Literal(extra, lang=en)))

    for code in sorted(SOVEREIGN_STATES | OTHER_ENTRIES):
        country = pycountry.countries.get(alpha_3=code)
        if country is None:  # pragma: no cover - guarded by a test
            raise LookupError(f"ISO 3166-1 has no alpha-3 code {code!r}")
        entry = STATES[code]
        is_state = code in SOVEREIGN_STATES
        slug = slugify(entry.name)
        node = URIRef(f"{BASE}{'state' if is_state else 'place'}/{slug}")
        g.add((node, RDF.type, seckg.State if is_state else seckg.Region))

        alts: list[str] = []
        hidden: list[str] = []
        for iso_name in (
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
            country.name,
        ):
            if not iso_name:
                continue
            iso_name = re.sub(r"^the ", "", iso_name)
            (hidden if "," in iso_name or "(" in iso_name else alts).append(iso_name)
        alts.extend(entry.aliases)
        if code in _THE_NAMES:
            alts.append(f"the {entry.name}")
        labels(node, entry.name, alts, hidden)

        if is_state:
            for demonym in entry.demonyms:
                g.add((node, seckg.demonym, Literal(demonym)))
            g.add((node, seckg.isoAlpha2, Literal(country.alpha_2)))
            g.add((node, seckg.isoAlpha3, Literal(country.alpha_3)))
            g.add((node, seckg.isoNumeric, Literal(country.numeric)))
        else:
            # seckg:demonym and the ISO code properties have the domain seckg:State, so a
            # region carries its codes as skos:notation and its demonym as a hidden label.
            for notation in (country.alpha_2, country.alpha_3, country.numeric):
                g.add((node, SKOS.notation, Literal(notation)))
            for demonym in entry.demonyms:
                g.add((node, SKOS.hiddenLabel, Literal(demonym, lang=en)))
            g.add(
                (
                    node,
                    RDFS.comment,
                    Literal(
                        "Listed in ISO 3166-1 but neither a UN member nor a UN observer state;"
                        " its status is disputed. Recorded as a region so that the lexicon takes"
                        " no position; not counted among the states.",
                        lang=en,
                    ),
                )
            )
        if code in STATE_QIDS:
            g.add((node, SKOS.exactMatch, URIRef(WIKIDATA + STATE_QIDS[code])))

        for names in _capital_names(entry):
            city = URIRef(f"{BASE}place/{slugify(names[0])}")
            g.add((city, RDF.type, seckg.City))
            labels(city, names[0], list(names[1:]), [])
            if is_state:
                g.add((node, seckg.capital, city))
            else:
                g.add((city, seckg.locatedIn, node))
            if names[0] in CITY_QIDS:
                g.add((city, SKOS.exactMatch, URIRef(WIKIDATA + CITY_QIDS[names[0]])))

        gov = URIRef(f"{BASE}government/{slug}")
        g.add((gov, RDF.type, seckg.Government))
        if is_state:
            g.add((gov, seckg.governmentOf, node))
        else:
            g.add(
                (
                    gov,
                    RDFS.comment,
                    Literal(
                        "The authorities that govern this region. seckg:governmentOf is not stated"
                        " because its range is seckg:State.",
                        lang=en,
                    ),
                )
            )
        the = "the " if code in _THE_NAMES else ""
        pref = f"Government of {the}{entry.name}"
        possessive = f"{entry.name}'" if entry.name.endswith("s") else f"{entry.name}'s"
        gov_alts = [f"government of {the}{entry.name}", f"{the}{possessive} government"]
        for demonym in entry.demonyms:
            if demonym in AMBIGUOUS_DEMONYMS or demonym == entry.name:
                continue
            gov_alts += [f"{demonym} government", f"the {demonym} government"]
        gov_alts += GOVERNMENT_ALIASES.get(code, ())
        labels(gov, pref, gov_alts, [])
    return g


def states_turtle() -> str:
    """states.ttl as text: the generated graph in rdflib's deterministic ``longturtle``."""
    text = build_states_graph().serialize(format="longturtle")
    banner = (
        "# GENERATED by `python -m seckg.ontology.lexicon_build` from ISO 3166-1 (pycountry) and\n"
        "# the curated tables in ontology/lexicon_build.py. Do not edit: change the tables and\n"
        "# run the command again; tests/test_reference.py fails when this file is stale.\n"
    )
    return banner + text.rstrip("\n") + "\n"


def default_path() -> Path:
    """Where states.ttl lives: ``reference/states.ttl`` beside this module."""
    return Path(str(resources.files(__package__ or "seckg.ontology"))) / "reference" / "states.ttl"


def main(argv: list[str] | None = None) -> int:
    """Write (or check) states.ttl; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m seckg.ontology.lexicon_build",
        description="Generate ontology/reference/states.ttl from ISO 3166-1 and curated tables.",
    )
    parser.add_argument("-o", "--output", help="file to write, '-' for stdout (default: in place)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed file differs from a rebuild"
    )
    args = parser.parse_args(argv)
    text = states_turtle()
    target = Path(args.output) if args.output and args.output != "-" else default_path()
    if args.check:
        current = target.read_text(encoding="utf-8") if target.exists() else ""
        if current != text:
            print(f"{target} is stale: run python -m seckg.ontology.lexicon_build", file=sys.stderr)
            return 1
        return 0
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
