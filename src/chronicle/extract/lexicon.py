"""Trigger words: which lemmas can announce which event type.

Verb triggers name the patient (the person arrested, released...) as their
passive subject or active object; noun triggers name it through a possessive
("his arrest") or an of-phrase ("the detention of ..."). ``SUBJECT_IS_ACTOR``
lists the types whose subject is the doer (the person on hunger strike,
the writer of the letter), taken from an active subject instead.
"""
from __future__ import annotations

VERB_TRIGGERS: dict[str, str] = {
    "arrest": "arrest",
    "detain": "detention",
    "jail": "detention",
    "imprison": "detention",
    "incarcerate": "detention",
    "raid": "search",
    "search": "search",
    "charge": "charge",
    "indict": "charge",
    "sentence": "sentence",
    "acquit": "acquittal",
    "appeal": "appeal",
    "release": "release",
    "free": "release",
    "protest": "protest",
    "picket": "protest",
    "demonstrate": "protest",
    "rally": "protest",
    "march": "protest",
    "petition": "letter",
    "ban": "ban",
    "outlaw": "ban",
    "fine": "sentence",
    "apprehend": "arrest",
}

NOUN_TRIGGERS: dict[str, str] = {
    "arrest": "arrest",
    "detention": "detention",
    "jailing": "detention",
    "imprisonment": "detention",
    "raid": "search",
    "search": "search",
    "charge": "charge",
    "indictment": "charge",
    "trial": "hearing",
    "hearing": "hearing",
    "sentence": "sentence",
    "acquittal": "acquittal",
    "appeal": "appeal",
    "release": "release",
    "protest": "protest",
    "picket": "protest",
    "demonstration": "protest",
    "rally": "protest",
    "march": "protest",
    "sit-in": "protest",
    "vigil": "protest",
    "strike": "strike",
    "walkout": "strike",
    "letter": "letter",
    "petition": "letter",
    "ban": "ban",
    "fine": "sentence",
    "term": "sentence",
    "custody": "detention",
    "retrial": "hearing",
}

# The doer is the subject: "she went on hunger strike", "X wrote a letter".
SUBJECT_IS_ACTOR = frozenset({"hunger_strike", "protest", "strike", "letter", "statement", "appeal"})

# Protest nouns give the protest's form.
PROTEST_FORM_OF: dict[str, str] = {
    "picket": "picket",
    "demonstration": "demonstration",
    "demonstrate": "demonstration",
    "rally": "rally",
    "march": "march",
    "sit-in": "sit-in",
    "vigil": "vigil",
}

# Light verbs whose object noun is the event: "went on hunger strike",
# "held a picket", "was given a sentence", "filed an appeal".
SUPPORT_VERBS = frozenset(
    {"go", "begin", "start", "continue", "maintain", "declare", "launch", "stage", "hold", "organise", "organize",
     "end", "give", "hand", "receive", "serve", "get", "file", "lodge", "submit", "make", "write", "send",
     "sign", "announce", "join", "take", "face", "call", "bring", "finish", "complete", "attend", "lead"}
)

# Light verbs that say who took part: negated, they deny the role, not the event.
ROLE_VERBS = frozenset({"organise", "organize", "join", "attend", "lead", "support", "call"})

# Verbs under which an event is only wished for, feared or prevented, so it
# is not reported as happening: "we urge them to release", "tried to prevent
# the demonstration".
IRREALIS_GOVERNORS = frozenset(
    {"urge", "demand", "call", "ask", "appeal", "request", "want", "hope", "wish", "prevent", "stop", "avoid",
     "threaten", "fear", "risk", "seek", "insist", "propose", "intend", "refuse", "need", "must"}
)

IRREALIS_NOUNS = frozenset({"demand", "call", "request", "plea", "threat", "attempt", "bid", "hope", "fear"})

# Verbs that report an outcome on an appeal.
APPEAL_OUTCOME_VERBS: dict[str, str] = {
    "reject": "rejected",
    "dismiss": "rejected",
    "deny": "rejected",
    "refuse": "rejected",
    "uphold": "rejected",  # the court upholds the sentence appealed against
    "turn": "rejected",  # "turned down"
    "grant": "granted",
    "satisfy": "granted",
    "allow": "granted",
    "accept": "granted",
    "overturn": "granted",
    "quash": "granted",
    "reduce": "partly",
}

