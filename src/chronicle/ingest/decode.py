"""Turn document bytes into text, choosing the encoding the way a browser would.

Order of evidence: a byte-order mark; the transport's declaration (HTTP
``Content-Type`` charset); for HTML a ``<meta charset>`` or ``http-equiv``
declaration; valid UTF-8; and only then statistical detection with
charset-normalizer. Declarations are trusted only while they decode the
bytes: mislabelled pages are common, and UTF-8 served as ``iso-8859-1`` is
the most common mislabel of all.

The text is ``raw.decode(encoding, errors="replace")``: a handful of stray
bytes in an otherwise well-formed page costs a U+FFFD each instead of the
whole document.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

import charset_normalizer

from chronicle.ingest.errors import Reject
from chronicle.ingest.sniff import bom_encoding, utf16_without_bom

# Labels browsers read differently from Python's codec names (WHATWG Encoding
# Standard): ISO-8859-1 and ASCII mean windows-1252, GB2312 means GBK, ...
_WHATWG_LABELS: dict[str, str] = {
    **dict.fromkeys(
        ["iso-8859-1", "iso8859-1", "iso_8859-1", "iso88591", "latin1", "latin-1", "l1", "cp819", "ibm819",
         "csisolatin1", "iso-ir-100", "ascii", "us-ascii", "ansi_x3.4-1968", "windows-1252", "x-cp1252"],
        "cp1252",
    ),
    **dict.fromkeys(
        ["gb2312", "gbk", "x-gbk", "chinese", "csgb2312", "gb_2312-80", "gb_2312", "iso-ir-58", "cp936", "gb18030"],
        "gb18030",
    ),
    **dict.fromkeys(
        ["shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "csshiftjis", "ms932"], "cp932"
    ),
    **dict.fromkeys(
        ["euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "korean", "windows-949", "csksc56011987", "iso-ir-149",
         "ksc5601", "ksc_5601", "csEUCKR".lower()],
        "cp949",
    ),
    **dict.fromkeys(["big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5"], "big5hkscs"),
    **dict.fromkeys(["iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5", "windows-1254"], "cp1254"),
    **dict.fromkeys(["tis-620", "iso-8859-11", "windows-874", "dos-874"], "cp874"),
    **dict.fromkeys(["iso-8859-8-i", "logical", "csiso88598i"], "iso8859-8"),
    **dict.fromkeys(["x-mac-cyrillic", "x-mac-ukrainian"], "mac-cyrillic"),
    **dict.fromkeys(["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"], "utf-8"),
}
# Codecs that decode something other than text, or that browsers refuse (UTF-7).
_REFUSED_CODECS = frozenset(
    {"utf-7", "undefined", "unicode-escape", "raw-unicode-escape", "idna", "punycode", "mbcs", "oem"}
)
_WIDE = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})

# Encodings detection may choose, most common on the web first; ties go to
# the earlier one. Restricting detection to these keeps it from answering
# with DOS or Mac code pages that a news site almost never uses; Baltic
# (cp1257) and Vietnamese (cp1258) pages are rare enough undeclared that
# letting them compete costs more Western pages than it wins. UTF-16/32
# are left to the BOM and NUL-pattern checks: statistically, any even-length
# run of single-byte text "decodes" as UTF-16 into private-use characters.
DETECTABLE: tuple[str, ...] = (
    "utf_8", "cp1252", "cp1251", "cp1250", "koi8_r", "gb18030", "cp932", "cp949", "big5", "cp1253",
    "cp1254", "cp1256", "iso8859_2", "cp1255", "cp874", "euc_jp", "latin_1",
)

# charset-normalizer's coherence separates Latin code pages by hundredths
# (an English page with "½" scores higher read as cp1250); a bonus for the
# common ones keeps a rarer code page from winning on noise, while a clear
# language signal (Polish in cp1250, Greek in cp1253) still outweighs it.
_COMMON_BONUS: dict[str, float] = {
    "cp1252": 0.15, "cp1251": 0.15, "cp1250": 0.1, "gb18030": 0.1, "cp932": 0.1, "cp949": 0.1, "big5": 0.1,
    "koi8-r": 0.1, "cp1253": 0.05, "cp1254": 0.05, "cp1256": 0.05,
}
_FULL_EVIDENCE_BYTES = 64
_PRIOR = {codecs.lookup(name).name: rank for rank, name in enumerate(DETECTABLE)}

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:()-]+)""", re.IGNORECASE)
_PRESCAN_BYTES = 16384
_GARBAGE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufffd]")
_WORD = re.compile(r"[^\W\d_]+")
# Symbols that sit inside words only when a letter was misdecoded; the soft
# hyphen, middle dot (Catalan l·l) and ordinal/micro letters are excluded.
_GLUED_SYMBOL = re.compile(
    r"(?<=[^\W\d_])[\u00a1-\u00a9\u00ab\u00ac\u00ae-\u00b4\u00b6\u00b8\u00b9\u00bb-\u00bf\u00d7\u00f7"
    r"\u200e\u200f\u2020-\u2122](?=[^\W\d_])"
)
_HEBREW_FINALS = frozenset("ךםןףץ")
_ARABIC_FINALS = frozenset("ةى")
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}
_PLAUSIBILITY_SAMPLE = 20000

