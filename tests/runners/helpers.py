"""What two runs must agree on, and small inputs written by the tests themselves (fictional text)."""
from __future__ import annotations

import io
import os
from pathlib import Path

from chronicle.records import ProcessedDocument, Quarantined, RawDocument
from chronicle.store import Store


def snapshot(store: Store) -> dict:
    """Documents, entities, event mentions and quarantine, comparable across stores.

    Entity references are replaced by (document sha256, kind, name), so two
    stores agree exactly when they read the same things from the same bytes;
    document ids are kept because runners must store in input order.
    """
    docs = {d.id: d for d in store.documents()}
    entities = {e.id: e for e in store.stored_entities()}

    def entity(entity_id: int | None):
        if entity_id is None:
            return None
        e = entities[entity_id]
        return docs[e.document_id].sha256, e.kind, e.name

    return {
        "documents": [(d.id, d.sha256, d.source, d.text, d.title, d.outlet, d.published, d.sources) for d in docs.values()],
        "entities": [
            (docs[e.document_id].sha256, e.kind, e.name, e.variants, e.titles, e.country, e.gazetteer_id)
            for e in entities.values()
        ],
        "event_mentions": [
            (
                docs[m.document_id].sha256, m.type, m.status, m.date, m.trigger, m.sentence, m.attributes,
                entity(m.place), tuple((r.role, entity(r.entity), r.span) for r in m.participants),
            )
            for m in store.stored_event_mentions()
        ],
        "quarantine": sorted((q.source, q.reason, q.sha256) for q in store.quarantined()),
    }


REPORTS = [
    (
        "Harbour Courier",
        "Dockworkers' leader Mirela Tavakoli detained in Portavel",
        "Police in Portavel detained Mirela Tavakoli, the leader of the Portavel Dockworkers Union, on 4 May 2022. "
        "Tavakoli was charged with organising an unauthorised strike. Her lawyer, Osric Lindqvist, said the charges "
        "were absurd and that he would file an appeal. Around two hundred dockworkers gathered outside the court.",
    ),
    (
        "Valley Ledger",
        "Court jails journalist Brannoc Ilves for ten days",
        "A district court in Eskerford sentenced the journalist Brannoc Ilves to ten days of administrative detention "
        "on 12 June 2023 for covering a protest. Ilves began a hunger strike the same day, his colleagues said. "
        "The Eskerford Press Club called for his release.",
    ),
    (
        "Harbour Courier",
        "Appeal rejected for Mirela Tavakoli",
        "The regional court rejected the appeal of Mirela Tavakoli on 20 May 2022. Tavakoli, who leads the dockworkers' "
        "union, will remain in custody, her lawyer Osric Lindqvist said. Supporters held a picket in Portavel.",
    ),
]


def report_html(outlet: str, title: str, body: str) -> bytes:
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title} | {outlet}</title>"
        f"<meta property='og:site_name' content='{outlet}'></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{title}</h1><p>{body}</p></article><footer>{outlet}</footer></body></html>"
    ).encode("utf-8")


def write_warc(path: Path) -> Path:
    """A gzipped WARC: two HTML responses, one text response, one copy of the first under another URI, one request."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def response(uri: str, payload: bytes, content_type: str) -> None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers))

        first = report_html(*REPORTS[0])
        writer.write_record(
            writer.create_warc_record("https://harbourcourier.example/a", "request", payload=io.BytesIO(b"GET /a HTTP/1.1\r\n\r\n"))
        )
        response("https://harbourcourier.example/a", first, "text/html; charset=utf-8")
        response("https://valleyledger.example/b", report_html(*REPORTS[1]), "text/html; charset=utf-8")
        outlet, title, body = REPORTS[2]
        response("https://harbourcourier.example/c.txt", f"{title}\n\n{body}\n".encode(), "text/plain; charset=utf-8")
        response("https://mirror.example/a", first, "text/html; charset=utf-8")
    return path


def text_report(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------- picklable stand-ins for pool tests


def no_model():
    """A model loader that loads nothing: the pipeline then only cleans."""
    return None


def explode_on_marker(raw: RawDocument, nlp) -> ProcessedDocument | Quarantined:
    """The real pipeline, except that documents saying EXPLODE raise."""
    from chronicle.pipeline import process_document

    if "EXPLODE" in raw.text:
        raise RuntimeError("boom\nwith a second line")
    return process_document(raw, nlp)


def die_on_marker(raw: RawDocument, nlp) -> ProcessedDocument | Quarantined:
    """The real pipeline, except that documents saying DIE kill their worker process."""
    from chronicle.pipeline import process_document

    if "DIE" in raw.text:
        os._exit(3)
    return process_document(raw, nlp)


def logging_process(raw: RawDocument, nlp) -> ProcessedDocument | Quarantined:
    """The real pipeline, noting each document's source in $CHRONICLE_TEST_LOG (one line each)."""
    from chronicle.pipeline import process_document

    with open(os.environ["CHRONICLE_TEST_LOG"], "a", encoding="utf-8") as log:
        log.write(raw.source + "\n")
    return process_document(raw, nlp)


def thread_report(raw: RawDocument, nlp) -> ProcessedDocument | Quarantined:
    """Quarantine every document with the worker's thread settings as the reason."""
    from chronicle.runners.local import thread_settings

    settings = thread_settings()
    return Quarantined(raw.source, ",".join(f"{k}={v}" for k, v in sorted(settings.items())), raw.sha256, len(raw.raw))