# Court decisions that make a hearing of the appeal a decided appeal.
HEARING_VERBS = frozenset({"hear", "consider", "examine"})

FUTURE_MARKERS = frozenset({"will", "shall", "'ll", "wo"})
EXPECTATION_LEMMAS = frozenset({"due", "expect", "schedule", "plan", "set", "go", "intend", "prepare", "threaten"})
ALLEGATION_WORDS = frozenset({"allegedly", "reportedly", "purportedly", "supposedly", "apparently"})
HYPOTHETICAL_MODALS = frozenset({"may", "might", "could", "would", "should", "can"})
DENIAL_VERBS = frozenset({"deny", "refute", "dismiss"})

# Nouns after "in protest at/against" or "as a protest" are reasons, not events.
PURPOSE_PREPOSITIONS = frozenset({"in", "as"})

# Words that make "strike" not a labour strike.
NON_LABOUR_STRIKE_MODIFIERS = frozenset({"air", "missile", "drone", "military", "lightning", "price", "hunger", "first", "pre-emptive", "preemptive"})

SENTENCE_KIND_WORDS: dict[str, str] = {
    "prison": "prison",
    "jail": "prison",
    "imprisonment": "prison",
    "penal": "prison",
    "colony": "prison",
    "administrative": "administrative",
    "fine": "fine",
    "suspended": "suspended",
    "probation": "suspended",
}

# Subjects that make "rallied", "marched" a protest rather than a market move.
HUMAN_GROUPS = frozenset(
    {"protester", "protestor", "demonstrator", "people", "person", "worker", "student", "activist", "supporter",
     "resident", "citizen", "thousand", "hundred", "dozen", "teacher", "miner", "woman", "man", "farmer",
     "employee", "member", "opponent", "crowd", "union", "group", "youth", "pensioner", "driver", "doctor",
     "nurse", "journalist", "lawyer", "mother", "family", "relative", "villager", "party", "movement"}
)

# ------------------------------------------------------------ constructions

# Verbs whose patient can only be a person (or a group of people): any noun
# they take as object names the people it happened to, even without a name
# ("police detained 120 people"). Other trigger verbs ("released a report",
# "held talks", "charged a fee") need a human-looking patient.
HUMAN_PATIENT_VERBS = frozenset({"arrest", "detain", "jail", "imprison", "incarcerate", "sentence", "acquit", "indict", "fine", "apprehend"})

# Nouns that name people or groups of people, for patients and doers that
# carry no name ("two reporters", "at least 30 returnees", "oil workers").
HUMAN_NOUNS = frozenset(
    """
    people person man men woman women child children boy girl youth teenager adult resident citizen national
    villager local inhabitant migrant refugee returnee asylum-seeker foreigner tourist pilgrim worshipper
    activist campaigner dissident opponent critic protester protestor demonstrator picketer marcher striker
    supporter member leader organiser organizer founder chairman chairwoman chair head president deputy
    official officer politician lawmaker legislator mp mep senator councillor minister governor mayor
    candidate journalist reporter correspondent editor blogger writer poet novelist author artist actor
    actress singer rapper musician filmmaker photographer cameraman director producer comedian
    lawyer attorney advocate judge defendant suspect accused detainee prisoner inmate convict captive hostage
    student teacher lecturer professor academic scholar researcher scientist doctor nurse medic paramedic
    worker employee labourer laborer miner docker driver farmer peasant fisherman trader merchant
    shopkeeper vendor businessman businesswoman entrepreneur banker engineer pilot sailor soldier
    unionist trade-unionist pensioner veteran volunteer priest imam pastor cleric monk nun bishop
    believer witness lawyer relative family mother father son daughter brother sister wife husband
    parent uncle aunt cousin grandson granddaughter grandmother grandfather spouse partner colleague
    friend crew staff staffer employee administrator manager owner landlord tenant guard
    administrator economist analyst historian philosopher linguist translator feminist environmentalist
    ecologist human-rights defender rights-defender monitor observer volunteer coordinator
    spokesman spokeswoman spokesperson representative delegate envoy ambassador diplomat
    ringleader militant rebel fighter insurgent gunman extremist separatist commander
    dozen hundred thousand dozens hundreds thousands crowd group party union
    captain skipper seeker functionary financier sharpshooter promoter smuggler trafficker dealer robber thief
    killer murderer bomber attacker hacker spy informant mobster gangster accomplice perpetrator culprit fugitive
    deserter conscript cadet recruit chief boss individual expatriate immigrant emigrant figure personality
    celebrity influencer athlete footballer player coach model population teen adolescent minor orphan widow
    """.split()
)