MAX_GARBAGE_RATIO = 0.02


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # a Python codec name; ``raw.decode(encoding, "replace") == text``


def normalise_label(label: str | None) -> str | None:
    """The Python codec a charset label means, or None for unknown/unsafe labels."""
    if not label:
        return None
    key = label.strip().strip("\"'").lower()
    name = _WHATWG_LABELS.get(key, key)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _REFUSED_CODECS:
        return None
    return info.name


def meta_charset(raw: bytes) -> str | None:
    """The charset an HTML page declares in its first bytes (``<meta>``)."""
    match = _META_CHARSET.search(raw[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def garbage_ratio(text: str) -> float:
    """Share of characters that no sensible decoding leaves in prose.

    C0/C1 control characters (other than whitespace) and U+FFFD: a high share
    means the bytes are not text in the encoding we chose.
    """
    if not text:
        return 0.0
    return len(_GARBAGE.findall(text)) / len(text)


def _unassigned_ratio(text: str) -> float:
    """Share of private-use and unassigned characters."""
    sample = text[:_PLAUSIBILITY_SAMPLE]
    if not sample:
        return 0.0
    odd = sum(1 for c in sample if unicodedata.category(c) in ("Co", "Cn", "Cs"))
    return odd / len(sample)


def decode_tolerant(raw: bytes, encoding: str) -> str | None:
    """Decode, forgiving at most one bad byte in a thousand; None otherwise."""
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        pass
    except (LookupError, UnicodeError, ValueError):
        return None
    try:
        text = raw.decode(encoding, errors="replace")
    except (LookupError, UnicodeError, ValueError):
        return None
    bad = text.count("\ufffd")
    return text if bad <= max(1, len(text) // 1000) else None


def _almost_utf8(raw: bytes) -> str | None:
    """UTF-8 with a few stray bytes, when the rest is clearly UTF-8.

    Valid multi-byte sequences must outnumber the errors, so that a Latin-1
    page with one accented letter is not taken for broken UTF-8.
    """
    text = decode_tolerant(raw, "utf-8")
    if text is None:
        return None
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    if bad <= 0:
        return text
    multibyte = sum(1 for c in text if ord(c) > 0x7F) - text.count("\ufffd")
    return text if multibyte >= 4 * bad else None


def _has_multibyte_utf8(raw: bytes) -> bool:
    try:
        return not raw.isascii() and bool(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return False


def _declared(raw: bytes, labels: Iterable[tuple[str | None, bool]]) -> Decoded | None:
    """Decode with the first declaration that fits the bytes.

    A label is overruled by valid multi-byte UTF-8, the commonest mislabel
    (UTF-8 pages served as ``iso-8859-1``). ``labels`` pairs a label with
    whether it came from inside the document (a ``<meta>``), where a
    UTF-16/32 label cannot be true of bytes that were readable enough to find
    it, so browsers read UTF-8 instead.
    """
    is_utf8: bool | None = None
    for label, in_document in labels:
        encoding = normalise_label(label)
        if encoding is None:
            continue
        if in_document and encoding in _WIDE:
            encoding = "utf-8"
        if encoding not in _WIDE:
            # Non-ASCII text that happens to be valid UTF-8 in another
            # encoding is vanishingly rare; a wrong label is not.
            if is_utf8 is None:
                is_utf8 = _has_multibyte_utf8(raw)
            if is_utf8:
                return Decoded(raw.decode("utf-8"), "utf-8")
        text = decode_tolerant(raw, encoding)
        if text is not None:
            return Decoded(text, encoding)
    return None


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    head = name.split(" ", 1)[0]
    return _SCRIPT_GROUPS.get(head, head)


def implausibility(text: str) -> float:
    """How unlike written language a decoding is: 0 for plausible text, up to 2.

    A wrong single-byte code page turns words into mixtures of scripts
    ("Дrger"), case flips inside a word ("яСД"), runs of accented Latin
    letters with no plain letter ("Ďđčâĺň", "âò"), all-capital words,
    symbols inside words ("S±d"), legacy half-width katakana, letters that
    only end words found inside one (Greek ς, Hebrew ם, Arabic ة), or lone
    words in a script the rest of the text does not use ("le а"); and it
    turns letters into symbols and stray marks (added as a share of the
    non-ASCII characters). Detection statistics tie on short texts; this
    breaks the tie in favour of readable words.
    """
    sample = text[:_PLAUSIBILITY_SAMPLE]
    all_words = _WORD.findall(sample)
    words = [w for w in all_words if not w.isascii()]
    glued = len(_GLUED_SYMBOL.findall(sample))
    if not words and not glued:
        return _odd_share(sample)
    letters_by_script: dict[str, int] = {}
    word_scripts = []
    for word in all_words:
        scripts = {"LATIN"} if word.isascii() else {_script(c) for c in word}
        if len(scripts) == 1:
            script = next(iter(scripts))
            letters_by_script[script] = letters_by_script.get(script, 0) + len(word)
        if not word.isascii():
            word_scripts.append((word, scripts))
    dominant = max(letters_by_script, key=letters_by_script.__getitem__) if letters_by_script else None
    bad = float(glued)
    for word, scripts in word_scripts:
        if len(scripts) > 1 or "HALFWIDTH" in scripts:
            bad += 1
        elif any(a.islower() and b.isupper() for a, b in zip(word, word[1:])):
            bad += 1
        elif scripts == {"LATIN"} and len(word) >= 2 and not any(c.isascii() for c in word):
            bad += 1
        elif scripts == {"GREEK"} and ("ς" in word[:-1] or word.endswith("σ")):
            # Greek writes final sigma as ς and only there; Cyrillic read as
            # cp1253 breaks that rule at once (т -> ς).
            bad += 1
        elif scripts == {"HEBREW"} and any(c in _HEBREW_FINALS for c in word[:-1]):
            # Likewise Hebrew final letter forms (ך ם ן ף ץ) end words only,
            bad += 1
        elif scripts == {"ARABIC"} and any(c in _ARABIC_FINALS for c in word[:-1]):
            # and Arabic ta marbuta and alef maksura (ة ى).
            bad += 1
        elif next(iter(scripts)) != dominant:
            bad += 1
        elif len(word) >= 2 and word.isupper():
            # Capitals are normal in headlines, not in running text: a code
            # page that turns every word upper case (KOI8-R read as cp1251
            # and back) is less likely than one that reads it lower case.
            bad += 0.5
    return bad / (len(words) + glued) + _odd_share(sample)


def _odd_share(sample: str) -> float:
    """Share of non-ASCII characters that are neither letters nor punctuation.

    Code pages full of points and symbols (Hebrew vowel points with no
    letter under them, box drawing, maths) turn letters into these.
    """
    odd = total = 0
    previous = ""
    for char in sample:
        if char.isascii():
            previous = char
            continue
        total += 1
        category = unicodedata.category(char)
        if category[0] in "LPNZ" or category == "Sc":
            pass
        elif category[0] == "M" and previous and unicodedata.category(previous)[0] in "LM":
            pass
        else:
            odd += 1
        previous = char
    return odd / total if total else 0.0


def _codec_name(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def detect(raw: bytes) -> Decoded:
    """Guess the encoding of bytes that declare none (or declare it wrongly).

    charset-normalizer proposes candidates; we score each by word
    plausibility, plus its chaos minus its coherence (language fit) weighted
    by how many non-ASCII bytes they rest on, minus a bonus for encodings
    common on the web; ties go to the more common encoding.
    """
    # A looser chaos threshold than the default 0.2: with it, charset-normalizer
    # drops ISO-8859-2 Polish after cp1250 soft-fails; our ranking sorts on
    # chaos too, so extra candidates cost nothing in accuracy.
    results = charset_normalizer.from_bytes(raw, cp_isolation=list(DETECTABLE), threshold=0.5)
    # Candidates differ only in how they read non-ASCII bytes; with a handful
    # of those, chaos and coherence differences are noise (an isolated "à"
    # gets chaos 0.13 in cp1252 and 0 in cp1250) and the prior should decide.
    evidence = min(1.0, sum(1 for byte in raw[:65536] if byte >= 0x80) / _FULL_EVIDENCE_BYTES)
    best: tuple[tuple, Decoded] | None = None
    for match in results:
        encoding = _codec_name(match.encoding)
        text = decode_tolerant(raw, encoding)
        if text is None:
            continue
        prior = _PRIOR.get(encoding, len(_PRIOR))
        # One score, lower is better: unreadable words count fully; chaos and
        # coherence in proportion to the evidence; common encodings get a
        # head start that only real evidence overturns.
        score = (
            implausibility(text)
            + (match.chaos - match.coherence) * evidence
            - _COMMON_BONUS.get(encoding, 0.0)
        )
        key = (round(score, 3), prior)
        if best is None or key < best[0]:
            best = (key, Decoded(text, encoding))
    if best is None:
        raise Reject("undecodable bytes: no common encoding fits", size=len(raw))
    return _common_alias(raw, best[1])


def _common_alias(raw: bytes, decoded: Decoded) -> Decoded:
    """Report the most common code page that gives the same text.

    Western text decodes identically in cp1250 and cp1252; naming cp1252
    saves readers of the record a puzzle.
    """
    for candidate in ("cp1252", "cp1251"):
        if candidate == decoded.encoding:
            return decoded
        try:
            if raw.decode(candidate) == decoded.text:
                return Decoded(decoded.text, candidate)
        except UnicodeDecodeError:
            continue
    return decoded


def decode(raw: bytes, *, html: bool, transport_charset: str | None = None) -> Decoded:
    """Decode document bytes; raise ``Reject`` when no encoding reads them as text."""
    bom = bom_encoding(raw)
    if bom:
        text = decode_tolerant(raw, bom)
        # "юя" opens cp1251 text with the bytes of a UTF-16 BOM; a BOM is
        # believed only when what follows reads as text in its encoding.
        if text is not None and _unassigned_ratio(text) < 0.05:
            return Decoded(text, bom)
    if b"\x00" in raw[:4096]:
        wide = utf16_without_bom(raw[:4096])
        if wide:
            text = decode_tolerant(raw, wide)
            if text is not None:
                return Decoded(text, wide)
    labels: list[tuple[str | None, bool]] = [(transport_charset, False)]
    if html:
        labels.append((meta_charset(raw), True))
    declared = _declared(raw, labels)
    if declared:
        return declared
    text = _almost_utf8(raw)
    if text is not None:
        return Decoded(text, "utf-8")
    return detect(raw)
