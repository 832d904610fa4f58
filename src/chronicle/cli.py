"""Chronicle's command line: a thin layer over ``chronicle.service``."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from chronicle.ingest import DEFAULT_MAX_BYTES
from chronicle.service import Chronicle
from chronicle.service.runners import ingest_with_workers

app = typer.Typer(help="Chronicle: a sourced record of political prosecutions and protests.", no_args_is_help=True)
eval_app = typer.Typer(help="Evaluate a stage against a benchmark.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

console = Console(stderr=True)
out = Console()

DbOption = Annotated[
    Optional[str],
    typer.Option("--db", envvar="CHRONICLE_DB", help="SQLite file or PostgreSQL URL [default: ./chronicle.db]"),
]


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories: text, HTML(.gz), WARC/ARC, JSON Lines.")],
    db: DbOption = None,
    max_bytes: Annotated[int, typer.Option(help="Quarantine documents larger than this.")] = DEFAULT_MAX_BYTES,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Worker processes (1: in this process).")] = 1,
) -> None:
    """Read news reports into the store; bad inputs are quarantined, the batch goes on.

    Exit code 0 when every input was read, 1 when some were quarantined.
    """
    service = Chronicle.open(db)
    try:
        files = service.discover(paths)
        with Progress(
            TextColumn("[bold]ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
            console=console,
            disable=quiet or not console.is_terminal,
            transient=True,
        ) as progress:
            task = progress.add_task("ingest", total=len(files), last="")

            def file_done(path: Path) -> None:
                progress.update(task, advance=1, last=path.name)

            def item(outcome: str, detail: str) -> None:
                if outcome == "quarantined":
                    progress.console.print(f"[red]error[/red] {detail}", markup=True, highlight=False, soft_wrap=True)

            summary = ingest_with_workers(service, paths, workers=workers, max_bytes=max_bytes, files=files,
                                          on_file_done=file_done, on_item=item)
    finally:
        service.close()
    console.print(
        f"{summary.files} files: {summary.new} new, {summary.duplicate} duplicate, {summary.quarantined} quarantined"
    )
    raise typer.Exit(0 if summary.ok else 1)


@app.command()
def export(
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="json | csv | plover | ftm | timeline")] = "json",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write [default: stdout]")] = None,
    table: Annotated[str, typer.Option(help="csv: events | people | organisations | places | documents")] = "events",
    entity: Annotated[Optional[int], typer.Option(help="timeline: the person's id (the number in /people/ID)")] = None,
    include_rejected: Annotated[bool, typer.Option("--include-rejected", help="plover/ftm/timeline: keep events a reviewer rejected")] = False,
) -> None:
    """Write the record: JSON (the whole record), CSV (one table), PLOVER or FollowTheMoney JSON Lines, TimelineJS (one case)."""
    from chronicle.service.browse import EXPORT_FORMATS, write_export

    if format not in EXPORT_FORMATS:
        console.print(f"unknown export format: {format} (one of {', '.join(EXPORT_FORMATS)})")
        raise typer.Exit(2)
    service = Chronicle.open(db, nlp_loader=None)
    try:
        options = {"table": table, "entity": entity, "include_rejected": include_rejected}
        if output:
            with output.open("w", encoding="utf-8", newline="") as fh:
                write_export(service.store, format, fh, **options)
        else:
            write_export(service.store, format, sys.stdout, **options)
    except ValueError as error:
        console.print(str(error))
        raise typer.Exit(2)
    finally:
        service.close()


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    read_only: Annotated[bool, typer.Option("--read-only", help="No logins and no reviews (a public mirror).")] = False,
    secret_key: Annotated[Optional[str], typer.Option(envvar="CHRONICLE_SECRET_KEY", show_default=False,
                                                      help="Signs session cookies [default: random, sessions end on restart]")] = None,
) -> None:
    """Serve the record as web pages, each with a JSON twin (same URL + .json) and lists with a CSV twin."""
    from chronicle.web.app import serve as serve_app

    serve_app(db, host=host, port=port, secret_key=secret_key, read_only=read_only)


user_app = typer.Typer(help="Reviewer accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(help="Login name.")],
    db: DbOption = None,
    password: Annotated[Optional[str], typer.Option(envvar="CHRONICLE_PASSWORD", hidden=True)] = None,
) -> None:
    """Create a reviewer. The password is asked for (or read from $CHRONICLE_PASSWORD); only its argon2 hash is kept."""
    from chronicle.service.review import ReviewError, add_user

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    service = Chronicle.open(db, nlp_loader=None)
    try:
        add_user(service.store, name, password)
    except ReviewError as error:
        console.print(f"[red]error[/red] {error}")
        raise typer.Exit(1)
    finally:
        service.close()
    console.print(f"reviewer {name} added")


@app.command()
def report(db: DbOption = None) -> None:
    """Show what the store holds: documents, quarantine, people and events."""
    service = Chronicle.open(db, nlp_loader=None)
    try:
        record = service.export_record()
    finally:
        service.close()
    _print_report(record)


def _print_report(record: dict) -> None:
    docs = Table(title=f"Documents ({len(record['documents'])})")
    for col in ("id", "outlet", "published", "title", "words"):
        docs.add_column(col)
    for d in record["documents"]:
        pub = d["published"]
        docs.add_row(d["id"], d["outlet"] or "", f"{pub['value'] or '?'} ({pub['precision']})", d["title"] or "", str(len(d["text"].split())))
    out.print(docs)
    if record.get("quarantine"):
        q = Table(title=f"Quarantine ({len(record['quarantine'])})")
        q.add_column("source")
        q.add_column("reason")
        for item in record["quarantine"]:
            q.add_row(item["source"], item["reason"])
        out.print(q)
    names = {e["id"]: e["name"] for k in ("people", "organisations", "places") for e in record.get(k, [])}
    if record.get("people"):
        people = Table(title=f"People ({len(record['people'])})")
        people.add_column("name")
        people.add_column("variants")
        people.add_column("documents")
        for p in record["people"]:
            people.add_row(p["name"], ", ".join(p.get("variants", [])), ", ".join(p.get("documents", [])))
        out.print(people)
    if record.get("events"):
        events = Table(title=f"Events ({len(record['events'])})")
        for col in ("type", "date", "status", "who", "where", "sources"):
            events.add_column(col)
        for e in record["events"]:
            who = ", ".join(names.get(p["entity"], "?") for p in e.get("participants", []) if p["role"] == "subject")
            date = e.get("date") or {}
            events.add_row(
                e["type"] + (f" {e['attributes'].get('term', '')}" if e.get("attributes") else ""),
                f"{date.get('value') or '?'} ({date.get('precision', 'unknown')})",
                e["status"],
                who,
                names.get(e.get("place"), ""),
                ", ".join(sorted({s["document"] for s in e.get("sources", [])})),
            )
        out.print(events)
    if record.get("conflicts"):
        conflicts = Table(title=f"Conflicts ({len(record['conflicts'])})")
        conflicts.add_column("event")
        conflicts.add_column("field")
        conflicts.add_column("values")
        for c in record["conflicts"]:
            values = "; ".join(f"{v['value']} ({', '.join(s['document'] for s in v['sources'])})" for v in c["values"])
            conflicts.add_row(c["event"], c["field"], values)
        out.print(conflicts)


@app.command()
def quarantine(db: DbOption = None) -> None:
    """List quarantined inputs and why."""
    service = Chronicle.open(db, nlp_loader=None)
    try:
        for q in service.store.quarantined():
            out.print(f"{q.source}: {q.reason}", highlight=False, soft_wrap=True)
    finally:
        service.close()


# --------------------------------------------------------------- spark (scale-out)

spark_app = typer.Typer(help="Batch processing with PySpark (needs the 'spark' extra and Java 17).", no_args_is_help=True)
app.add_typer(spark_app, name="spark")


@spark_app.command("manifest")
def spark_manifest(
    paths: Annotated[list[Path], typer.Argument(help="Files or directories, as for `chronicle ingest`.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Manifest file to write.")],
) -> None:
    """Write the list of input files `chronicle ingest PATHS` would read, one absolute path a line."""
    from chronicle.service.runners import write_manifest_for

    console.print(f"{write_manifest_for(paths, output)} inputs written to {output}")


@spark_app.command("run")
def spark_run(
    manifest: Annotated[str, typer.Argument(help="Text file: one input path or URI (s3://, gs://, hdfs://) a line.")],
    out_dir: Annotated[str, typer.Argument(help="Output directory for the Parquet tables (path or URI).")],
    master: Annotated[str, typer.Option(help="Spark master: local[N], spark://host:7077, k8s://...")] = "local[*]",
    partitions: Annotated[Optional[int], typer.Option(help="Tasks per batch [default: 4 per core].")] = None,
    batch_files: Annotated[Optional[int], typer.Option(help="Inputs per committed batch [default: all].")] = None,
    repartition: Annotated[Optional[int], typer.Option(help="Spread documents over N tasks after reading.")] = None,
    no_resume: Annotated[bool, typer.Option("--no-resume", help="Reprocess inputs already committed.")] = False,
) -> None:
    """Process a manifest into Parquet tables; inputs already committed in OUT_DIR are skipped."""
    from chronicle.service.runners import spark_run as run

    s = run(manifest, out_dir, master=master, partitions=partitions, batch_files=batch_files,
            repartition=repartition, resume=not no_resume)
    console.print(f"{s.inputs} inputs ({s.skipped_inputs} already done): {s.documents} documents, "
                  f"{s.quarantined} quarantined, {s.judgements} identity judgements in {s.seconds:.0f}s")


@spark_app.command("load")
def spark_load(
    out_dir: Annotated[str, typer.Argument(help="A `chronicle spark run` output directory.")],
    db: DbOption = None,
) -> None:
    """Load the committed batches of OUT_DIR into the store, then resolve. Safe to re-run."""
    from chronicle.service.runners import spark_load as load

    service = Chronicle.open(db, nlp_loader=None)
    try:
        s = load(out_dir, service)
    finally:
        service.close()
    console.print(f"{s.files} inputs in {s.batches} batches: {s.new} new, {s.duplicate} duplicate, {s.quarantined} quarantined")
    raise typer.Exit(0 if s.ok else 1)


REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_BENCHMARKS = REPO_ROOT.parent / "shared" / "benchmarks"


def _print_scores(scores: dict, as_json: bool, skip: tuple[str, ...] = ("errors", "pages", "per_page")) -> None:
    shown = {k: v for k, v in scores.items() if k not in skip}
    if as_json:
        out.print_json(json.dumps(shown, default=str))
        return
    for key, value in shown.items():
        if isinstance(value, dict):
            out.print(f"[bold]{key}[/bold]")
            for k, v in value.items():
                out.print(f"  {k}: {v}", highlight=False)
        else:
            out.print(f"{key}: {round(value, 4) if isinstance(value, float) else value}", highlight=False)


JsonOption = Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")]


@eval_app.command("events")
def eval_events(
    dev: Annotated[Path, typer.Option(help="Development set (YAML).")] = REPO_ROOT / "tests" / "data" / "events_dev.yaml",
    as_json: JsonOption = False,
    show_errors: Annotated[bool, typer.Option("--errors", help="List misses and spurious events.")] = False,
) -> None:
    """Event extraction on our development set: per-type precision and recall."""
    from chronicle.evaluate.events import evaluate_dev
    from chronicle.service import load_nlp

    scores = evaluate_dev(dev, load_nlp())
    _print_scores(scores, as_json)
    if show_errors:
        for error in scores["errors"]:
            out.print(error, highlight=False)


@eval_app.command("plover")
def eval_plover(
    csv_path: Annotated[Path, typer.Argument(help="PLOVER-labelled sentences (CSV).")] = SHARED_BENCHMARKS / "events-plv" / "plv-train.csv",
    limit: Annotated[Optional[int], typer.Option(help="Only the first N sentences.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Event typing precision on PLOVER-labelled news sentences."""
    from chronicle.evaluate.events import evaluate_plover
    from chronicle.service import load_nlp

    _print_scores(evaluate_plover(csv_path, load_nlp(), limit=limit), as_json)