# Things, not people: never the one arrested or detained ("the detained
# vessels", "the decline has been arrested").
NON_HUMAN_NOUNS = frozenset(
    """
    vessel ship boat tanker car vehicle truck lorry plane aircraft jet cargo goods shipment weapon arms drug
    property asset fund document equipment computer laptop phone money cash decline growth rise fall inflation
    process development spread progress trend disease virus fire flow deal account
    """.split()
)

# Nouns for organisations, so that "the independent union X" and "the
# feminist group Y" lead to their names.
ORGANISATION_NOUNS = frozenset(
    """
    union trade-union federation confederation association organisation organization group movement party
    network society committee council foundation fund centre center institute club circle guild
    newspaper paper outlet channel station broadcaster agency website magazine portal publisher
    ngo charity company firm church congregation community coalition alliance front bloc campaign
    """.split()
)

# Places that are searched: the search is of their owner ("the flat of X").
PREMISES_NOUNS = frozenset(
    """
    home house flat apartment office offices headquarters premises residence studio newsroom
    bureau room property dacha workshop shop building compound
    """.split()
)

# Whose appeal or case it is, when the doer acts for someone else:
# "an appeal lodged by X's family" is X's appeal.
REPRESENTATIVE_NOUNS = frozenset(
    """
    family relative relatives lawyer lawyers attorney attorneys defence defense counsel advocate
    mother father wife husband son daughter parent parents brother sister
    """.split()
)

COURT_NOUNS = frozenset({"court", "judge", "magistrate", "tribunal", "bench", "jury", "justice"})

# "the trial of", "the case against": nouns whose of/against phrase names the accused.
CASE_NOUNS = frozenset({"case", "proceedings", "prosecution", "lawsuit", "trial"})

# Decisions that a higher court upholds or overturns: the verb reports a
# decided appeal ("X's sentence was upheld", "overturned Y's conviction").
REVIEWED_DECISIONS = frozenset({"conviction", "sentence", "verdict", "acquittal", "ruling", "decision", "judgment", "judgement", "fine", "term"})
REVIEW_OUTCOME_VERBS: dict[str, str] = {
    "uphold": "rejected",
    "confirm": "rejected",
    "overturn": "granted",
    "quash": "granted",
    "annul": "granted",
    "reverse": "granted",
    "cancel": "granted",
    "cut": "partly",
    "reduce": "partly",
    "commute": "partly",
    "shorten": "partly",
}
# A sentence cut or reduced is an appeal decision only where an appeal is in view.
REVIEW_NEEDS_APPEAL = frozenset({"cut", "reduce", "commute", "shorten", "confirm", "cancel"})

# Nouns that hold a person: "in custody", "remains in detention".
CUSTODY_NOUNS = frozenset({"custody", "detention", "prison", "jail", "gaol", "captivity", "incommunicado", "confinement"})
# Verbs under which "in custody" says the subject is held.
CUSTODY_VERBS = frozenset({"remain", "be", "spend", "stay", "keep", "hold", "languish", "die", "sit", "put", "place", "remand", "walk"})
# Verbs under which "into custody" is an arrest.
CUSTODY_ENTRY_VERBS = frozenset({"take", "bring", "put", "place", "remand"})

# Statements of solidarity: nouns that carry one when qualified.
STATEMENT_NOUNS = frozenset({"statement", "declaration", "message", "letter", "address", "resolution", "appeal", "video", "post", "note"})
SOLIDARITY_WORDS = frozenset({"solidarity", "support"})
SOLIDARITY_VERBS = frozenset({"declare", "express", "voice", "show", "pledge", "extend", "offer", "send", "announce", "proclaim"})
SUPPORTING_PARTICIPLES = frozenset({"support", "back", "defend", "endorse"})

# Letters: nouns for a written demand, verbs that send one.
LETTER_NOUNS = frozenset({"letter", "petition", "complaint", "appeal", "open-letter"})
SENDING_VERBS = frozenset({"send", "write", "address", "deliver", "submit", "hand", "present", "file", "lodge", "sign", "publish", "receive", "pen", "forward"})

