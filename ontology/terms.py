"""Closed namespaces of the seckg ontology. GENERATED: do not edit.

Regenerate with ``python -m seckg.ontology.codegen`` after changing the Turtle modules.
A typo'd term raises instead of minting a new IRI (``_fail = True``).
"""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class SECKG(DefinedNamespace):
    """The seckg ontology: https://w3id.org/seckg/ontology#"""

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/ontology#")

    # Classes
    Actor: URIRef  # actor
    Alliance: URIRef  # alliance
    Annexation: URIRef  # annexation
    Announcement: URIRef  # announcement
    ArmedForce: URIRef  # armed force
    ArmsTransfer: URIRef  # arms transfer
    Assessment: URIRef  # assessment
    AwardConferral: URIRef  # award conferral
    BilateralRelation: URIRef  # bilateral relation
    Characterisation: URIRef  # characterisation
    Citation: URIRef  # citation
    CitedWork: URIRef  # cited work
    City: URIRef  # city
    Claim: URIRef  # claim
    Conference: URIRef  # conference
    ConfidenceBuildingMeasure: URIRef  # confidence building measure
    Congress: URIRef  # party congress
    CoreInterestDeclaration: URIRef  # core interest declaration
    CourtDecision: URIRef  # court decision
    CrisisManagementMechanism: URIRef  # crisis management mechanism
    CuratedAnnotation: URIRef  # curated annotation
    DefenceGuidelines: URIRef  # defence guidelines
    Deployment: URIRef  # deployment
    Dispute: URIRef  # dispute
    Document: URIRef  # document
    EncyclopediaArticle: URIRef  # encyclopedia article
    Event: URIRef  # event
    Evidence: URIRef  # evidence
    ExtractionActivity: URIRef  # extraction activity
    ExtractionRule: URIRef  # extraction rule
    ForumMeeting: URIRef  # forum meeting
    Government: URIRef  # government
    GovernmentAgency: URIRef  # government agency
    Grouping: URIRef  # grouping
    HistoricalGrievance: URIRef  # historical grievance
    Honour: URIRef  # honour
    Incident: URIRef  # incident
    Initiative: URIRef  # initiative
    InternationalOrganisation: URIRef  # international organisation
    Intervention: URIRef  # intervention
    Invitation: URIRef  # invitation
    Island: URIRef  # island
    IslandChain: URIRef  # island chain
    JointPatrol: URIRef  # joint patrol
    JointStatement: URIRef  # joint statement
    MaritimeDispute: URIRef  # maritime dispute
    Mechanism: URIRef  # mechanism
    MilitaryExercise: URIRef  # military exercise
    Nationalisation: URIRef  # nationalisation
    NavalDrill: URIRef  # naval drill
    Negotiation: URIRef  # negotiation
    NewsOrganisation: URIRef  # news organisation
    NewsReport: URIRef  # news report
    Obligation: URIRef  # obligation
    Office: URIRef  # office
    Organisation: URIRef  # organisation
    Partnership: URIRef  # partnership
    Patrol: URIRef  # patrol
    Person: URIRef  # person
    Place: URIRef  # place
    Policy: URIRef  # policy
    PoliticalParty: URIRef  # political party
    PressRelease: URIRef  # press release
    RegimeChange: URIRef  # regime change
    Region: URIRef  # region
    Relationship: URIRef  # relationship
    RelationshipChange: URIRef  # relationship change
    ResearchOrganisation: URIRef  # research organisation
    ResearchReport: URIRef  # research report
    Rivalry: URIRef  # rivalry
    Sanction: URIRef  # sanction
    Scholar: URIRef  # scholar
    ScholarlyArticle: URIRef  # scholarly article
    Sea: URIRef  # sea
    Speech: URIRef  # speech
    State: URIRef  # state
    StateVisit: URIRef  # state visit
    Statement: URIRef  # statement
    Strategy: URIRef  # strategy
    StrategyDocument: URIRef  # strategy document
    Tenure: URIRef  # tenure
    TerritorialDispute: URIRef  # territorial dispute
    Territory: URIRef  # territory
    TradeDispute: URIRef  # trade dispute
    TradeRanking: URIRef  # trade ranking
    TradeRelationship: URIRef  # trade relationship
    Transcript: URIRef  # transcript
    Treaty: URIRef  # treaty
    TreatyArticle: URIRef  # treaty article
    WeaponSystem: URIRef  # weapon system
    WhitePaper: URIRef  # white paper

    # Object properties
    about: URIRef  # about
    addressee: URIRef  # addressee
    advocates: URIRef  # advocates
    alliedWith: URIRef  # allied with
    annexedBy: URIRef  # annexed by
    annexedTerritory: URIRef  # annexed territory
    armedForceOf: URIRef  # armed force of
    articleOf: URIRef  # article of
    assessedBy: URIRef  # assessed by
    award: URIRef  # award
    basedOnTreaty: URIRef  # based on treaty
    capital: URIRef  # capital
    capitalOf: URIRef  # capital of
    cause: URIRef  # cause
    changeDirection: URIRef  # change direction
    changedRelationship: URIRef  # changed relationship
    characterisedAs: URIRef  # characterised as
    characterisedBy: URIRef  # characterised by
    characterises: URIRef  # characterises
    citationRole: URIRef  # citation role
    citesWork: URIRef  # cites work
    claimIn: URIRef  # claim in
    claimant: URIRef  # claimant
    claimedTerritory: URIRef  # claimed territory
    conferredBy: URIRef  # conferred by
    coreInterest: URIRef  # core interest
    covers: URIRef  # covers
    declaredBy: URIRef  # declared by
    deployedBy: URIRef  # deployed by
    deployedForce: URIRef  # deployed force
    deployedSystem: URIRef  # deployed system
    deposed: URIRef  # deposed
    disputedTerritory: URIRef  # disputed territory
    endorses: URIRef  # endorses
    establishedBy: URIRef  # established by
    governmentOf: URIRef  # government of
    hasCitation: URIRef  # has citation
    hasCoreInterest: URIRef  # has core interest
    hasEvidence: URIRef  # has evidence
    hasObligation: URIRef  # has obligation
    hasPart: URIRef  # has part
    hasParty: URIRef  # has party
    holdsOffice: URIRef  # holds office
    honourOf: URIRef  # honour of
    host: URIRef  # host
    hostState: URIRef  # host state
    identifiesWith: URIRef  # identifies with
    imposedBy: URIRef  # imposed by
    imposedOn: URIRef  # imposed on
    incidentIn: URIRef  # incident in
    interestHolder: URIRef  # interest holder
    intervener: URIRef  # intervener
    interventionTarget: URIRef  # intervention target
    invitedTo: URIRef  # invited to
    invitee: URIRef  # invitee
    inviter: URIRef  # inviter
    invokes: URIRef  # invokes
    involvedIn: URIRef  # involved in
    issuedBy: URIRef  # issued by
    ledBy: URIRef  # led by
    locatedIn: URIRef  # located in
    location: URIRef  # location
    manages: URIRef  # manages
    meetingOf: URIRef  # meeting of
    meetingOfBody: URIRef  # meeting of body
    memberOf: URIRef  # member of
    nationalised: URIRef  # nationalised
    nationalisedBy: URIRef  # nationalised by
    nationality: URIRef  # nationality
    nonMemberOf: URIRef  # non-member of
    obligationType: URIRef  # obligation type
    obligedParty: URIRef  # obliged party
    occasion: URIRef  # occasion
    officeOf: URIRef  # office of
    opposes: URIRef  # opposes
    partOf: URIRef  # part of
    participant: URIRef  # participant
    partnerOf: URIRef  # partner of
    partnershipLevel: URIRef  # partnership level
    perceivesThreatFrom: URIRef  # perceives threat from
    permanentMemberOf: URIRef  # permanent member of
    policyActor: URIRef  # policy actor
    producedBy: URIRef  # produced by
    quotedIn: URIRef  # quoted in
    rankedPartner: URIRef  # ranked partner
    rankingCriterion: URIRef  # ranking criterion
    rankingFor: URIRef  # ranking for
    recipient: URIRef  # recipient
    records: URIRef  # records
    revisedBy: URIRef  # revised by
    revises: URIRef  # revises
    rivalOf: URIRef  # rival of
    rulingPartyOf: URIRef  # ruling party of
    signatory: URIRef  # signatory
    speaker: URIRef  # speaker
    supplier: URIRef  # supplier
    targets: URIRef  # targets
    tenureHolder: URIRef  # tenure holder
    tenureOffice: URIRef  # tenure office
    territoryOf: URIRef  # territory of
    title: URIRef  # title
    troopsSent: URIRef  # troops sent
    underArticle: URIRef  # under article
    usedRule: URIRef  # used rule
    visitor: URIRef  # visitor

    # Datatype properties
    articleNumber: URIRef  # article number
    assessmentText: URIRef  # assessment text
    attestedDate: URIRef  # attested date
    characterisationText: URIRef  # characterisation text
    citationKey: URIRef  # citation key
    citationText: URIRef  # citation text
    creatorName: URIRef  # creator name
    date: URIRef  # date
    demonym: URIRef  # demonym
    doi: URIRef  # DOI
    endDate: URIRef  # end date
    honourRank: URIRef  # honour rank
    informal: URIRef  # informal
    invokedAs: URIRef  # invoked as
    isoAlpha2: URIRef  # ISO 3166-1 alpha-2 code
    isoAlpha3: URIRef  # ISO 3166-1 alpha-3 code
    isoNumeric: URIRef  # ISO 3166-1 numeric code
    ladderRank: URIRef  # ladder rank
    officeTitle: URIRef  # office title
    pages: URIRef  # pages
    quoteText: URIRef  # quote text
    rank: URIRef  # rank
    ruleId: URIRef  # rule id
    section: URIRef  # section
    sentenceIndex: URIRef  # sentence index
    sentenceText: URIRef  # sentence text
    since: URIRef  # since
    softwareVersion: URIRef  # software version
    startDate: URIRef  # start date
    text: URIRef  # text
    textSha256: URIRef  # text SHA-256
    troopCount: URIRef  # troop count
    year: URIRef  # year
    yearSuffix: URIRef  # year suffix


