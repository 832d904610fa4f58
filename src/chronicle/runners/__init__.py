"""Runners: the same per-document pipeline at different scales.

* :mod:`chronicle.runners.local` -- a pool of worker processes on one machine,
  writing through ``Store.save_processed`` as the sequential ingest does.
* :mod:`chronicle.runners.spark` -- a PySpark job that writes Parquet tables,
  and :mod:`chronicle.runners.loader`, which puts those tables into a store.

Every runner calls :func:`chronicle.pipeline.process_document` on each
document and nothing else, so the documents and event mentions they produce
are the ones the sequential ``Chronicle.ingest`` produces. Nothing here
imports spaCy or PySpark at import time.
"""