# Organisations that can be banned; "parliament was dissolved" is no ban.
NOT_BANNABLE = frozenset({"parliament", "assembly", "government", "cabinet", "legislature", "duma", "senate", "congress", "coalition", "meeting", "crowd", "protest", "rally", "demonstration", "gathering"})
DISSOLVE_VERBS = frozenset({"dissolve", "liquidate", "disband", "proscribe", "outlaw", "shut", "close"})

# Verbs that end a lasting action: "ended his hunger strike on 14 March" dates
# the end, not the start. ("call" only with "off".)
ENDING_VERBS = frozenset({"end", "stop", "finish", "abandon", "halt", "break", "suspend", "call", "conclude", "complete"})
LASTING_TYPES = frozenset({"hunger_strike", "strike", "detention"})

# Work stoppages said without the word "strike".
WORK_NOUNS = frozenset({"work", "tool", "tools", "production", "shift"})
STOPPING_VERBS = frozenset({"stop", "down", "halt", "lay", "put", "cease", "suspend", "walk"})

# Purposes that make "rallied to ...", "marched to ..." a protest.
PROTEST_PURPOSES = frozenset(
    {"demand", "protest", "denounce", "oppose", "call", "support", "show", "express", "condemn", "demonstrate", "voice",
     "defend", "mark", "commemorate", "honour", "honor", "press", "urge", "back", "reject", "decry", "remember", "mourn"}
)

# Verbs that make an earlier event noun's doer the one it happened to:
# "X was detained at a picket" took part in the picket.
PARTICIPATION_PREPOSITIONS = frozenset({"at", "during", "after", "following", "in", "for", "over", "from", "since", "among"})

# A noun after these prepositions is the circumstance of another event,
# not something demanded or feared: "urged in a letter", "arrested at a rally".
ADJUNCT_PREPOSITIONS = frozenset({"in", "at", "during", "after", "before", "since", "following", "with", "by", "from", "despite", "amid"})

# Speech verbs: "would" under them is the future seen from the past.
SPEECH_VERBS = frozenset({"say", "tell", "announce", "report", "state", "add", "confirm", "warn", "write", "declare", "insist", "promise", "claim"})

# Nouns whose that-clause a denial verb rejects: "dismissed reports that X was arrested".
REPORT_NOUNS = frozenset({"report", "claim", "allegation", "rumour", "rumor", "suggestion", "story", "account"})

# Governors that announce rather than wish: "is seeking to ban" is expected.
PLANNING_GOVERNORS = frozenset({"seek", "plan", "intend", "prepare", "aim", "move", "threaten"})

# Delays put a hearing in the future: "the hearing was postponed until 12 June".
POSTPONING_VERBS = frozenset({"postpone", "adjourn", "delay", "reschedule", "defer", "move"})

# Verbs that carry a written request: "asked X in a letter to".
ASKING_VERBS = frozenset({"ask", "urge", "call", "demand", "tell", "request", "appeal", "warn", "remind", "inform", "implore", "beg", "invite"})

# Whom letters and petitions are addressed to, besides people and bodies.
ADDRESSEE_NOUNS = frozenset(
    {"president", "minister", "ambassador", "embassy", "secretary", "commissioner", "rapporteur", "chief", "executive",
     "head", "leader", "governor", "mayor", "king", "parliament", "council", "delegation", "envoy", "prosecutor",
     "general", "chairman", "director", "ministry", "authorities", "administration", "speaker", "premier", "ombudsman"}
)

# Light verbs whose subject is the one an event noun happened to, per type:
# "X faces trial", "Y received a three-year sentence", "Z remains in custody".
PATIENT_LIGHT_VERBS: dict[str, frozenset[str]] = {
    "arrest": frozenset({"face", "resist", "avoid", "evade", "escape"}),
    "detention": frozenset({"spend", "remain", "stay", "languish", "die", "sit", "face", "serve", "complete", "finish", "end", "begin", "start"}),
    "charge": frozenset({"face", "deny", "plead", "reject", "contest", "dispute"}),
    "hearing": frozenset({"face", "stand", "go", "appear", "await", "undergo", "attend", "put", "bring"}),
    "sentence": frozenset({"receive", "get", "serve", "face", "complete", "finish", "begin", "start", "appeal", "challenge", "contest", "pay", "learn", "await"}),
    "acquittal": frozenset({"win", "secure", "obtain", "welcome"}),
    "release": frozenset({"win", "secure", "obtain", "await", "welcome", "celebrate"}),
}

