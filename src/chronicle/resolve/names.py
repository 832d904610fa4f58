"""Names: normalisation, transliteration, blocking keys and pairwise comparison.

Reports about the post-Soviet region spell one person many ways: the same
Cyrillic name reaches English text through several transliteration schemes
("Yesenbek" / "Esenbek" / "Jesenbek"), reporters shorten given names ("Esen",
"Sasha"), and typos double or drop letters ("Essen"). At the same time,
relatives share a surname ("Marat Ospanov", "Dana Ospanova") and must never be
confused. Everything here is a pure function of its arguments; the only state
is ``lru_cache`` over those pure functions and over the static tables below.

The central idea is the *skeleton*: a lossy spelling of a Latin token in which
the choices transliteration schemes disagree on are folded away (Ye/E/Je/Ie,
Kh/H, Zh/J, Yu/Iu/Ju, -ov/-ev, -iy/-y/-ii, double letters). Two tokens are
spelling variants when their skeleton sets intersect; everything stronger
(hypocoristics, typos, initials) is decided token by token on top of that.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from anyascii import anyascii
from rapidfuzz.distance import OSA

from chronicle.records import EntityKind

Relation = Literal["exact", "variant", "short_form", "acronym", "different", "unsure"]

__all__ = [
    "NameMatch",
    "Relation",
    "normalise_name",
    "transliterations",
    "skeleton",
    "name_keys",
    "compare_names",
    "is_single_token",
    "STRONG_KEY_PREFIXES",
]

# ------------------------------------------------------------ normalisation

_APOSTROPHES = "'’‘ʼʹʺ`´′″ˈ＇"
_HYPHENS = "-‐‑‒–—―−﹘﹣－"
_POSSESSIVE = re.compile(r"(?<=\w)['’ʼ]s(?!\w)")

# Person titles and honorifics, casefolded, dots removed, longest first so
# that "secretary general" wins over "secretary". They are stripped only for
# people: "General Motors" or "Saint Petersburg" keep their first word.
_TITLES: tuple[tuple[str, ...], ...] = tuple(
    sorted(
        {
            tuple(t.split())
            for t in (
                "mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "professor",
                "sir", "dame", "lord", "lady", "rev", "reverend", "fr", "father",
                "hon", "honourable", "honorable", "comrade", "citizen", "president",
                "vice president", "prime minister", "minister", "deputy",
                "secretary general", "general secretary", "secretary", "general", "gen",
                "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt",
                "sergeant", "sgt", "judge", "justice", "chairman", "chairwoman",
                "chairperson", "chair", "ambassador", "senator", "sen", "rep",
                "representative", "governor", "gov", "mayor", "akim", "mep", "mp",
                "msp", "mla", "his excellency", "her excellency", "activist",
                "journalist", "lawyer", "г н", "г жа", "господин", "госпожа",
                "товарищ", "гражданин", "гражданка", "президент", "депутат", "судья",
            )
        },
        key=lambda t: (-len(t), t),
    )
)
_SUFFIX_TITLES = frozenset("jr sr mep mp msp phd esq qc kc ii iii".split())
_ORG_LEADING = frozenset({"the"})


def _unify(text: str) -> str:
    """NFKC, casefold and one spelling of apostrophes and hyphens.

    Casefolding can produce sequences that NFKC recomposes (and vice versa),
    so both are applied on each side.
    """
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKC", text.casefold())
    for ch in _APOSTROPHES:
        text = text.replace(ch, "'")
    for ch in _HYPHENS:
        text = text.replace(ch, "-")
    return text


def _raw_tokens(name: str) -> list[tuple[str, bool]]:
    """Split a name into casefolded word tokens, marking dotted initials.

    Returns ``(token, dotted)`` pairs: ``dotted`` is true when the token was
    followed by a full stop in the original ("A." or "Ye."), which is what
    tells an initial apart from a short name.
    """
    text = _unify(name)
    text = _POSSESSIVE.sub("", text)
    text = text.replace("'", "")
    out: list[tuple[str, bool]] = []
    for match in re.finditer(r"[^\W_]+(?:\.)?", text.replace("-", " ")):
        word = match.group(0)
        dotted = word.endswith(".")
        word = word.rstrip(".")
        if word:
            out.append((word, dotted))
    return out


def _title_span(tokens: list[str]) -> tuple[int, int]:
    """Bounds of a name once leading titles and trailing post-nominals are off.

    Never strips the whole name: a bare "President" stays "president".
    """
    start, end = 0, len(tokens)
    changed = True
    while changed and end - start > 1:
        changed = False
        for title in _TITLES:
            n = len(title)
            if end - start > n and tuple(tokens[start : start + n]) == title:
                start += n
                changed = True
                break
    while end - start > 1 and tokens[end - 1] in _SUFFIX_TITLES:
        end -= 1
    return start, end


def _clean_tokens(name: str, kind: EntityKind | None) -> list[tuple[str, bool]]:
    pairs = _raw_tokens(name)
    words = [w for w, _ in pairs]
    if kind in (None, "person"):
        start, end = _title_span(words)
    elif len(words) > 1 and words[0] in _ORG_LEADING:
        start, end = 1, len(words)
    else:
        start, end = 0, len(words)
    return pairs[start:end]


@lru_cache(maxsize=131072)
def normalise_name(name: str, kind: EntityKind | None = None) -> str:
    """Return the comparable spelling of a name.

    NFKC and casefolding, one apostrophe and hyphen, no possessive "'s", no
    punctuation, and no titles ("Mr.", "Dr", "MEP", "Secretary General") for
    people (``kind`` None is treated as a person: titles are what a bare
    mention most often carries). Organisations and places only lose a
    leading "the". Idempotent: the result normalises to itself.
    """
    current = name
    for _ in range(4):
        nxt = " ".join(w for w, _ in _clean_tokens(current, kind))
        if nxt == current:
            break
        current = nxt
    return current


# ---------------------------------------------------------- transliteration

_CYRILLIC = re.compile(r"[\u0400-\u052f]")
_VOWELS_CYR = set("аеёиоуыэюяєіїәөұүі")
_SOFTENING = set("ъьʹʺ'")

# Base letters common to the Russian-based schemes; per-scheme overrides follow.
_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh
    "ә": "a", "ғ": "gh", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
    # Ukrainian and Belarusian
    "є": "ye", "ї": "yi", "ґ": "g", "ў": "w",
}

# Each scheme: (letter overrides, iotated vowels written with a leading
# y/i/j at the start of a word or after a vowel, same after a consonant,
# ending substitutions applied per word).
_SCHEMES: dict[str, tuple[dict[str, str], dict[str, str], dict[str, str], tuple[tuple[str, str], ...]]] = {
    # BGN/PCGN: "Yesenbek", "Yuriy", "Khodorkovskiy"
    "bgn_pcgn": (
        {"ё": "ë", "ы": "y"},
        {"е": "ye", "ё": "yë", "ю": "yu", "я": "ya", "є": "ye"},
        {"е": "e", "ё": "ë", "ю": "yu", "я": "ya", "є": "ie"},
        (),
    ),
    # Russian passports since 2013 (ICAO Doc 9303): "Iurii", "Tatiana"
    "icao": (
        {"й": "i", "ъ": "ie", "ю": "iu", "я": "ia", "ё": "e", "ғ": "g", "ң": "n"},
        {"е": "e", "ё": "e", "ю": "iu", "я": "ia", "є": "ie"},
        {"е": "e", "ё": "e", "ю": "iu", "я": "ia", "є": "ie"},
        (),
    ),
    # Common English press style: "Yesenbek", "Dmitry", "Fyodor"
    "english": (
        {"ғ": "g", "ң": "n"},
        {"е": "ye", "ё": "yo", "ю": "yu", "я": "ya", "є": "ye"},
        {"е": "e", "ё": "yo", "ю": "yu", "я": "ya", "є": "ye"},
        (("iy", "y"), ("yy", "y")),
    ),
    # ISO 9 / scientific, with its diacritics spelled as ASCII digraphs:
    # "Jurij", "Hodorkovskij", "Coj"
    "iso9": (
        {"й": "j", "х": "h", "ц": "c", "ю": "ju", "я": "ja", "ё": "jo", "є": "je",
         "ї": "ji", "ғ": "g", "ң": "n", "ы": "y", "ў": "u"},
        {"е": "e", "ё": "jo", "ю": "ju", "я": "ja", "є": "je"},
        {"е": "e", "ё": "jo", "ю": "ju", "я": "ja", "є": "je"},
        (),
    ),
}
# Ukrainian (national 2010 table) and Belarusian readings differ from Russian
# in г, и, е; they are only generated when the name has their letters.
_UKRAINIAN = ({"г": "h", "и": "y", "й": "y", "ї": "yi", "є": "ie", "ґ": "g"},
              {"є": "ye", "ю": "yu", "я": "ya", "ї": "yi"},
              {"є": "ie", "ю": "iu", "я": "ia", "ї": "i"}, ())
_BELARUSIAN = ({"г": "h", "ў": "u", "й": "i"},
               {"е": "ie", "ё": "io", "ю": "iu", "я": "ia"},
               {"е": "ie", "ё": "io", "ю": "iu", "я": "ia"}, ())


def _translit_word(word: str, scheme: tuple) -> str:
    """Transliterate one lower-case Cyrillic word under one scheme."""
    letters, initial, medial, endings = scheme
    out: list[str] = []
    prev = ""
    for ch in word:
        if ch in initial and (not prev or prev in _VOWELS_CYR or prev in _SOFTENING):
            out.append(initial[ch])
        elif ch in medial:
            out.append(medial[ch])
        elif ch in letters:
            out.append(letters[ch])
        elif ch in _BASE:
            out.append(_BASE[ch])
        elif ch in _SOFTENING:
            out.append("")
        else:
            out.append(ch)
        prev = ch
    result = "".join(out)
    for old, new in endings:
        if result.endswith(old):
            result = result[: -len(old)] + new
    return _to_ascii(result)


_DIGRAPH_ASCII = {
    "š": "sh", "ž": "zh", "č": "ch", "ŝ": "shch", "ş": "sh", "ç": "ch",
    "ë": "e", "è": "e", "ğ": "g", "ı": "i", "ñ": "n", "û": "ju", "â": "ja",
    "ä": "a", "ö": "o", "ü": "u", "ū": "u", "ŭ": "u", "ǵ": "g", "ķ": "k",
    "ł": "l", "ß": "ss",
}


def _to_ascii(text: str) -> str:
    """ASCII with the hacek letters spelled as digraphs, not stripped.

    ``anyascii`` would turn "Uktešbaev" into "Uktesbaev", losing the sh that
    every other scheme writes; the table keeps them comparable.
    """
    out = []
    for ch in text:
        low = ch.lower()
        rep = _DIGRAPH_ASCII.get(low)
        if rep is None:
            out.append(ch)
        else:
            out.append(rep.capitalize() if ch != low else rep)
    result = anyascii("".join(out))
    return result.replace("'", "")


def _recase(original: str, latin: str) -> str:
    """Give each transliterated word the capitalisation of its source word."""
    src_words = re.findall(r"[^\W_]+", original)
    out_words = re.findall(r"[^\W_]+|[\W_]+", latin)
    result = []
    idx = 0
    for piece in out_words:
        if re.match(r"[^\W_]", piece):
            src = src_words[idx] if idx < len(src_words) else ""
            idx += 1
            if src.isupper() and len(src) > 1:
                result.append(piece.upper())
            elif src[:1].isupper():
                result.append(piece[:1].upper() + piece[1:])
            else:
                result.append(piece)
        else:
            result.append(piece)
    return "".join(result)


def _schemes_for(text: str) -> list[tuple]:
    lowered = text.lower()
    schemes = list(_SCHEMES.values())
    has_kazakh = any(ch in lowered for ch in "әғқңөұүһ")
    # Many Ukrainian names have no letter Russian lacks (Гнатюк, Олександр),
    # so the Ukrainian reading (г as h, и as y) is always offered unless the
    # name is plainly Kazakh.
    if not has_kazakh:
        schemes.append(_UKRAINIAN)
    if "ў" in lowered or ("і" in lowered and not has_kazakh and "и" not in lowered):
        schemes.append(_BELARUSIAN)
    return schemes


@lru_cache(maxsize=65536)
def _transliterations(name: str) -> frozenset[str]:
    text = unicodedata.normalize("NFKC", name)
    if not _CYRILLIC.search(text):
        return frozenset({_to_ascii(text)})
    forms = set()
    for scheme in _schemes_for(text):
        latin = re.sub(
            r"[^\W\d_]+",
            lambda m: _translit_word(m.group(0).lower(), scheme),
            text,
        )
        forms.add(_to_ascii(_recase(text, latin)))
    forms.add(_to_ascii(anyascii(text)))
    return frozenset(f for f in forms if f.strip())


def transliterations(name: str) -> set[str]:
    """Latin (ASCII) spellings of a name.

    A Cyrillic name (Russian, Kazakh, Ukrainian or Belarusian letters) comes
    back under BGN/PCGN, the ICAO passport table, the common English press
    style and ISO 9 written in ASCII digraphs, plus Ukrainian/Belarusian
    readings when its letters call for them. A Latin name comes back as its
    ASCII spelling only: the skeleton (:func:`skeleton`) is what reconciles
    Latin variants with each other.
    """
    return set(_transliterations(name))


# ----------------------------------------------------------------- skeleton

_SKELETON_STEPS: tuple[tuple[str, str], ...] = (
    ("shch", "Q"), ("shtch", "Q"), ("szcz", "Q"), ("sch", "W"),
    ("dzh", "J"), ("dj", "J"), ("zh", "J"),
    ("tsch", "C"), ("tch", "C"), ("ch", "C"), ("cz", "C"),
    ("sh", "W"), ("sz", "W"),
    ("kh", "H"), ("gh", "g"), ("h", "H"),
    ("ts", "Z"), ("tz", "Z"),
    ("x", "ks"), ("ph", "f"), ("th", "t"), ("w", "v"), ("q", "k"), ("ck", "k"),
)
_RE_C_SOFT = re.compile(r"c(?=[eiy])")
_RE_DOUBLE = re.compile(r"(.)\1+")


def _collapse(s: str) -> str:
    return _RE_DOUBLE.sub(r"\1", s)


def _fold_vowels(s: str) -> str:
    """Fold the iotation choices: Ye/E/Je/Ie, Yo/Io/E, Yu/Iu/U after consonants."""
    s = _collapse(s)
    if s.startswith("ie") and len(s) > 2:
        s = "e" + s[2:]
    s = re.sub(r"(?<=[aeiou])ie", "e", s)
    s = re.sub(r"(?<=[^aeiou\W\d])io(?=[^aeiou\W\d])", "e", s)
    s = re.sub(r"(?<=[^aeiou\W\d])iu", "u", s)
    s = _collapse(s)
    # -ov/-ev and their feminine, patronymic forms: "Gorbachev" / "Gorbachov".
    for old, new in (("evich", "ovich"), ("evna", "ovna"), ("eva", "ova"), ("ev", "ov")):
        if s.endswith(old) and len(s) > len(old) + 2:
            s = s[: -len(old)] + new
            break
    return s


@lru_cache(maxsize=65536)
def _token_skeletons(token: str) -> frozenset[str]:
    """All skeletons of one Latin token (lower-case ASCII expected).

    An initial or post-consonant "j" is read both as the Zh of Kazakh Latin
    ("Janibek" = "Zhanibek") and as the y of ISO 9 ("Jurij" = "Yuriy"), so
    such tokens have two skeletons; everything else has one.
    """
    s = _to_ascii(token).lower()
    s = re.sub(r"[^a-z0-9]", "", s)
    if not s:
        return frozenset()
    for old, new in _SKELETON_STEPS:
        s = s.replace(old, new)
    s = _RE_C_SOFT.sub("s", s)
    s = s.replace("c", "k")
    readings = {s}
    if re.search(r"(?:^|(?<=[^aeiouy]))j", s):
        readings.add(re.sub(r"(?:^|(?<=[^aeiouy]))j", "J", s))
    out = set()
    for r in readings:
        r = r.replace("j", "i").replace("y", "i")
        out.add(_fold_vowels(r))
    return frozenset(x for x in out if x)


def _token_forms(token: str) -> tuple[str, ...]:
    """Latin spellings of one token (several for Cyrillic)."""
    return tuple(sorted(t.lower() for t in _transliterations(token)))


@lru_cache(maxsize=65536)
def _skeletons_of(token: str) -> frozenset[str]:
    out: set[str] = set()
    for form in _token_forms(token):
        for part in form.split():
            out |= _token_skeletons(part)
    return frozenset(out)


def skeleton(name: str) -> str:
    """One canonical folded spelling of a whole name, for display and keys.

    Tokens are transliterated (first scheme in sorted order for Cyrillic),
    folded and joined by spaces; "Yesenbek Ukteshbaev", "Esenbek
    Ukteshbayev" and "Есенбек Уктешбаев" share one skeleton.
    """
    parts = []
    for token in normalise_name(name, "organisation").split():
        # Prefer the y-reading of "j" for display; both readings still match.
        skels = sorted(_skeletons_of(token), key=lambda sk: (sk.count("J"), sk))
        if skels:
            parts.append(skels[0])
    return " ".join(parts)


# --------------------------------------------------------- given-name tables

# Each family: full forms (cognates across Russian, Ukrainian, Belarusian,
# Kazakh and English spellings of one name) and hypocoristic short forms.
# Spellings are folded by the skeleton, so one Latin spelling of each is
# enough. Deliberately modest: a short form missing here only costs recall.
_FAMILIES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("aleksandr", "alexander", "oleksandr", "aliaksandr", "alyaksandr"),
     ("sasha", "shura", "sanya", "alex", "sashko", "ales", "sandy")),
    (("aleksandra", "alexandra", "oleksandra", "aliaksandra"), ("sasha", "shura", "sanya", "alex")),
    (("aleksei", "alexei", "alexey", "oleksiy", "aliaksei", "alexis"), ("alyosha", "lyosha", "alex", "lesha")),
    (("anatoly", "anatoliy", "anatol"), ("tolya", "tolik")),
    (("andrei", "andrey", "andriy", "andrew", "andrzej"), ("andryusha", "andy", "andriyko")),
    (("anna", "hanna", "ganna", "ann", "anne"), ("anya", "anyuta", "annie")),
    (("anastasia", "anastasiya", "nastassia"), ("nastya", "asya", "stacy")),
    (("boris", "barys"), ("borya",)),
    (("bogdan", "bohdan"), ("bodya",)),
    (("vladimir", "volodymyr", "uladzimir", "wladimir"), ("volodya", "vova", "vlad", "valodzia")),
    (("vladislav", "uladzislau"), ("vlad", "slava", "vladik")),
    (("vyacheslav", "viacheslav"), ("slava",)),
    (("valentina", "valiantsina"), ("valya",)),
    (("valery", "valeriy", "valeri"), ("valera",)),
    (("vasily", "vasyl", "vasil"), ("vasya",)),
    (("viktor", "victor", "viktar"), ("vitya",)),
    (("gennady", "gennadiy", "hennadiy"), ("gena",)),
    (("grigory", "hryhoriy", "ryhor"), ("grisha",)),
    (("daria", "darya"), ("dasha",)),
    (("dmitry", "dmytro", "dzmitry", "dmitri"), ("dima", "mitya")),
    (("evgeny", "yevgeny", "yevhen", "yauhen", "eugene"), ("zhenya", "zhenia")),
    (("evgenia", "yevgenia", "yevheniya"), ("zhenya", "zhenia")),
    (("ekaterina", "yekaterina", "kateryna", "katsiaryna", "catherine", "katherine"), ("katya", "katia", "kate")),
    (("elena", "yelena", "olena", "alena", "helen", "helena"), ("lena", "lenochka")),
    (("ivan", "ivan"), ("vanya",)),
    (("irina", "iryna"), ("ira",)),
    (("konstantin", "kostiantyn", "kanstantsin"), ("kostya", "kostia")),
    (("ksenia", "kseniya"), ("ksyusha",)),
    (("lyudmila", "liudmyla"), ("lyuda", "mila")),
    (("lyubov", "liubov"), ("lyuba",)),
    (("maria", "mariya", "mariia", "mary", "marie"), ("masha", "marusya")),
    (("maksim", "maxim", "maksym", "maksimilian"), ("max",)),
    (("mikhail", "mykhailo", "mikhas", "michael"), ("misha", "mike")),
    (("nadezhda", "nadiya"), ("nadya",)),
    (("natalia", "natalya", "nataliya", "natallia"), ("natasha",)),
    (("nikolai", "nikolay", "mykola", "mikalai", "nicholas"), ("kolya", "nick", "nik")),
    (("olga", "olha", "volha"), ("olya",)),
    (("pavel", "pavlo", "paval", "paul"), ("pasha",)),
    (("pyotr", "petr", "petro", "piotr", "peter"), ("petya", "pete")),
    (("sergei", "sergey", "serhiy", "siarhei"), ("seryozha", "serezha", "serge")),
    (("stanislav", "stanislau"), ("stas", "stasik")),
    (("svetlana", "sviatlana"), ("sveta",)),
    (("tatiana", "tatyana", "tetiana", "tatsiana"), ("tanya", "tania")),
    (("fyodor", "fedir"), ("fedya",)),
    (("yuri", "yuriy", "yury", "iury"), ("yura",)),
    (("yakov", "yakiv", "jacob"), ("yasha",)),
    (("leonid", "leanid"), ("lyonya", "lenya")),
    (("roman", "raman"), ("roma",)),
    (("semyon", "semen"), ("syoma",)),
    (("vadim", "vadym"), ("vadik",)),
    (("zinaida",), ("zina",)),
    (("galina", "halyna"), ("galya",)),
    (("nursultan",), ("nursik",)),
    (("william",), ("bill", "will", "billy", "liam")),
    (("robert",), ("bob", "rob", "bobby", "robbie")),
    (("richard",), ("dick", "rick", "richie")),
    (("james",), ("jim", "jimmy", "jamie")),
    (("joseph", "iosif", "yosyp"), ("joe", "joey", "josef")),
    (("thomas",), ("tom", "tommy")),
    (("elizabeth", "elisabeth"), ("liz", "beth", "betty", "lizzie")),
    (("margaret",), ("maggie", "meg", "peggy")),
    (("edward",), ("ed", "ted", "ned", "eddie")),
    (("anthony", "antony"), ("tony",)),
    (("daniel", "danylo", "danila"), ("dan", "danny")),
    (("christopher",), ("chris",)),
    (("stephen", "steven", "stepan"), ("steve",)),
    (("matthew",), ("matt",)),
    (("samuel",), ("sam",)),
    (("benjamin",), ("ben",)),
    (("jonathan",), ("jon",)),
    (("patrick",), ("pat", "paddy")),
    (("susan",), ("sue", "susie")),
)

# Turkic name elements a Kazakh or Kyrgyz given name is shortened by
# dropping ("Yesenbek" -> "Esen", "Nurzhan" -> "Nur").
_TURKIC_ELEMENTS = ("bek", "bai", "bay", "zhan", "jan", "khan", "han", "gul", "bol",
                    "beg", "tai", "tay", "sultan", "ali", "bolat", "kul", "gali", "tore")

# Common given names that are not in the families: used only to recognise
# surname-first order ("Kurmanov Ainur") and single-token roles.
_GIVEN_NAMES = (
    "ainur aigul aizhan aliya almas arman askar asel asem assel aidos aibek "
    "bakhyt bolat botagoz dana daniyar daulet dauren dinara erlan ermek "
    "gaukhar gulmira gulnara kairat kanat kasym madina marat murat nurlan "
    "nurzhan rakhat ruslan saule serik talgat timur yerlan yesenbek zhanna "
    "zhanibek bakyt kurmanbek almazbek azamat ulan oleg igor artem kirill "
    "nikita denis ilya yaroslav taras oksana marina vadim ruslana vera "
    "nina inna alla zoya joe john mark marc peter paul david aigerim akmaral "
    "amangeldy baurzhan berik dariga galym gulzhan kuanysh maksat meruert "
    "nazira nurbek rustam saltanat yerzhan zhandos zhanar zhasulan azat "
    "chingiz edil ilyas islam kamila lyazzat mukhtar samal shynar"
).split()


@lru_cache(maxsize=1)
def _family_index() -> tuple[dict[str, frozenset[int]], dict[str, frozenset[int]]]:
    """Skeleton -> family ids, for full forms and for short forms."""
    full: dict[str, set[int]] = {}
    short: dict[str, set[int]] = {}
    for idx, (fulls, shorts) in enumerate(_FAMILIES):
        for form in fulls:
            for sk in _token_skeletons(form):
                full.setdefault(sk, set()).add(idx)
        for form in shorts:
            for sk in _token_skeletons(form):
                short.setdefault(sk, set()).add(idx)
    return ({k: frozenset(v) for k, v in full.items()},
            {k: frozenset(v) for k, v in short.items()})


@lru_cache(maxsize=1)
def _known_given() -> frozenset[str]:
    out: set[str] = set()
    for fulls, shorts in _FAMILIES:
        for form in fulls + shorts:
            out |= _token_skeletons(form)
    for form in _GIVEN_NAMES:
        out |= _token_skeletons(form)
    return frozenset(out)


@lru_cache(maxsize=1)
def _turkic_skeletons() -> frozenset[str]:
    out: set[str] = set()
    for element in _TURKIC_ELEMENTS:
        out |= _token_skeletons(element)
    return frozenset(out)


def _families(skels: frozenset[str]) -> tuple[frozenset[int], frozenset[int]]:
    full, short = _family_index()
    f: set[int] = set()
    s: set[int] = set()
    for sk in skels:
        f |= full.get(sk, frozenset())
        s |= short.get(sk, frozenset())
    return frozenset(f), frozenset(s)


# ----------------------------------------------------------- person parsing

_PARTICLES = frozenset("de da di du del della der den van von la le ter ten bin ibn al el".split())
_PATRONYMIC = re.compile(r"(ovich|evich|ich|ovna|evna|ichna|uly|kyzy|qyzy|ogly|oglu|kizi)$")
_SURNAME_SUFFIX = re.compile(
    r"(ov|ova|ev|eva|yev|yeva|in|ina|yn|yna|enko|sky|skiy|skii|ski|skaya|skaia|ska|"
    r"tsky|tskaya|uk|yuk|chuk|ko|shvili|dze|yan|ian|bayev|baev|uly|kyzy|vich)$"
)
_STRONG_SURNAME_SUFFIX = re.compile(r"(ov|ova|ev|eva|enko|uly|kyzy|baev|bayev|sky|skiy|skaya)$")
_FEMININE = (("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("yna", "yn"),
             ("skaia", "ski"), ("skaya", "sky"), ("tskaya", "tsky"), ("kyzy", "uly"))


@dataclass(frozen=True)
class _Token:
    text: str                 # normalised Latin spelling (first form)
    skels: frozenset[str]     # all skeletons over all transliterations
    initial: bool             # "A." / "Ye."
    cyrillic: bool


@dataclass(frozen=True)
class _Person:
    tokens: tuple[_Token, ...]
    given: _Token | None
    middles: tuple[_Token, ...]
    surname: _Token | None

    @property
    def single(self) -> bool:
        return len(self.tokens) == 1


_DIGRAPH_INITIALS = frozenset({"ye", "yu", "ya", "yo", "zh", "kh", "ch", "sh", "ts", "ju", "ja", "je",
                               "iu", "ia", "ie", "io"})


def _make_token(word: str, dotted: bool) -> _Token:
    cyr = bool(_CYRILLIC.search(word))
    forms = _token_forms(word)
    text = forms[0] if forms else word
    latin = _to_ascii(word).lower() if not cyr else text
    initial = len(latin) == 1 or (dotted and latin in _DIGRAPH_INITIALS)
    return _Token(text=text, skels=_skeletons_of(word), initial=initial, cyrillic=cyr)


def _surname_like(tok: _Token) -> bool:
    """A Slavic, Caucasian or Turkic surname ending on a token that is no known given name."""
    return (len(tok.text) > 4 and bool(_SURNAME_SUFFIX.search(tok.text))
            and not _known_given_name(tok))


def _strong_surname_like(tok: _Token) -> bool:
    return bool(_STRONG_SURNAME_SUFFIX.search(tok.text)) and len(tok.text) > 4


def _known_given_name(tok: _Token) -> bool:
    return bool(tok.skels & _known_given())


@lru_cache(maxsize=65536)
def _parse_person(name: str) -> _Person:
    """Split a person's name into given name, middle names and surname.

    Order is given-first unless the name shows surname-first order: a token in
    capitals among capitalised ones ("KURMANOV Ainur"), or a first token with a
    Slavic/Turkic surname ending followed by a known given name or, in
    Cyrillic text, by a token that does not look like a surname.
    """
    raw = _clean_tokens(name, "person")
    original_words = re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name))
    tokens = [_make_token(w, d) for w, d in raw]
    tokens = [t for t in tokens if t.skels or t.initial]
    if not tokens:
        return _Person((), None, (), None)
    if len(tokens) == 1:
        return _Person(tuple(tokens), None, (), None)
    # Particles ("de", "van") belong to the surname; only the first and last
    # tokens are kept whatever they are ("Ben Smith", "Maria de la").
    core = [tokens[0]] + [t for t in tokens[1:-1] if t.text not in _PARTICLES] + [tokens[-1]]
    first, last = core[0], core[-1]
    swap = False
    caps = [w for w in original_words if len(w) > 2 and w.isupper()]
    if len(caps) == 1 and len(original_words) == len(core) and original_words[0] == caps[0]:
        swap = True
    elif not first.initial and _strong_surname_like(first) and not _surname_like(last) and not last.initial:
        swap = _known_given_name(last) or first.cyrillic
    if (len(core) == 3 and _PATRONYMIC.search(core[2].text) and not _PATRONYMIC.search(core[1].text)
            and _strong_surname_like(first) and not core[1].initial):
        # Official Russian order: surname, given name, patronymic.
        return _Person(tuple(core), core[1], (core[2],), core[0])
    if swap:
        core = core[1:] + core[:1]
        first, last = core[0], core[-1]
    return _Person(tuple(core), first, tuple(core[1:-1]), last)


# ------------------------------------------------------- token comparisons

TokenRel = Literal["same", "translit", "cognate", "loose_cognate", "short", "prefix", "typo", "initial",
                   "gender", "different"]

# English names that translate rather than transliterate an East Slavic one:
# "Pavel Ivanov" and "Paul Ivanov" may be one man, but less surely than
# "Mykola" and "Nikolai", which are two official spellings of one name.
_LOOSE_COGNATES = frozenset(
    "michael nicholas paul peter jacob joseph mary marie ann anne helen catherine "
    "katherine eugene stephen steven andrew alexis daniel".split()
)


def _initial_skels(tok: _Token) -> frozenset[str]:
    """Skeletons of an initial, with "Ye." also read as "E." (and "Yu." as "U.")."""
    out = set(tok.skels)
    out |= {sk[1:] for sk in tok.skels if len(sk) == 2 and sk[0] == "i" and sk[1] in "aeou"}
    return frozenset(out)


def _initial_fits(init: _Token, other: _Token) -> bool:
    if other.initial:
        return bool(_initial_skels(init) & _initial_skels(other)) or init.text[:1] == other.text[:1]
    if any(o.startswith(i) for i in _initial_skels(init) for o in other.skels):
        return True
    return init.text[:1] == other.text[:1]


def _defeminise(s: str) -> str:
    for fem, masc in _FEMININE:
        if s.endswith(fem) and len(s) > len(fem) + 2:
            return s[: -len(fem)] + masc
    return s


def _gender_pair(a: _Token, b: _Token) -> bool:
    """True when two surname tokens are the masculine and feminine of one name."""
    for x in a.skels:
        for y in b.skels:
            if x != y and (_fold_vowels(_defeminise(x)) == _fold_vowels(_defeminise(y))):
                if _defeminise(x) != x or _defeminise(y) != y:
                    return True
    return False


def _typo(a: _Token, b: _Token, min_len: int, given: bool = False) -> bool:
    """One slip (two in long names) between skeletons that share a first letter.

    Both the first letter and a length floor are required because short
    names one letter apart are usually different names (Marat / Murat).
    A trailing "a" is a gender ending, not a typo (Aleksandr / Aleksandra).
    """
    # Plain spellings too: the skeleton can turn a one-letter slip into two
    # ("Kurbanskin" / "Kurbatskin" once ts is folded).
    for x in a.skels | {a.text}:
        for y in b.skels | {b.text}:
            shorter = min(len(x), len(y))
            if shorter < min_len or x[:1] != y[:1]:
                continue
            if x + "a" == y or y + "a" == x:
                continue
            if given and (x.endswith("a") != y.endswith("a")):
                continue
            limit = 2 if shorter >= 10 else 1
            if OSA.distance(x, y) <= limit:
                return True
    return False


def _prefix_short(a: _Token, b: _Token) -> bool:
    """A Turkic given name shortened by dropping a name element (Esen / Yesenbek)."""
    turkic = _turkic_skeletons()
    for x in a.skels:
        for y in b.skels:
            short, long_ = (x, y) if len(x) < len(y) else (y, x)
            if len(short) >= 3 and long_.startswith(short) and long_[len(short):] in turkic:
                return True
    return False


def _token_rel(a: _Token, b: _Token, role: Literal["given", "surname", "any"]) -> TokenRel:
    """How two tokens in the same position relate."""
    if a.initial or b.initial:
        if a.initial and b.initial:
            return "same" if _initial_fits(a, b) else "different"
        return "initial" if _initial_fits(a if a.initial else b, b if a.initial else a) else "different"
    if a.text == b.text:
        return "same"
    if a.skels & b.skels:
        return "translit"
    if role in ("surname", "any") and _gender_pair(a, b):
        return "gender"
    if role in ("given", "any"):
        fa_full, fa_short = _families(a.skels)
        fb_full, fb_short = _families(b.skels)
        if fa_full & fb_full:
            if {a.text, b.text} & _LOOSE_COGNATES:
                return "loose_cognate"
            return "cognate"
        if (fa_short & (fb_full | fb_short)) or (fb_short & (fa_full | fa_short)):
            return "short"
        if _prefix_short(a, b):
            return "prefix"
        if (fa_full or fa_short or a.skels & _known_given()) and (fb_full or fb_short or b.skels & _known_given()):
            # Two known given names that are not one family are two names
            # (Aleksandr / Aleksandra, Marina / Madina, Nurlan / Nurzhan),
            # however close their spelling.
            return "different"
    if _typo(a, b, 6, given=role == "given"):
        return "typo"
    return "different"


# ------------------------------------------------------------- comparison

@dataclass(frozen=True)
class NameMatch:
    """How two names relate.

    ``relation``: ``exact`` (same normalised name), ``variant`` (spelling,
    transliteration, typo or short given name inside a full name), ``short_form``
    (a one-word mention or an initial compatible with a full name: possible,
    not proof), ``acronym`` (organisations), ``different`` or ``unsure``.
    ``score`` is the strength of the evidence for one identity (0..1).
    """

    relation: Relation
    score: float
    reason: str


_GIVEN_REASON = {
    "same": "same given name",
    "translit": "given names are transliteration variants",
    "cognate": "given names are cognates (same name in another language)",
    "loose_cognate": "given names are an English equivalent of each other",
    "short": "given name is a common short form",
    "prefix": "given name is a short form (a name element dropped)",
    "typo": "given names differ by a slip",
    "initial": "initial fits the given name",
}
_GIVEN_SCORE = {"same": 0.95, "translit": 0.93, "cognate": 0.85, "loose_cognate": 0.75, "short": 0.8,
                "prefix": 0.8, "typo": 0.72, "initial": 0.6}
_SURNAME_SCORE = {"same": 1.0, "translit": 0.98, "typo": 0.78}


def _single_vs_single(a: _Token, b: _Token) -> NameMatch:
    rel = _token_rel(a, b, "any")
    if rel in ("same", "translit"):
        return NameMatch("variant", 0.7, "one-word names that are spelling variants")
    if rel in ("cognate", "loose_cognate", "short", "prefix"):
        return NameMatch("short_form", 0.45, "one-word given names: " + _GIVEN_REASON[rel])
    if rel == "typo":
        return NameMatch("variant", 0.5, "one-word names that differ by a slip")
    if rel == "gender":
        return NameMatch("different", 0.05, "masculine and feminine forms of one surname")
    if rel == "initial":
        return NameMatch("unsure", 0.2, "an initial alone says little")
    both_surnames = _surname_like(a) and _surname_like(b)
    both_given = _known_given_name(a) and _known_given_name(b)
    if both_surnames or both_given:
        return NameMatch("different", 0.05, "different one-word names in the same role")
    return NameMatch("unsure", 0.15, "one-word names of unknown role (given name or surname)")


def _single_vs_full(t: _Token, full: _Person) -> NameMatch:
    assert full.given is not None and full.surname is not None
    if t.initial:
        return NameMatch("unsure", 0.15, "a bare initial says little")
    rs = _token_rel(t, full.surname, "surname")
    if rs in ("same", "translit"):
        return NameMatch("short_form", 0.6, "surname-only mention of the full name")
    if rs == "gender":
        return NameMatch("different", 0.05, "the other gender form of the surname (a relative?)")
    rg = _token_rel(t, full.given, "given")
    if rg in ("same", "translit", "cognate", "loose_cognate", "short", "prefix"):
        return NameMatch("short_form", 0.5, "given-name-only mention: " + _GIVEN_REASON[rg])
    if rs == "typo":
        return NameMatch("short_form", 0.4, "surname-only mention with a slip")
    if rg == "typo":
        return NameMatch("short_form", 0.35, "given-name-only mention with a slip")
    for mid in full.middles:
        if _token_rel(t, mid, "any") in ("same", "translit"):
            return NameMatch("short_form", 0.35, "mention by a middle name or first surname")
    return NameMatch("different", 0.05, "shares no name with the full form")


def _middles_conflict(a: _Person, b: _Person) -> bool:
    ma = [t for t in a.middles if t.text not in _PARTICLES]
    mb = [t for t in b.middles if t.text not in _PARTICLES]
    if not ma or not mb:
        return False
    return _token_rel(ma[0], mb[0], "given") == "different"


def _reordered(a: _Person, b: _Person) -> bool:
    """Every token of one matches a distinct token of the other, in another order."""
    if len(a.tokens) != len(b.tokens):
        return False
    remaining = list(b.tokens)
    for t in a.tokens:
        for i, u in enumerate(remaining):
            if not t.initial and not u.initial and _token_rel(t, u, "any") in ("same", "translit"):
                del remaining[i]
                break
        else:
            return False
    return True


def _full_vs_full(a: _Person, b: _Person) -> NameMatch:
    assert a.given and a.surname and b.given and b.surname
    rs = _token_rel(a.surname, b.surname, "surname")
    if rs == "gender":
        return NameMatch("different", 0.05, "masculine and feminine forms of one surname: relatives")
    if rs in ("different", "initial"):
        if _reordered(a, b):
            return NameMatch("variant", 0.7, "same names in a different order")
        return NameMatch("different", 0.05, "different surnames")
    rg = _token_rel(a.given, b.given, "given")
    if rg == "different":
        for x, y in ((a, b), (b, a)):
            if any(_token_rel(x.given, m, "any") in ("same", "translit") for m in y.middles):
                return NameMatch("short_form", 0.5, "first name omitted from the longer form")
        return NameMatch("different", 0.05, "same surname, different given names")
    if rg == "gender":
        return NameMatch("different", 0.05, "given names of different gender")
    if _middles_conflict(a, b):
        return NameMatch("different", 0.05, "conflicting middle names or patronymics")
    if rs == "typo" and rg == "typo":
        return NameMatch("unsure", 0.4, "both given name and surname differ by a slip")
    if rg == "initial":
        score = 0.6 if rs != "typo" else 0.4
        return NameMatch("short_form", score, "initial fits the given name; surname matches")
    score = min(_GIVEN_SCORE[rg], _SURNAME_SCORE[rs])
    if len(a.middles) != len(b.middles) and rg in ("same", "translit"):
        score = min(score, 0.9)
    reasons = [_GIVEN_REASON[rg]]
    reasons.append({"same": "same surname", "translit": "surnames are transliteration variants",
                    "typo": "surnames differ by a slip"}[rs])
    return NameMatch("variant", score, "; ".join(reasons))


# Organisation and place comparison --------------------------------------

_ORG_STOPWORDS = frozenset("of for and the in on at to de des du la le et und fur für & a an".split())


@lru_cache(maxsize=65536)
def _org_tokens(name: str) -> tuple[str, ...]:
    """Words of an organisation or place name, hyphenated words kept whole.

    "Co-operation" and "Cooperation" must be one word, so hyphens join here
    (``normalise_name`` splits them, which suits people's names).
    """
    text = _POSSESSIVE.sub("", _unify(name)).replace("'", "").replace("-", "")
    words = re.findall(r"[^\W_]+", text)
    if len(words) > 1 and words[0] in _ORG_LEADING:
        words = words[1:]
    return tuple(words)


def _joined_skel(tokens: tuple[str, ...]) -> str:
    return _org_skel("".join(tokens))


def _org_skel(token: str) -> str:
    skels = sorted(_skeletons_of(token))
    if not skels:
        return token
    # British and American spellings: organisation/organization, centre/center.
    return skels[0].replace("z", "s").replace("tre", "ter")


def _significant(tokens: tuple[str, ...]) -> tuple[str, ...]:
    sig = tuple(t for t in tokens if t not in _ORG_STOPWORDS)
    return sig or tokens


def _looks_like_acronym(name: str) -> bool:
    letters = re.sub(r"[\s.&-]", "", unicodedata.normalize("NFKC", name))
    return 2 <= len(letters) <= 10 and letters.isalnum() and letters.isupper() and " " not in name.strip()


@lru_cache(maxsize=65536)
def _acronyms(name: str) -> frozenset[str]:
    """Acronyms a full organisation name could be abbreviated to."""
    text = _unify(name)
    text = re.sub(r"\([^)]*\)", " ", text)
    words = [w for w in re.split(r"[^\w-]+", text) if w and w.strip("-")]
    if len(words) < 2:
        return frozenset()
    out = set()
    joined = [w.replace("-", "") for w in words]
    split = [p for w in words for p in w.split("-") if p]
    for seq in (joined, split):
        sig = [w for w in seq if w not in _ORG_STOPWORDS]
        for cand in (seq, sig, [w for w in seq if w not in {"the", "a", "an"}]):
            if len(cand) >= 2:
                out.add("".join(w[0] for w in cand))
    return frozenset(_to_ascii(a).lower() for a in out)


def _parenthetical(name: str) -> tuple[str, ...]:
    """"Organisation for ... Europe (OSCE)" is both a full name and an acronym."""
    m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", name)
    if m and m.group(1).strip():
        return (m.group(1).strip(), m.group(2).strip())
    return (name,)


def _org_pair(a: str, b: str, kind: EntityKind) -> NameMatch:
    na, nb = normalise_name(a, kind), normalise_name(b, kind)
    if not na or not nb:
        return NameMatch("unsure", 0.0, "empty name")
    if na == nb:
        return NameMatch("exact", 1.0, "same normalised name")
    ta, tb = _org_tokens(a), _org_tokens(b)
    nums_a = {t for t in ta if t.isdigit()}
    nums_b = {t for t in tb if t.isdigit()}
    if nums_a != nums_b and nums_a and nums_b:
        return NameMatch("different", 0.05, "different numbers in the names")
    if (_joined_skel(ta) == _joined_skel(tb)
            or _joined_skel(_significant(ta)) == _joined_skel(_significant(tb))):
        return NameMatch("variant", 0.95, "same name up to spelling, spacing and hyphens")
    acr_a, acr_b = _looks_like_acronym(a), _looks_like_acronym(b)
    if kind == "organisation" or acr_a or acr_b:
        if acr_a and acr_b:
            return NameMatch("different", 0.05, "different acronyms")
        for short, long_ in ((a, b), (b, a)):
            if _looks_like_acronym(short) and not _looks_like_acronym(long_):
                letters = re.sub(r"[\s.&-]", "", short).lower()
                if letters in _acronyms(long_):
                    score = 0.9 if len(letters) >= 3 else 0.7
                    return NameMatch("acronym", score, f"{short.strip()} is the acronym of the full name")
                return NameMatch("different", 0.05, "acronym does not fit the full name")
    sa = tuple(_org_skel(t) for t in _significant(ta))
    sb = tuple(_org_skel(t) for t in _significant(tb))
    if set(sa) == set(sb):
        return NameMatch("variant", 0.9, "same significant words")
    if len(sa) == len(sb):
        diffs = [(x, y) for x, y in zip(sa, sb) if x != y]
        if len(diffs) == 1:
            x, y = diffs[0]
            if min(len(x), len(y)) >= 6 and x[:1] == y[:1] and OSA.distance(x, y) <= 1:
                return NameMatch("variant", 0.72, "one word differs by a slip")
    small, big = (sa, sb) if len(sa) < len(sb) else (sb, sa)
    if set(small) < set(big):
        if kind == "place":
            return NameMatch("unsure", 0.3, "one place name contains the other (a district of it?)")
        if len(small) >= 2:
            return NameMatch("short_form", 0.6, "shorter form of the organisation's name")
        return NameMatch("short_form", 0.4, "one-word short form of the organisation's name")
    return NameMatch("different", 0.05, "different names")


def _org_compare(a: str, b: str, kind: EntityKind) -> NameMatch:
    best: NameMatch | None = None
    order = {"exact": 6, "variant": 5, "acronym": 4, "short_form": 3, "unsure": 2, "different": 1}
    for x in _parenthetical(a):
        for y in _parenthetical(b):
            m = _org_pair(x, y, kind)
            if best is None or (order[m.relation], m.score) > (order[best.relation], best.score):
                best = m
    assert best is not None
    return best


# ------------------------------------------------------------- public API

@lru_cache(maxsize=262144)
def _compare(a: str, b: str, kind: EntityKind) -> NameMatch:
    if kind != "person":
        return _org_compare(a, b, kind)
    na, nb = normalise_name(a, "person"), normalise_name(b, "person")
    if not na or not nb:
        return NameMatch("unsure", 0.0, "empty name")
    if na == nb:
        return NameMatch("exact", 1.0, "same normalised name")
    pa, pb = _parse_person(a), _parse_person(b)
    if not pa.tokens or not pb.tokens:
        return NameMatch("unsure", 0.0, "no name letters")
    if pa.single and pb.single:
        return _single_vs_single(pa.tokens[0], pb.tokens[0])
    if pa.single or pb.single:
        single, full = (pa, pb) if pa.single else (pb, pa)
        return _single_vs_full(single.tokens[0], full)
    return _full_vs_full(pa, pb)


@lru_cache(maxsize=131072)
def compare_names(a: str, b: str, kind: EntityKind) -> NameMatch:
    """Say how two names of the given kind relate.

    Symmetric by construction (the pair is put in a canonical order first),
    so the answer never depends on which report was read first. Person rules,
    in order: same normalised name -> exact; different surnames -> different;
    masculine/feminine surname forms -> different (relatives); same surname
    but incompatible given names or initials -> different; transliteration,
    cognate, hypocoristic, Turkic-element short form or a one-letter slip of
    the given name -> variant; a bare surname, a bare given name or a
    compatible initial -> short_form (possible, not proof).
    """
    x, y = sorted((a, b))
    return _compare(x, y, kind)


def is_single_token(name: str, kind: EntityKind) -> bool:
    """True for a one-word person mention ("Esen", "Kurmanov")."""
    if kind != "person":
        return False
    return _parse_person(name).single


# ------------------------------------------------------------ blocking keys

#: Keys with these prefixes block on their own; the other ("t:") keys only
#: pair a one-word mention with a fuller name (see ``identity.candidate_pairs``).
STRONG_KEY_PREFIXES = ("s:", "c:", "o:", "a:")

_GENERIC_ORG_WORDS = frozenset(
    "court party union committee ministry bank centre center council office "
    "international national state city regional district republic of the group "
    "association movement organisation organization agency service news".split()
)


def _consonants(skel: str) -> str:
    return re.sub(r"[aeiou]", "", skel)


def name_keys(name: str, kind: EntityKind) -> set[str]:
    """Blocking keys: names that might be one identity share at least one.

    People: ``s:`` surname skeleton with the feminine ending folded (so
    relatives block together and can be told apart), ``c:`` its consonant
    skeleton (survives vowel slips: Kurmanov / Kurmenov), and ``t:`` keys for
    the given name (first three skeleton letters and hypocoristic family ids)
    so that "Esen" meets "Yesenbek Ukteshbaev". A one-word mention could be a
    given name or a surname and gets both kinds of key. Organisations and
    places: ``o:`` skeleton of the significant words, ``a:`` acronyms, and
    ``t:`` for each distinctive word.
    """
    keys: set[str] = set()
    if kind == "person":
        person = _parse_person(name)
        if not person.tokens:
            return keys
        surnames = [person.tokens[0]] if person.single else [person.surname]
        givens = [person.tokens[0]] if person.single else [person.given]
        for tok in surnames:
            if tok is None or tok.initial:
                continue
            for sk in tok.skels:
                folded = _fold_vowels(_defeminise(sk))
                keys.add("s:" + folded)
                cons = _consonants(folded)
                if len(cons) >= 3:
                    keys.add("c:" + cons)
        for tok in givens:
            if tok is None or tok.initial:
                continue
            full, short = _families(tok.skels)
            for fam in full | short:
                keys.add(f"t:f{fam}")
            for sk in tok.skels:
                keys.add("t:" + sk[:3])
        return keys
    tokens = _org_tokens(name)
    if not tokens:
        return keys
    sig = _significant(tokens)
    keys.add("o:" + _joined_skel(sig))
    keys.add("o:" + _joined_skel(tokens))
    for part in _parenthetical(name):
        if _looks_like_acronym(part):
            keys.add("a:" + re.sub(r"[\s.&-]", "", part).lower())
        else:
            keys |= {"a:" + acr for acr in _acronyms(part) if len(acr) >= 2}
    for t in sig:
        if t not in _GENERIC_ORG_WORDS and not t.isdigit() and len(t) > 2:
            keys.add("t:" + _org_skel(t))
    return keys