class SCHEME(DefinedNamespace):
    """SKOS concept schemes: https://w3id.org/seckg/id/scheme/<name>."""

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/scheme/")
    _extras = [
        "change-direction",
        "citation-role",
        "concept",
        "core-interest",
        "obligation-type",
        "partnership-level",
        "ranking-criterion",
        "title",
    ]


class CHANGE_DIRECTION(DefinedNamespace):
    """Concepts https://w3id.org/seckg/id/change-direction/<slug>; index with the slug: ``CHANGE_DIRECTION["deterioration"]``.

    deterioration: deterioration
    improvement: improvement
    """

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/change-direction/")
    _extras = [
        "deterioration",
        "improvement",
    ]


class CITATION_ROLE(DefinedNamespace):
    """Concepts https://w3id.org/seckg/id/citation-role/<slug>; index with the slug: ``CITATION_ROLE["quoted-in"]``.

    quoted-in: quoted in
    see-also: see also
    supports: supports
    """

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/citation-role/")
    _extras = [
        "quoted-in",
        "see-also",
        "supports",
    ]


class CONCEPT(DefinedNamespace):
    """Concepts https://w3id.org/seckg/id/concept/<slug>; index with the slug: ``CONCEPT["alliance-system"]``.

    alliance-system: alliance system
    arab-spring: Arab Spring
    authoritarianism: authoritarianism
    balance-of-power: balance of power
    balancing: balancing
    bottom-line: principled bottom line
    cold-war-mentality: Cold War mentality
    colour-revolutions: colour revolutions
    common-security: common security
    community-of-shared-destiny: community of shared destiny
    containment: containment
    cooperative-security: cooperative security
    democracy: democracy
    economic-interdependence: economic interdependence
    formal-alliance: formal alliance
    global-governance: global governance
    global-partnership-network: global partnership network
    hegemony: hegemony
    human-rights: human rights
    international-security: international security
    interventionism: interventionism
    key-rival: key rival
    non-interference: non-interference
    one-party-rule: one-party rule
    peaceful-development: peaceful development
    regime-change: regime change
    regime-security: regime security
    rejuvenation: rejuvenation
    responsibility-to-protect: responsibility to protect
    social-stability: social stability
    socialism-with-chinese-characteristics: socialism with Chinese characteristics
    sovereignty-claims: sovereignty claims
    state-security: state security
    strategic-competition: strategic competition
    trade-war: trade war
    trust-based-partnership: trust-based partnership
    unilateralism: unilateralism
    veto-power: veto power
    win-win-cooperation: win-win cooperation
    zero-sum-thinking: zero-sum thinking
    """

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/concept/")
    _extras = [
        "alliance-system",
        "arab-spring",
        "authoritarianism",
        "balance-of-power",
        "balancing",
        "bottom-line",
        "cold-war-mentality",
        "colour-revolutions",
        "common-security",
        "community-of-shared-destiny",
        "containment",
        "cooperative-security",
        "democracy",
        "economic-interdependence",
        "formal-alliance",
        "global-governance",
        "global-partnership-network",
        "hegemony",
        "human-rights",
        "international-security",
        "interventionism",
        "key-rival",
        "non-interference",
        "one-party-rule",
        "peaceful-development",
        "regime-change",
        "regime-security",
        "rejuvenation",
        "responsibility-to-protect",
        "social-stability",
        "socialism-with-chinese-characteristics",
        "sovereignty-claims",
        "state-security",
        "strategic-competition",
        "trade-war",
        "trust-based-partnership",
        "unilateralism",
        "veto-power",
        "win-win-cooperation",
        "zero-sum-thinking",
    ]


