"""Plain text and HTML files: encodings, charset declarations, gzip and content sniffing."""
from __future__ import annotations

import codecs
import gzip
import hashlib

import pytest

from chronicle.ingest import read_file
from chronicle.ingest.decode import decode, implausibility, normalise_label
from chronicle.records import Quarantined, RawDocument

# Our own sentences, one per language/encoding that news sites have used.
SENTENCES = [
    ("cp1251", "Суд в Шымкенте приговорил профсоюзного активиста к пятнадцати суткам административного ареста."),
    ("koi8-r", "Суд в Шымкенте приговорил профсоюзного активиста к пятнадцати суткам административного ареста."),
    ("cp1251", "Активісти провели пікет біля будівлі суду та вимагали звільнити затриманого журналіста."),
    ("cp1252", "Le tribunal de Chymkent a condamné le syndicaliste à quinze jours de détention « administrative »."),
    ("latin-1", "Das Gericht verurteilte den Gewerkschafter zu fünfzehn Tagen Haft, hieß es am Montag."),
    ("cp1250", "Sąd w Szymkencie skazał działacza związkowego na piętnaście dni aresztu za udział w wiecu."),
    ("iso-8859-2", "Sąd w Szymkencie skazał działacza związkowego na piętnaście dni aresztu za udział w wiecu."),
    ("cp1253", "Το δικαστήριο καταδίκασε τον συνδικαλιστή σε δεκαπέντε ημέρες κράτησης για συμμετοχή σε συγκέντρωση."),
    ("gb18030", "法院以参加未经批准的集会为由，判处该工会活动人士行政拘留十五天。"),
    ("big5", "法院以參加未經批准的集會為由，判處該工會活動人士行政拘留十五天。"),
    ("shift_jis", "裁判所は、無許可の集会に参加したとして、労働組合の活動家に十五日間の行政拘留を言い渡した。"),
    ("euc-kr", "법원은 허가받지 않은 집회에 참가했다는 이유로 노동조합 활동가에게 15일의 행정 구류를 선고했다."),
    ("cp1256", "قضت المحكمة بسجن الناشط النقابي خمسة عشر يوما بسبب مشاركته في تجمع غير مرخص."),
    ("cp1255", "בית המשפט גזר על הפעיל חמישה עשר ימי מעצר בשל השתתפות בהפגנה ללא רישיון."),
    ("utf-8", "Суд приговорил активиста — «за участие в митинге»."),
    ("utf-8-sig", "Sąd skazał działacza; Суд приговорил активиста."),
    ("utf-16", "Суд приговорил активиста к пятнадцати суткам."),
    ("utf-16-le", "Суд приговорил активиста к пятнадцати суткам ареста за участие в митинге."),
    ("utf-16-be", "The court sentenced the union activist to fifteen days."),
    ("utf-32", "The court sentenced the union activist to fifteen days."),
]


def _one(path, **kwargs) -> RawDocument | Quarantined:
    items = list(read_file(path, **kwargs))
    assert len(items) == 1
    return items[0]


@pytest.mark.parametrize("encoding,sentence", SENTENCES, ids=[f"{e}-{i}" for i, (e, _) in enumerate(SENTENCES)])
def test_plain_text_in_any_common_encoding(tmp_path, encoding, sentence):
    raw = sentence.encode(encoding)
    path = tmp_path / "report.txt"
    path.write_bytes(raw)
    doc = _one(path)
    assert isinstance(doc, RawDocument), doc
    assert doc.text == sentence
    assert doc.raw == raw and doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.media_type == "text/plain" and doc.source == str(path) and doc.container is None
    assert raw.decode(doc.encoding, errors="replace") == doc.text


def test_detected_encoding_is_named_as_python_codec(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes(SENTENCES[0][1].encode("cp1251"))
    assert _one(path).encoding == "cp1251"


def test_utf8_with_a_stray_byte_stays_utf8(tmp_path):
    text = "Суд приговорил активиста «за участие в митинге». " * 5
    raw = text.encode() + b"\xff" + text.encode()
    path = tmp_path / "report.txt"
    path.write_bytes(raw)
    doc = _one(path)
    assert doc.encoding == "utf-8"
    assert doc.text == text + "\ufffd" + text


def test_latin1_with_one_accent_is_not_broken_utf8(tmp_path):
    text = "The court in Aralsk heard the case on Monday and adjourned it. " * 5 + "Café owners protested."
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("latin-1"))
    assert _one(path).text == text


# ------------------------------------------------------------------- HTML


def _page(charset_tag: str, body: str) -> str:
    return f"<!DOCTYPE html><html><head>{charset_tag}<title>Report</title></head><body><p>{body}</p></body></html>"


RUSSIAN = "Суд приговорил профсоюзного активиста к пятнадцати суткам ареста."


@pytest.mark.parametrize(
    "tag",
    [
        '<meta charset="windows-1251">',
        "<meta charset=cp1251>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        '<META CONTENT="text/html; charset=Windows-1251" HTTP-EQUIV="content-type">',
    ],
)
def test_html_meta_charset_is_honoured(tmp_path, tag):
    html = _page(tag, RUSSIAN)
    path = tmp_path / "report.html"
    path.write_bytes(html.encode("cp1251"))
    doc = _one(path)
    assert doc.media_type == "text/html" and doc.encoding == "cp1251" and doc.text == html


