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
"""
from __future__ import annotations

import logging
import re
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


def drop_leading_title(text: str, title: str | None) -> str:
    """Remove the headline when the extracted text starts with it.

    trafilatura keeps an ``<h1>`` that sits inside the article element; the
    headline is reported as ``title`` and is not part of the body.
    """
    if not title:
        return text
    first, sep, rest = text.partition("\n")
    if sep and " ".join(first.split()) == " ".join(title.split()):
        return rest.lstrip("\n")
    return text


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
    text = drop_leading_title(text, title)
    outlet = (doc.sitename or "").strip() or None
    if outlet is None and url:
        outlet = urlsplit(url).hostname
        if outlet and outlet.startswith("www."):
            outlet = outlet[4:]
    published = parse_iso_hint(raw.published_hint) if raw.published_hint else None
    if published is None:
        published = original_date(html, doc.date, url, text)
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
