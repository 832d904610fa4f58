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
