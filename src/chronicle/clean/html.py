"""Article body and metadata from an HTML page.

* Main text, title and site name: trafilatura, with ``favor_precision=True``
  and ``include_comments=False``. On the Scrapinghub news benchmark these two
  settings give the best F1 of the combinations we measured (see
  docs/cleaning.md): readers' comments are not the report, and in Chronicle a
  boilerplate line that slips into the body can become a false event, while a
  missed sentence is usually repeated elsewhere in the report. ``fast`` mode
  costs recall and ``deduplicate`` keeps a process-wide cache (hidden state),
  so neither is used.
* Publication date: htmldate with ``original_date=True`` (the first
  publication, not the last update) and ``extensive_search=False``: the
  extensive mode guesses from any date-looking string in the page (archive
  lists, footers), which we do not want. htmldate always answers with a full
  day, so its day is kept only when the page or URL states it (else the month,
  else nothing). When markup and URL say nothing, the dateline rules of the
  plain-text cleaner are applied to the first and last lines of the
  extracted article.
* Language: the ``<html lang>`` / ``content-language`` declaration, else a
  stopword count over the extracted text.
* The kicker, headline and dateline lines that trafilatura keeps above the
  first paragraph are metadata and are removed from the body; the outlet is
  a name the page declares, an address (the URL's host) only when the page
  names itself nowhere.
"""
from __future__ import annotations

import logging
import re
from html import unescape
from urllib.parse import urlsplit

from chronicle.clean.dates import parse_iso_hint
from chronicle.clean.errors import CleanError
from chronicle.clean.lang import guess_language
from chronicle.clean.segments import align
from chronicle.records import CleanDocument, PartialDate, RawDocument

# trafilatura and htmldate log every discarded page at WARNING level; a page
# without an article is reported to the caller as a CleanError instead.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_LANG_ATTR_RE = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?""", re.I)
_CONTENT_LANG_RE = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?content-language["']?[^>]*content\s*=\s*["']?([A-Za-z]{2,3})""", re.I
)
_TAG_RE = re.compile(r"<[a-zA-Z!/?]")

# Fewer words than this is a teaser or an error page, not a report.
MIN_ARTICLE_WORDS = 15


def is_http_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def declared_language(html: str) -> str | None:
    """ISO 639-1 code from ``<html lang>`` or a content-language meta tag."""
    head = html[:20000]
    m = _LANG_ATTR_RE.search(head) or _CONTENT_LANG_RE.search(head)
    if not m:
        return None
    code = m.group(1).lower()
    return code if len(code) == 2 else None


# Passed to htmldate's find_date through trafilatura, which then runs it on
# the tree it has already parsed.
HTMLDATE_PARAMS = {"original_date": True, "extensive_search": False}


def original_date(html: str, found: str | None, url: str | None, article_text: str) -> PartialDate | None:
    """First-publication date from htmldate's answer ``found``, else from a dateline.

    htmldate always answers with a full day, padding what it does not know
    (a ``2011-03`` stamp can come back as ``2011-03-22``). Its day is kept only
    when the page or URL states it; otherwise the month, if that is stated;
    otherwise nothing.
    """
    if found:
        date = parse_iso_hint(found)
        if date is None or date.value is None:
            return None
        return _stated_part(date.value, html + " " + (url or ""))
    from chronicle.clean.text import dateline_date

    return dateline_date(article_text)


def _stated_part(iso_day: str, page: str) -> PartialDate | None:
    """``iso_day`` cut to the precision at which ``page`` actually states it."""
    from chronicle.clean.dates import find_dates

    year, month, day = iso_day.split("-")
    numeric_day = (f"{year}-{month}-{day}", f"{year}/{month}/{day}", f"{year}{month}{day}")
    if any(form in page for form in numeric_day):
        return PartialDate(iso_day, "day")
    textual = find_dates(re.sub(r"<[^>]+>", " ", page))
    if any(d.date.value == iso_day for d in textual):
        return PartialDate(iso_day, "day")
    if any(form in page for form in (f"{year}-{month}", f"{year}/{month}")) or any(
        d.date.value is not None and d.date.value.startswith(f"{year}-{month}") for d in textual
    ):
        return PartialDate(f"{year}-{month}", "month")
    return None


_SITE_META_RES = [
    re.compile(
        r"""<meta\b[^>]*?\b(?:property|name)\s*=\s*["']?(?:og:site_name|application-name)["']?[^>]*?"""
        r"""\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')""",
        re.I,
    ),
    re.compile(
        r"""<meta\b[^>]*?\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*?"""
        r"""\b(?:property|name)\s*=\s*["']?(?:og:site_name|application-name)["']?""",
        re.I,
    ),
]
_HOST_LIKE_RE = re.compile(r"^(?:https?://)?(?:www\.)?(?:[\w-]+\.)+[A-Za-z]{2,}/?$")
_NAME_PART_SEP_RE = re.compile(r"\s+[|–—-]\s+")


def looks_like_host(name: str) -> bool:
    """Whether a site name is only an address ("example.org"), not a name."""
    return bool(_HOST_LIKE_RE.match(name.strip()))