@eval_app.command("time")
def eval_time(
    corpus: Annotated[Path, typer.Argument(help="TimeML corpus directory.")] = SHARED_BENCHMARKS / "time-tbaq",
    as_json: JsonOption = False,
) -> None:
    """Time expressions: extent and value scores, TempEval-3 style."""
    from chronicle.evaluate.timex import evaluate_timex

    _print_scores(evaluate_timex(corpus), as_json)


@eval_app.command("content")
def eval_content(
    bench: Annotated[Path, typer.Argument(help="Benchmark directory.")] = SHARED_BENCHMARKS / "content-scrapinghub",
    mode: Annotated[str, typer.Option(help="html: extract from the HTML; text: clean the plain-text renderings.")] = "html",
    as_json: JsonOption = False,
) -> None:
    """Main-text extraction: shingle precision, recall and F1."""
    from chronicle.evaluate.content import evaluate_content

    _print_scores(evaluate_content(bench, mode), as_json)


@eval_app.command("identity")
def eval_identity(
    pairs: Annotated[Path, typer.Argument(help="Name pairs (YAML).")] = REPO_ROOT / "tests" / "data" / "name_pairs.yaml",
    as_json: JsonOption = False,
) -> None:
    """Identity decisions on name pairs: false merges (must be 0) and recall."""
    from chronicle.evaluate.identity import evaluate_identity

    _print_scores(evaluate_identity(pairs), as_json)


if __name__ == "__main__":  # pragma: no cover
    app()
