"""Generated news reports for benchmarks: fictional, varied, deterministic.

Each report is built from templates with different people, places, dates
and terms, so the pipeline sees realistic sentences without any third-party
text. Used by the ingest, resolution and scale-out benchmarks.
"""
from __future__ import annotations

import random
from pathlib import Path

GIVEN = ["Aigul", "Marat", "Dana", "Yerlan", "Olga", "Pavel", "Irina", "Timur", "Saule", "Ruslan", "Anna", "Bolat",
         "Zhanna", "Nurlan", "Ilya", "Svetlana", "Askar", "Leyla", "Kerem", "Nasrin"]
FAMILY = ["Ospanov", "Petrenko", "Sadykova", "Volk", "Grek", "Lisova", "Bekov", "Amanova", "Sarsenov", "Moroz",
          "Utepova", "Zaitsev", "Rakhimova", "Demir", "Kamali", "Tokayev", "Baimukhanov", "Seitkali", "Ermekova", "Frolov"]
CITIES = ["Almaty", "Shymkent", "Minsk", "Grodno", "Bishkek", "Tbilisi", "Ankara", "Moscow", "Kazan", "Aktau"]
OUTLETS = ["Steppe Monitor", "Caspian Herald", "Solidarity Weekly", "Rights Bulletin"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]

PARAGRAPHS = [
    "Police in {city} arrested the trade unionist {name} on {day} {month} {year}.",
    "{name} was charged with organising an unsanctioned rally and sentenced to {term} days of administrative detention.",
    "An appeal against the sentence was rejected by the city court of {city} on {day2} {month} {year}.",
    "{name} went on hunger strike in protest at the sentence, supporters said.",
    "On {day2} {month}, around {crowd} people held a picket outside the court in {city} to demand the release of {name}.",
    "{name} will be released on {day3} {month}, according to the lawyer {lawyer}.",
    "Workers at the {city} cement plant went on strike last week over unpaid wages.",
    "The committee of solidarity sent a letter to the prosecutor general demanding that the charges be dropped.",
]


def report(n: int) -> tuple[str, str, str]:
    """(title, outlet, body) of the n-th generated report."""
    rng = random.Random(n)
    name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}{n % 97}"
    lawyer = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
    fields = dict(
        city=rng.choice(CITIES), name=name, lawyer=lawyer, month=rng.choice(MONTHS), year=2015 + n % 8,
        day=rng.randint(1, 9), day2=rng.randint(10, 18), day3=rng.randint(19, 28), term=rng.choice([10, 14, 15]),
        crowd=rng.randint(20, 400),
    )
    body = "\n\n".join(p.format(**fields) for p in rng.sample(PARAGRAPHS, k=rng.randint(4, len(PARAGRAPHS))))
    title = f"{name} jailed in {fields['city']}"
    return title, rng.choice(OUTLETS), body


def write_text_reports(directory: Path, count: int, start: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        title, outlet, body = report(n)
        path = directory / f"report-{n:06}.txt"
        path.write_text(f"{outlet}\n\nHome | News | Campaigns | Donate\n\n{title}\n\n{body}\n\nShare this article\n", encoding="utf-8")
        paths.append(path)
    return paths


def write_html_reports(directory: Path, count: int, start: int = 0) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(start, start + count):
        title, outlet, body = report(n)
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        html = (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title} | {outlet}</title>"
            f"<meta property='og:site_name' content='{outlet}'>"
            f"<meta property='article:published_time' content='20{15 + n % 8}-03-{n % 27 + 1:02}'></head>"
            f"<body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            f"<footer>© {outlet}</footer></body></html>"
        )
        path = directory / f"report-{n:06}.html"
        path.write_text(html, encoding="utf-8")
        paths.append(path)
    return paths