def declared_site_name(html: str) -> str | None:
    """The name the page declares for its site in ``og:site_name`` / ``application-name``.

    A declaration such as "The Daily Example | DailyExample.com" gives its
    first part that is a name rather than an address.
    """
    head = html[:50000]
    for pattern in _SITE_META_RES:
        for m in pattern.finditer(head):
            value = unescape(m.group(1) if m.group(1) is not None else m.group(2)).strip()
            for part in _NAME_PART_SEP_RE.split(value):
                part = part.strip()
                if part and not looks_like_host(part):
                    return part
    return None


def choose_outlet(sitename: str | None, declared: str | None, url: str | None) -> str | None:
    """The outlet: trafilatura's site name, unless it is only an address and the page declares a name.

    trafilatura lets a longer JSON-LD publisher name replace ``og:site_name``,
    and that name is sometimes the bare domain; with no name at all it falls
    back to the URL's host. A name the page declares is what a reader sees.
    """
    if sitename and not looks_like_host(sitename):
        return sitename
    if declared:
        return declared
    if sitename:
        return sitename
    if url:
        host = urlsplit(url).hostname
        if host and host.startswith("www."):
            host = host[4:]
        return host
    return None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


# Lines above the article text that are not part of it: at most this many.
MAX_LEAD_LINES = 4
MAX_KICKER_WORDS = 6
_BREADCRUMB_RE = re.compile(r"\S\s+[/›>»|]\s+\S")


def _repeats_title(line: str, title: str) -> bool:
    """The headline line, alone or with a kicker or stamp on the same line."""
    n_line, n_title = _norm(line), _norm(title)
    return bool(n_title) and n_title in n_line and len(n_line.split()) <= len(n_title.split()) + MAX_KICKER_WORDS


def _is_kicker(line: str) -> bool:
    """A section label over a headline ("Kazakhstan / Labour", "Analysis")."""
    return 0 < len(line.split()) <= MAX_KICKER_WORDS and not line.rstrip().endswith((".", "!", "?", ":", ";", ","))


def strip_leading_meta(text: str, title: str | None) -> str:
    """Remove the kicker, headline and dateline lines that open the extracted text.

    trafilatura keeps what sits inside the article element above the first
    paragraph: a section kicker, the ``<h1>``, a "From X, 5 March 2021"
    dateline. They are the title and metadata, not the report. A line that
    repeats the title is removed together with the short kicker lines above
    it; a breadcrumb kicker ("World / Europe") and dateline lines are removed
    on their own. The text is never emptied.
    """
    from chronicle.clean.text import is_dateline

    lines = text.split("\n")
    start = 0
    lead = [i for i, ln in enumerate(lines[:MAX_LEAD_LINES]) if ln.strip()]
    if title:
        hit = next((i for i in lead if _repeats_title(lines[i], title)), None)
        if hit is not None and all(_is_kicker(lines[i]) or is_dateline(lines[i].strip()) for i in lead if i < hit):
            start = hit + 1
    while start < len(lines) - 1:
        line = lines[start].strip()
        if not line:
            start += 1
        elif is_dateline(line) is not None or (_is_kicker(line) and _BREADCRUMB_RE.search(line)):
            start += 1
        else:
            break
    rest = "\n".join(lines[start:]).lstrip("\n")
    return rest if rest.strip() else text


def leading_dateline_outlet(text: str) -> str | None:
    """The outlet a "From <Outlet>, <date>" dateline among the first lines of the article names."""
    from chronicle.clean.text import from_dateline_outlet

    lines = [ln.strip() for ln in text.split("\n")[:MAX_LEAD_LINES] if ln.strip()]
    return next((name for ln in lines if (name := from_dateline_outlet(ln))), None)


def clean_html(raw: RawDocument) -> CleanDocument:
    """Clean one HTML document; raises CleanError when it holds no article."""
    from trafilatura import bare_extraction

    html = raw.text
    if not _TAG_RE.search(html[:5000]):
        raise CleanError("no HTML markup found")
    url = raw.source if is_http_url(raw.source) else None
    try:
        doc = bare_extraction(
            html,
            url=url,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
            date_extraction_params=dict(HTMLDATE_PARAMS),
        )
    except Exception as exc:  # lxml and trafilatura raise assorted errors on garbage
        raise CleanError(f"HTML could not be parsed: {type(exc).__name__}") from exc
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if len(text.split()) < MIN_ARTICLE_WORDS:
        raise CleanError("no article text found in HTML")
    title = (doc.title or "").strip() or None
    # Datelines are read before they are stripped from the body.
    extracted, text = text, strip_leading_meta(text, title)
    declared = declared_site_name(html) or leading_dateline_outlet(extracted)
    outlet = choose_outlet((doc.sitename or "").strip() or None, declared, url)
    published = parse_iso_hint(raw.published_hint) if raw.published_hint else None
    if published is None:
        published = original_date(html, doc.date, url, extracted)
    language = declared_language(html) or guess_language(text)
    return CleanDocument(
        sha256=raw.sha256,
        source=raw.source,
        text=text,
        title=title,
        published=published,
        outlet=outlet,
        language=language,
        segments=align(text, html),
    )
