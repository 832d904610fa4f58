"""Web latency at 100,000 events: p50/p95 of the case-file page and search.

1. Generates a synthetic store (invented people, places and text; nothing
   from any real report) written straight through the store's tables with
   bulk inserts: by default 20,000 people with 5 events each (100,000
   events), 40,000 documents, 150,000 event mentions, a conflict on every
   twentieth event.
2. Serves it with uvicorn in a separate process on 127.0.0.1.
3. Sends a bounded load from a thread pool (httpx, loopback only): a warm-up,
   then N requests per endpoint with C in flight, stopping early at a time
   limit. Reports p50/p95/p99 per endpoint.

    .venv/bin/python bench/web_latency.py [--events 100000] [--requests 1000] [--concurrency 2]
                                          [--db /tmp/web-bench.db] [--json out.json]

The store is kept (``--db``) and reused when it already has the events.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EVENTS_PER_PERSON = 5
DOCS_PER_PERSON = 2
TYPES = ["arrest", "detention", "charge", "hearing", "sentence", "appeal", "hunger_strike", "release", "protest"]
VERBS = {"arrest": "was arrested", "detention": "was detained", "charge": "was charged with hooliganism",
         "hearing": "appeared at a hearing", "sentence": "was sentenced to {d} days", "appeal": "lost an appeal",
         "hunger_strike": "went on hunger strike", "release": "was released", "protest": "joined a picket"}
FIRST = ["Arman", "Bota", "Dana", "Erlan", "Gulnara", "Ilyas", "Kamila", "Marat", "Nurlan", "Olzhas", "Raushan",
         "Saule", "Timur", "Zhanar", "Aigerim", "Bakyt", "Dilnaz", "Yerbol", "Asel", "Murat", "Inkar", "Daulet",
         "Aruzhan", "Serik", "Madina", "Nursultan", "Aliya", "Ruslan", "Zarina", "Askar"]
SYLLABLES = ["ka", "ru", "bek", "za", "mo", "tan", "ser", "ba", "ly", "ne", "dar", "ku", "shi", "ta", "mir", "vo",
             "len", "ga", "ri", "sul", "to", "kha", "pe", "dzha", "nu", "im", "or", "ay"]
SUFFIX = ["ov", "ova", "enko", "uly", "kyzy", "bayev", "ski", "in"]
PLACES = [(f"{a}{b}", cc) for a, cc in (("Nor", "KZ"), ("Vel", "KZ"), ("Tar", "BY"), ("Kes", "BY"), ("Mal", "UZ"),
                                         ("Dor", "KG"), ("Bel", "RU"), ("Sar", "RU"), ("Ulm", "TJ"), ("Gor", "AZ"))
          for b in ("ak", "ovo", "grad", "sk", "abad")]


# --------------------------------------------------------------- generation


def surnames(rng: random.Random, n: int) -> list[str]:
    out, seen = [], set()
    while len(out) < n:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() + rng.choice(SUFFIX)
        if name not in seen:
            seen.add(name)
            out.append(name)
    return out


def generate(db: str, n_events: int, seed: int = 7) -> dict:
    """Write a synthetic record of ``n_events`` events; returns its sizes."""
    from sqlalchemy import insert

    from chronicle.store import Store
    from chronicle.store.models import (ConflictRow, DocEntityRow, DocumentRow, DocumentSourceRow, EntityRow,
                                        EventMentionRow, EventParticipantRow, EventRow, EventSourceRow, MentionRow,
                                        RawDocumentRow, RoleRow)

    rng = random.Random(seed)
    store = Store.open(db)
    n_people = n_events // EVENTS_PER_PERSON
    last = surnames(rng, max(50, n_people // len(FIRST) + 50))
    names = [f"{FIRST[i % len(FIRST)]} {last[i // len(FIRST)]}" for i in range(n_people)]
    rows = {k: [] for k in ("raw", "doc", "src", "ent", "de", "men", "em", "role", "ev", "evsrc", "part", "conf")}
    place_ids = {}
    for i, (place, cc) in enumerate(PLACES, start=1):
        rows["ent"].append({"id": i, "kind": "place", "name": place, "country": cc, "gazetteer_id": None})
        place_ids[place] = i
    entity_id, doc_id, de_id, em_id, event_id, conflict_id = len(PLACES), 0, 0, 0, 0, 0
    base = date(2019, 1, 1)
    for p, name in enumerate(names):
        entity_id += 1
        person = entity_id
        rows["ent"].append({"id": person, "kind": "person", "name": name, "country": None, "gazetteer_id": None})
        place = rng.choice(PLACES)[0]
        start = base + timedelta(days=rng.randint(0, 5 * 365))
        events = []
        for k in range(EVENTS_PER_PERSON):
            etype = TYPES[k] if k < 4 else rng.choice(TYPES[4:])
            day = start + timedelta(days=3 * k + rng.randint(0, 2))
            events.append((etype, day, rng.randint(5, 20)))
        person_docs = []
        for d in range(DOCS_PER_PERSON):
            doc_id += 1
            sentences = []
            for etype, day, term in events:
                verb = VERBS[etype].format(d=term + d) if etype == "sentence" else VERBS[etype]
                sentences.append(f"{name} {verb} in {place} on {day.strftime('%d %B %Y')}.")
            filler = " ".join(rng.choice(["Supporters gathered outside.", "The lawyer declined to comment.",
                                          "Rights groups called the case political.", "Colleagues signed a letter.",
                                          "The court did not explain its decision."]) for _ in range(3))
            text = " ".join(sentences) + " " + filler
            raw = text.encode()
            sha = hashlib.sha256(raw + str(doc_id).encode()).hexdigest()
            rows["raw"].append({"sha256": sha, "raw": raw, "size": len(raw)})
            rows["doc"].append({"id": doc_id, "sha256": sha, "source": f"https://monitor.example/{doc_id}", "container": None,
                                "media_type": "text/plain", "encoding": "utf-8", "title": f"{name}: case update {d + 1}",
                                "outlet": rng.choice(["Steppe Wire", "Rights Monitor", "Caspian Daily"]), "language": "en",
                                "published_value": (events[-1][1] + timedelta(days=d)).isoformat(), "published_precision": "day",
                                "text": text, "segments": [], "story_id": None})
            rows["src"].append({"document_id": doc_id, "source": f"https://monitor.example/{doc_id}", "container": None})
            de_id += 1
            person_de = de_id
            rows["de"].append({"id": person_de, "document_id": doc_id, "local_id": 0, "kind": "person", "name": name,
                               "variants": [name.split()[1]], "titles": ["activist"], "country": None, "gazetteer_id": None,
                               "entity_id": person})
            de_id += 1
            rows["de"].append({"id": de_id, "document_id": doc_id, "local_id": 1, "kind": "place", "name": place,
                               "variants": [], "titles": [], "country": dict(PLACES)[place],
                               "gazetteer_id": None, "entity_id": place_ids[place]})
            offset, mention_ids = 0, []
            for (etype, day, term), sentence in zip(events, sentences):
                rows["men"].append({"doc_entity_id": person_de, "start": offset, "end": offset + len(name), "text": name})
                em_id += 1
                verb_at = offset + len(name) + 1
                rows["em"].append({"id": em_id, "document_id": doc_id, "type": etype, "status": "occurred",
                                   "trigger_start": verb_at, "trigger_end": verb_at + 3, "trigger_text": sentence[len(name) + 1:len(name) + 4],
                                   "sentence_start": offset, "sentence_end": offset + len(sentence), "evidence": sentence,
                                   "date_value": day.isoformat(), "date_precision": "day", "date_start": None, "date_end": None,
                                   "place_doc_entity_id": de_id,
                                   "attributes": {"term": f"P{term + d}D"} if etype == "sentence" else {}})
                rows["role"].append({"event_mention_id": em_id, "role": "subject", "doc_entity_id": person_de,
                                     "start": offset, "end": offset + len(name), "text": name})
                mention_ids.append(em_id)
                offset += len(sentence) + 1
            person_docs.append(mention_ids)
        for k, (etype, day, term) in enumerate(events):
            event_id += 1
            both = k < 3 or rng.random() < 0.5  # most events are reported by both documents
            sources = [person_docs[0][k]] + ([person_docs[1][k]] if both else [])
            rows["ev"].append({"id": event_id, "type": etype, "status": "occurred", "date_value": day.isoformat(),
                               "date_precision": "day", "date_start": None, "date_end": None,
                               "place_entity_id": place_ids[place],
                               "attributes": {"term": f"P{term}D"} if etype == "sentence" else {},
                               "participants": [{"role": "subject", "entity": person}], "derived": {}})
            rows["part"].append({"event_id": event_id, "entity_id": person, "role": "subject"})
            for m in sources:
                rows["evsrc"].append({"event_id": event_id, "event_mention_id": m})
            if etype == "sentence" and both:
                conflict_id += 1
                rows["conf"].append({"event_id": event_id, "field": "term", "state": "open",
                                     "values": [{"value": f"P{term}D", "mentions": [sources[0]]},
                                                {"value": f"P{term + 1}D", "mentions": [sources[1]]}]})
    tables = [(RawDocumentRow, "raw"), (DocumentRow, "doc"), (DocumentSourceRow, "src"), (EntityRow, "ent"),
              (DocEntityRow, "de"), (MentionRow, "men"), (EventMentionRow, "em"), (RoleRow, "role"), (EventRow, "ev"),
              (EventSourceRow, "evsrc"), (EventParticipantRow, "part"), (ConflictRow, "conf")]
    with store.engine.begin() as connection:
        for model, key in tables:
            items = rows[key]
            for i in range(0, len(items), 5000):
                connection.execute(insert(model.__table__), items[i:i + 5000])
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("ANALYZE")
    store.close()
    return {k: len(v) for k, v in rows.items()} | {"people": n_people}


def event_count(db: str) -> int:
    from chronicle.store import Store
    from chronicle.store.queries import counts

    store = Store.open(db)
    try:
        return counts(store)["events"]
    finally:
        store.close()


# ---------------------------------------------------------------------- load


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    env = dict(os.environ, CHRONICLE_DB=db)
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "chronicle.web.app:create_app", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log"]
    process = subprocess.Popen(cmd, env=env, cwd=REPO)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/index.json", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux), to report server CPU per request:
    unlike wall-clock latency it does not grow when other jobs share the CPUs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def drive(base: str, paths: list[str], concurrency: int, time_limit: float) -> dict:
    """Request every path (bounded: stops at ``time_limit`` seconds); latencies in ms."""
    import httpx

    deadline = time.monotonic() + time_limit
    latencies: list[float] = []
    errors = 0
    with httpx.Client(base_url=base, timeout=30) as client:
        def one(path: str):
            if time.monotonic() > deadline:
                return None
            t0 = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - t0) * 1000
            return elapsed, response.status_code

        started = time.perf_counter()
        with ThreadPoolExecutor(concurrency) as pool:
            for result in pool.map(one, paths):
                if result is None:
                    continue
                elapsed, status = result
                if status != 200:
                    errors += 1
                latencies.append(elapsed)
        wall = time.perf_counter() - started
    return {
        "requests": len(latencies), "errors": errors,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
        "p99_ms": round(percentile(latencies, 99), 1) if latencies else None,
        "max_ms": round(max(latencies), 1) if latencies else None,
        "req_per_s": round(len(latencies) / wall, 1) if wall else None,
    }


def workload(db: str, n: int, rng: random.Random) -> dict[str, list[str]]:
    from sqlalchemy import select

    from chronicle.store import Store
    from chronicle.store.models import EntityRow

    store = Store.open(db)
    with store.session() as s:
        people = list(s.execute(select(EntityRow.id, EntityRow.name).where(EntityRow.kind == "person")))
    store.close()
    picks = [rng.choice(people) for _ in range(n)]
    return {
        "person page (HTML)": [f"/people/{pid}" for pid, _ in picks],
        "person page (JSON)": [f"/people/{pid}.json" for pid, _ in picks],
        "search: a name (HTML)": [f"/search?q={name.replace(' ', '+')}" for _, name in picks],
        "search: a surname (JSON)": [f"/search.json?q={name.split()[1]}" for _, name in picks],
        "search: a common word (JSON)": [f"/search.json?q={rng.choice(['hunger', 'picket', 'appeal', 'lawyer'])}"
                                         for _ in range(max(1, n // 4))],
        "events list, filtered (JSON)": [f"/events.json?type={rng.choice(TYPES)}&year={rng.randint(2019, 2023)}"
                                         for _ in range(max(1, n // 4))],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=1000, help="per endpoint (person and name search)")
    parser.add_argument("--concurrency", type=int, default=2, help="requests in flight (default: 2, one per CPU here)")
    parser.add_argument("--time-limit", type=float, default=120, help="seconds per endpoint, at most")
    parser.add_argument("--db", default="/tmp/chronicle-web-bench.db")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    if not Path(args.db).exists() or event_count(args.db) != args.events:
        Path(args.db).unlink(missing_ok=True)
        t0 = time.perf_counter()
        sizes = generate(args.db, args.events)
        print(f"generated {sizes} in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    port = free_port()
    server = start_server(args.db, port)
    base = f"http://127.0.0.1:{port}"
    try:
        rng = random.Random(11)
        load = workload(args.db, args.requests, rng)
        drive(base, [p for paths in load.values() for p in paths[:25]], args.concurrency, 60)  # warm-up
        results = {}
        for name, paths in load.items():
            before = cpu_seconds(server.pid)
            results[name] = drive(base, paths, args.concurrency, args.time_limit)
            after = cpu_seconds(server.pid)
            if before is not None and after is not None and results[name]["requests"]:
                results[name]["server_cpu_ms_per_request"] = round((after - before) * 1000 / results[name]["requests"], 1)
    finally:
        server.terminate()
        server.wait(10)
    report = {"events": args.events, "concurrency": args.concurrency, "cpus": os.cpu_count(),
              "load_average_at_end": [round(x, 1) for x in os.getloadavg()], "results": results}
    print(json.dumps(report, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