# Verbs about an event that already happened: their tense is not the event's
# ("will appeal against the fine", "will challenge the ban").
PRESUPPOSING_VERBS = frozenset({"appeal", "challenge", "contest", "pay", "deny", "plead", "protest", "condemn", "denounce", "criticise", "criticize", "report", "overturn", "quash", "uphold"})

# Light verbs beyond SUPPORT_VERBS that give an event noun its subject:
# "will stand trial", "remains in detention", "did not appeal against the fine".
NOUN_SUPPORT_EXTRA = frozenset(
    {"stand", "face", "put", "remain", "spend", "appeal", "challenge", "contest", "pay", "deny", "plead", "learn",
     "await", "undergo", "publish", "issue", "release", "adopt", "express", "voice", "deliver", "address", "pen",
     "stay", "languish", "die", "sit", "observe", "keep"}
)

# Verbs of force whose object is who it was done to.
COERCIVE_VERBS = frozenset({"beat", "disperse", "detain", "arrest", "hold", "remove", "drag", "kick", "attack", "injure", "kill", "shoot", "wound", "tear-gas", "fine", "sentence", "jail"})

# Words that make a "strike" an attack: "the air force carried out strikes
# against militant targets".
MILITARY_WORDS = frozenset({"air", "force", "army", "military", "navy", "jet", "drone", "aircraft", "warplane", "troops", "coalition", "target", "position", "missile", "artillery", "militant", "base"})

# Units of time: "held for nine hours" gives a term, not a charge.
DURATION_WORDS = frozenset({"second", "minute", "hour", "day", "night", "week", "fortnight", "month", "year", "decade", "while", "time"})

# Rallies and "protests" of electoral politics: "an election rally", "a
# campaign rally", "an electoral protest" (a legal challenge to a result).
CAMPAIGN_WORDS = frozenset({"election", "electoral", "campaign", "pre-election", "re-election", "victory", "pep", "presidential", "primary"})

# Money, so that "fined X 30,000 roubles" does not fine the roubles.
CURRENCY_WORDS = frozenset(
    """rouble ruble tenge som manat lari euro dollar pound lira rial hryvnia yuan rupee dinar soum dram leu lei
    zloty dong kyat baht ringgit peso real shekel dirham riyal franc krona krone forint kuna""".split()
)

# Who acts for the state: never a protest's participant or a strike's striker.
AUTHORITY_NOUNS = frozenset(
    {"police", "officer", "policeman", "policemen", "force", "troops", "soldier", "army", "authority", "security",
     "guard", "riot", "government", "court", "judge", "ministry", "prosecutor", "investigator", "agent", "militia",
     "gendarme", "gendarmerie", "regime", "official", "administration", "omon", "fsb", "kgb"}
)


def known_words() -> frozenset[str]:
    """Every word the rules above ask about, for lemma repair in ``syntax.lemma``."""
    words: set[str] = set()
    for value in globals().values():
        if isinstance(value, (frozenset, set)):
            words |= {w for w in value if isinstance(w, str)}
        elif isinstance(value, dict):
            words |= {w for w in value if isinstance(w, str)}
    return frozenset(words | EXTRA_KNOWN)


# Words the rules compare lemmas against outside the tables above.
EXTRA_KNOWN = frozenset(
    {"stage", "hold", "keep", "appear", "bring", "haul", "take", "stand", "try", "retry", "find", "clear", "exonerate",
     "absolve", "walk", "go", "set", "strike", "write", "refuse", "eat", "guilty", "innocent", "free", "case",
     "food", "meal", "begin", "open", "resume", "part", "role", "court", "hunger", "sentence", "term", "appeal",
     "appellate", "cassation", "prison", "jail", "custodial", "penal", "lead", "head", "include", "fail", "succeed",
     "reject", "decline", "drink", "nourishment", "water", "liquid", "round", "pick", "lock", "suspend", "halt",
     "stop", "cease", "publication", "broadcast", "broadcasting", "activity", "operation", "accuse"}
)
