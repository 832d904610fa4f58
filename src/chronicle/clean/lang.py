"""Stopword lists, stopword density and a small language guess.

Function words are the cheapest signal that a line is running prose rather
than a menu item or a headline (jusText's main feature), and counting them per
language also identifies the language well enough for the languages our
sources come in. The lists are short on purpose: only very frequent function
words, so that density is comparable across languages.
"""
from __future__ import annotations

import re
from functools import lru_cache

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        """a about after against all also am an and any are as at be been before being
        between both but by can could did do does doing down during each few for from
        further had has have having he her here hers him his how i if in into is it its
        itself just me more most my no nor not now of off on once only or other our ours
        out over own same she should so some such than that the their theirs them then
        there these they this those through to too under until up very was we were what
        when where which while who whom why will with would you your yours it's don't
        i'm he's she's that's there's they're we're can't won't didn't isn't wasn't""".split()
    ),
    "de": frozenset(
        """aber alle als also am an auch auf aus bei bin bis bist da damit dann das dass
        dem den der des die dies diese dieser doch dort du durch ein eine einem einen
        einer eines er es für hat hatte ich ihr im in ist ja jetzt kann kein keine mit
        nach nicht noch nur oder schon sehr sein seine sich sie sind so über um und uns
        unter vom von vor war waren was weil wenn wer wie wir wird wurde zu zum zur""".split()
    ),
    "fr": frozenset(
        """à au aux avec ce ces cette dans de des du elle en est et être eux il ils je la
        le les leur lui mais me même mes moi mon ne nos notre nous on ont ou où par pas
        pour qu que qui sa se ses son sont sur ta te tes toi ton tu un une vos votre vous
        été était sont aussi plus comme fait""".split()
    ),
    "es": frozenset(
        """a al algo como con contra cual cuando de del desde donde el ella ellos en entre
        era es esta este esto estos fue ha hay la las le les lo los más me mi muy no nos
        o para pero por que qué se ser si sin sobre su sus también tiene un una uno y ya
        fueron están""".split()
    ),
    "it": frozenset(
        """a ad al alla alle anche che chi ci come con da dal dalla dei del della delle di
        e è gli ha hanno i il in io la le lo ma mi ne nel nella non o per più quando
        questo questa se si sono su sua suo tra un una uno è stato stata essere""".split()
    ),
    "pt": frozenset(
        """a ao aos as até com como da das de do dos e é ela ele eles em entre era essa
        esse está foi há isso já mais mas me muito na nas não no nos o os ou para pela
        pelo por que se sem ser seu sua são também um uma""".split()
    ),
    "nl": frozenset(
        """aan al als bij dan dat de deze die dit door een en er geen had heb heeft het
        hij hoe hun ik in is je kan maar me met mijn naar niet nog nu of om ook op over
        te tot uit van voor was wat we werd wie wij worden zal ze zich zij zijn""".split()
    ),
    "id": frozenset(
        """ada adalah akan aku anda bagi bahwa banyak bisa dalam dan dari dengan di dia
        hanya harus ini itu jadi juga kami kalau karena ke kita lagi lebih mereka oleh
        pada para saat saja sangat saya sebagai sedang sudah tidak untuk yang""".split()
    ),
    "ru": frozenset(
        """а без бы был была были было в вам вас весь во вот все всё вы где да даже для
        до его ее её если есть еще ещё же за и из или им их к как когда кто ли мы на над
        не него нет ни но о об однако он она они оно от по под при с со так также там
        то только у уже что чтобы это эти этот я""".split()
    ),
}

_ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


_CJK_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def words(text: str) -> list[str]:
    """Lower-cased alphabetic words (apostrophe contractions kept whole)."""
    return [w.lower().replace("’", "'") for w in _WORD_RE.findall(text)]


def word_count(text: str) -> int:
    """Words in ``text``; Chinese and Japanese, written without spaces,
    count one word per two characters (a typical word length)."""
    n = len(_WORD_RE.findall(text))
    cjk = len(_CJK_RE.findall(text))
    return max(n, cjk // 2) if cjk else n


# In running text of any language with a list, well over a tenth of the words
# are stopwords from that list.
MIN_STOPWORD_SHARE = 0.08


def guess_language(text: str, min_hits: int = 5) -> str | None:
    """ISO 639-1 code of the language whose stopwords are most frequent, or None.

    Needs ``min_hits`` stopword hits and a clear winner so that a menu of
    proper nouns does not get a language by accident.
    """
    counts = {lang: 0 for lang in STOPWORDS}
    for w in words(text):
        for lang, stop in STOPWORDS.items():
            if w in stop:
                counts[lang] += 1
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    best, hits = ranked[0]
    if hits < min_hits or hits < 1.3 * ranked[1][1]:
        return None
    # A few English words in a Japanese page do not make it English.
    if hits < MIN_STOPWORD_SHARE * word_count(text):
        return None
    return best


@lru_cache(maxsize=16)
def stopwords_for(language: str | None) -> frozenset[str]:
    """The stopword list for ``language``; the union of all lists when unknown."""
    if language and language in STOPWORDS:
        return STOPWORDS[language]
    return _ALL_STOPWORDS


def stopword_density(tokens: list[str], language: str | None) -> float:
    """Share of ``tokens`` (from :func:`words`) that are stopwords of ``language``."""
    if not tokens:
        return 0.0
    stop = stopwords_for(language)
    return sum(1 for t in tokens if t in stop) / len(tokens)
