"""The one service API that the CLI and the web app are thin layers over."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from chronicle.export.record import build_record
from chronicle.ingest import DEFAULT_MAX_BYTES, discover, read_file
from chronicle.pipeline import process_document
from chronicle.records import ProcessedDocument, Quarantined, RawDocument
from chronicle.resolve.update import update_record
from chronicle.store import Store
from chronicle.store.search import rebuild_search_index


@dataclass
class IngestSummary:
    files: int = 0
    new: int = 0
    duplicate: int = 0
    quarantined: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    new_document_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


FileCallback = Callable[[Path], None]
ItemCallback = Callable[[str, str], None]  # (outcome: new|duplicate|quarantined, detail)


def load_nlp():
    from chronicle.annotate.nlp import load_model

    return load_model()


class Chronicle:
    """Chronicle over one store. ``nlp`` is loaded lazily, once."""

    def __init__(self, store: Store, *, nlp_loader: Callable[[], object] | None = load_nlp):
        self.store = store
        self._nlp_loader = nlp_loader
        self._nlp = None

    @classmethod
    def open(cls, db: str | None = None, **kwargs) -> "Chronicle":
        return cls(Store.open(db), **kwargs)

    def close(self) -> None:
        self.store.close()

    @property
    def nlp(self):
        if self._nlp is None and self._nlp_loader is not None:
            self._nlp = self._nlp_loader()
        return self._nlp

    # ------------------------------------------------------------------ ingest

    def discover(self, paths: Iterable[str | Path]) -> list[Path]:
        return discover(paths)

    def ingest(
        self,
        paths: Iterable[str | Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_file_done: FileCallback | None = None,
        on_item: ItemCallback | None = None,
        files: list[Path] | None = None,
    ) -> IngestSummary:
        """Read, process and store every input; bad inputs are quarantined.

        Each document is committed on its own, so an interrupted run keeps
        what it finished and a re-run only does the rest.
        """
        paths = [str(p) for p in paths]
        files = files if files is not None else discover(paths)
        summary = IngestSummary(files=len(files))
        run_id = self.store.start_run(paths)
        for path in files:
            for item in read_file(path, max_bytes=max_bytes):
                outcome, detail = self._ingest_item(item, run_id, summary)
                if on_item:
                    on_item(outcome, detail)
            if on_file_done:
                on_file_done(path)
        self.store.finish_run(run_id, new=summary.new, duplicate=summary.duplicate, quarantined=summary.quarantined)
        if summary.new_document_ids:
            self.resolve(summary.new_document_ids)
            rebuild_search_index(self.store)
        return summary

    def _ingest_item(self, item: RawDocument | Quarantined, run_id: int, summary: IngestSummary) -> tuple[str, str]:
        if isinstance(item, Quarantined):
            return self._quarantine(item, run_id, summary)
        known = self.store.document_id_for(item.sha256)
        if known is not None:
            # Same bytes: no need to run the pipeline again.
            self.store.add_source(known, item.source, item.container)
            summary.duplicate += 1
            return "duplicate", item.source
        result = process_document(item, self.nlp)
        if isinstance(result, Quarantined):
            return self._quarantine(result, run_id, summary)
        return self._save(result, summary)

    def _quarantine(self, item: Quarantined, run_id: int, summary: IngestSummary) -> tuple[str, str]:
        self.store.quarantine(item, run_id)
        summary.quarantined += 1
        summary.failures.append((item.source, item.reason))
        return "quarantined", f"{item.source}: {item.reason}"

    def _save(self, processed: ProcessedDocument, summary: IngestSummary) -> tuple[str, str]:
        saved = self.store.save_processed(processed)
        if saved.is_new:
            summary.new += 1
            summary.new_document_ids.append(saved.document_id)
            return "new", processed.raw.source
        summary.duplicate += 1
        return "duplicate", processed.raw.source

    # ----------------------------------------------------------------- resolve

    def resolve(self, new_document_ids: list[int]) -> None:
        """Fold new documents into identities, events, cases and conflicts."""
        update_record(self.store, new_document_ids)

    # ------------------------------------------------------------------ export

    def export_record(self) -> dict:
        return build_record(self.store)

    def report(self) -> dict:
        return {"counts": self.store.counts(), "documents": list(self.store.documents())}