class CORE_INTEREST(DefinedNamespace):
    """Concepts https://w3id.org/seckg/id/core-interest/<slug>; index with the slug: ``CORE_INTEREST["development"]``.

    development: development
    national-unity: national unity
    party-leadership: leadership of the Communist Party
    security: security
    sovereignty: sovereignty
    territorial-integrity: territorial integrity
    """

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/core-interest/")
    _extras = [
        "development",
        "national-unity",
        "party-leadership",
        "security",
        "sovereignty",
        "territorial-integrity",
    ]


class OBLIGATION_TYPE(DefinedNamespace):
    """Concepts https://w3id.org/seckg/id/obligation-type/<slug>; index with the slug: ``OBLIGATION_TYPE["basing-rights"]``.

    basing-rights: basing rights
    consultation: consultation
    defence-commitment: defence commitment
    mutual-assistance: mutual assistance
    """

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/obligation-type/")
    _extras = [
        "basing-rights",
        "consultation",
        "defence-commitment",
        "mutual-assistance",
    ]


class PARTNERSHIP_LEVEL(DefinedNamespace):
    """Concepts https://w3id.org/seckg/id/partnership-level/<slug>; index with the slug: ``PARTNERSHIP_LEVEL["all-weather-strategic-cooperative-partnership"]``.

    all-weather-strategic-cooperative-partnership: all-weather strategic cooperative partnership
    comprehensive-cooperative-partnership: comprehensive cooperative partnership
    comprehensive-strategic-cooperative-partnership: comprehensive strategic cooperative partnership
    comprehensive-strategic-partnership: comprehensive strategic partnership
    comprehensive-strategic-partnership-of-coordination: comprehensive strategic partnership of coordination
    comprehensive-strategic-partnership-of-coordination-for-a-new-era: comprehensive strategic partnership of coordination for a new era
    cooperative-partnership: cooperative partnership
    global-comprehensive-strategic-partnership: global comprehensive strategic partnership
    partnership: partnership
    strategic-cooperative-partnership: strategic cooperative partnership
    strategic-partnership: strategic partnership
    """

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/partnership-level/")
    _extras = [
        "all-weather-strategic-cooperative-partnership",
        "comprehensive-cooperative-partnership",
        "comprehensive-strategic-cooperative-partnership",
        "comprehensive-strategic-partnership",
        "comprehensive-strategic-partnership-of-coordination",
        "comprehensive-strategic-partnership-of-coordination-for-a-new-era",
        "cooperative-partnership",
        "global-comprehensive-strategic-partnership",
        "partnership",
        "strategic-cooperative-partnership",
        "strategic-partnership",
    ]


class RANKING_CRITERION(DefinedNamespace):
    """Concepts https://w3id.org/seckg/id/ranking-criterion/<slug>; index with the slug: ``RANKING_CRITERION["export-market"]``.

    export-market: export market
    single-state-trading-partner: single-state trading partner
    trading-partner: trading partner
    """

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/ranking-criterion/")
    _extras = [
        "export-market",
        "single-state-trading-partner",
        "trading-partner",
    ]


class TITLE(DefinedNamespace):
    """Concepts https://w3id.org/seckg/id/title/<slug>; index with the slug: ``TITLE["foreign-minister"]``.

    foreign-minister: foreign minister
    general-secretary: general secretary
    premier: premier
    president: president
    prime-minister: prime minister
    state-councillor: state councillor
    """

    _fail = True
    _NS = Namespace("https://w3id.org/seckg/id/title/")
    _extras = [
        "foreign-minister",
        "general-secretary",
        "premier",
        "president",
        "prime-minister",
        "state-councillor",
    ]