def test_html_bom_wins_over_meta(tmp_path):
    html = _page('<meta charset="windows-1251">', RUSSIAN)
    path = tmp_path / "report.html"
    path.write_bytes(codecs.BOM_UTF8 + html.encode("utf-8"))
    doc = _one(path)
    assert doc.encoding == "utf-8-sig" and doc.text == html


def test_utf8_page_labelled_latin1_is_read_as_utf8(tmp_path):
    html = _page('<meta charset="iso-8859-1">', "Déjà vu: the court — again — refused bail.")
    path = tmp_path / "report.html"
    path.write_bytes(html.encode("utf-8"))
    doc = _one(path)
    assert doc.encoding == "utf-8" and doc.text == html


def test_latin1_label_means_windows_1252(tmp_path):
    html = _page('<meta charset="iso-8859-1">', "The judge said \u201cno\u201d to bail.")
    path = tmp_path / "report.html"
    path.write_bytes(html.encode("cp1252"))
    doc = _one(path)
    assert doc.encoding == "cp1252" and doc.text == html


def test_wrong_meta_charset_falls_back_to_detection(tmp_path):
    html = _page('<meta charset="utf-8">', RUSSIAN * 3)
    path = tmp_path / "report.html"
    path.write_bytes(html.encode("cp1251"))
    doc = _one(path)
    assert doc.encoding == "cp1251" and doc.text == html


def test_meta_utf16_on_ascii_compatible_bytes_reads_utf8(tmp_path):
    html = _page('<meta charset="utf-16">', "Café owners protested.")
    path = tmp_path / "report.html"
    path.write_bytes(html.encode("utf-8"))
    doc = _one(path)
    assert doc.encoding == "utf-8" and doc.text == html


def test_utf16_html_with_bom(tmp_path):
    html = _page("", RUSSIAN)
    path = tmp_path / "report.htm"
    path.write_bytes(html.encode("utf-16"))
    doc = _one(path)
    assert doc.media_type == "text/html" and doc.text == html


def test_unsafe_charset_labels_are_ignored():
    assert normalise_label("utf-7") is None
    assert normalise_label("base64") is None
    assert normalise_label("no-such-charset") is None
    assert normalise_label("Windows-1251") == "cp1251"
    assert normalise_label("ISO-8859-1") == "cp1252"


def test_gzipped_html_is_decompressed(tmp_path):
    html = _page('<meta charset="utf-8">', "Шымкент: пикет у здания суда.")
    path = tmp_path / "report.html.gz"
    path.write_bytes(gzip.compress(html.encode("utf-8")))
    doc = _one(path)
    assert isinstance(doc, RawDocument)
    assert doc.raw == html.encode("utf-8") and doc.text == html
    assert doc.sha256 == hashlib.sha256(html.encode("utf-8")).hexdigest()
    assert doc.container == str(path) and doc.source == str(path)


# ------------------------------------------------------------ extensions lie


def test_html_saved_as_txt_is_read_as_html(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(_page("", "Picket outside the court."))
    assert _one(path).media_type == "text/html"


def test_gzip_without_gz_extension_is_decompressed(tmp_path):
    path = tmp_path / "report.html"
    path.write_bytes(gzip.compress(_page("", "Picket outside the court.").encode()))
    doc = _one(path)
    assert doc.media_type == "text/html" and "Picket outside the court." in doc.text


def test_gz_extension_on_plain_file_is_read_plainly(tmp_path):
    path = tmp_path / "report.txt.gz"
    path.write_text("The court adjourned the hearing.")
    doc = _one(path)
    assert doc.text == "The court adjourned the hearing." and doc.container is None


@pytest.mark.parametrize(
    "content,media_type",
    [
        ("<html><body><p>Picket outside the court.</p></body></html>", "text/html"),
        ("<div><p>Picket</p><p>outside the court</p></div>", "text/html"),
        ("Picket outside the court <3 people came.", "text/plain"),
    ],
)
def test_unknown_extension_is_sniffed(tmp_path, content, media_type):
    path = tmp_path / "download"
    path.write_text(content)
    assert _one(path).media_type == media_type


# ----------------------------------------------------------------- helpers


def test_implausibility_prefers_readable_words():
    assert implausibility("Суд приговорил активиста") == 0.0
    assert implausibility("яСД ОПХЦНБНПХК") > 0.5  # cp1251 read as KOI8-R
    assert implausibility("Ďđčâĺň, ěčđ") == 1.0  # cp1251 read as cp1250
    assert implausibility("S±d w Szymkencie") > 0.0  # ISO-8859-2 read as cp1250


def test_decode_reports_wrong_declaration_by_detecting():
    raw = (RUSSIAN * 2).encode("cp1251")
    decoded = decode(raw, html=False, transport_charset="utf-8")
    assert decoded.text == RUSSIAN * 2 and decoded.encoding == "cp1251"
