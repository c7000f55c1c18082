"""Fictional datasets of any size in the dataset-directory format, for the benchmarks.

    python -m bench.generate OUT_DIR [--people 100000] [--events 1000000] [--seed 2021]

Everything is invented: people's names are random pairs of common given names and surname
stems (any resemblance to a real person is accidental), and regions, courts, movements, monitoring
groups and sources have made-up names. The shape follows what monitors record: each person has a
plausible sequence of dated events (searched, detained, remanded, tried, sentenced, appealed,
released, sometimes dead), cases with several defendants charged under the Kazakhstan articles,
recognitions by monitoring groups for a share of people, affiliations with banned movements,
status reports by sources, torture allegations, and a few stated figures (claims). Every event
cites a source. The files are JSON lines, written with orjson; the same sizes and seed give the
same bytes. `docket load OUT_DIR` accepts the result with no problems.
"""

from __future__ import annotations

import argparse
import random
import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any

import orjson

from bench.story import (
    CUTOFF,
    HOSPITALS,
    PENITENTIARIES,
    REGIONS,
    CaseContext,
    Record,
    Story,
    iso,
    perpetrator,
)

FIRST = date(2012, 1, 1).toordinal()  # the earliest story starts then
LAST_START = date(2024, 9, 30).toordinal()  # the latest story starts then
FILES = (
    "sources",
    "organisations",
    "people",
    "cases",
    "events",
    "recognitions",
    "claims",
)

# --- invented names -------------------------------------------------------------------------

MALE = [
    ("Aidar", "Айдар"), ("Asylbek", "Асылбек"), ("Askar", "Аскар"), ("Baurzhan", "Бауыржан"),
    ("Bolat", "Болат"), ("Dauren", "Даурен"), ("Daniyar", "Данияр"), ("Erlan", "Ерлан"),
    ("Galym", "Галым"), ("Kairat", "Кайрат"), ("Marat", "Марат"), ("Nurlan", "Нурлан"),
    ("Olzhas", "Олжас"), ("Ruslan", "Руслан"), ("Serik", "Серик"), ("Talgat", "Талгат"),
    ("Timur", "Тимур"), ("Erbol", "Ербол"), ("Zhanibek", "Жанибек"), ("Arman", "Арман"),
    ("Azamat", "Азамат"), ("Beibit", "Бейбит"), ("Dias", "Диас"), ("Ilyas", "Ильяс"),
    ("Kanat", "Канат"), ("Nurzhan", "Нуржан"), ("Samat", "Самат"), ("Erzhan", "Ержан"),
    ("Almas", "Алмас"), ("Ermek", "Ермек"),
]  # fmt: skip
FEMALE = [
    ("Aigerim", "Айгерим"), ("Aliya", "Алия"), ("Asel", "Асель"), ("Ainur", "Айнур"),
    ("Dana", "Дана"), ("Dinara", "Динара"), ("Gulnara", "Гульнара"), ("Kamila", "Камила"),
    ("Madina", "Мадина"), ("Saule", "Сауле"), ("Zhanna", "Жанна"), ("Aizhan", "Айжан"),
    ("Botagoz", "Ботагоз"), ("Gaukhar", "Гаухар"), ("Laura", "Лаура"), ("Meruert", "Меруерт"),
    ("Nazgul", "Назгуль"), ("Raushan", "Раушан"), ("Togzhan", "Тогжан"), ("Zarina", "Зарина"),
    ("Akmaral", "Акмарал"), ("Anar", "Анар"), ("Balzhan", "Балжан"), ("Elmira", "Эльмира"),
    ("Indira", "Индира"),
]  # fmt: skip
SURNAMES = [
    ("Abenov", "Абенов"), ("Akhmetov", "Ахметов"), ("Alibekov", "Алибеков"),
    ("Amanov", "Аманов"), ("Baimukhanov", "Баймуханов"), ("Bekov", "Беков"),
    ("Dosanov", "Досанов"), ("Ermekov", "Ермеков"), ("Esenov", "Есенов"),
    ("Iskakov", "Искаков"), ("Kairatov", "Кайратов"), ("Kasymov", "Касымов"),
    ("Mukanov", "Муканов"), ("Nurlanov", "Нурланов"), ("Omarov", "Омаров"),
    ("Ospanov", "Оспанов"), ("Rakhimov", "Рахимов"), ("Sadykov", "Садыков"),
    ("Sarsenov", "Сарсенов"), ("Serikbaev", "Серикбаев"), ("Temirov", "Темиров"),
    ("Tokhtarov", "Тохтаров"), ("Utegenov", "Утегенов"), ("Zhakupov", "Жакупов"),
    ("Zhumabaev", "Жумабаев"), ("Karimov", "Каримов"), ("Kenzhebaev", "Кенжебаев"),
    ("Mamyrov", "Мамыров"), ("Orazov", "Оразов"), ("Sagyndykov", "Сагындыков"),
    ("Tulegenov", "Тулегенов"), ("Zhunusov", "Жунусов"), ("Kuanyshev", "Куанышев"),
    ("Shaikenov", "Шайкенов"), ("Baigaliev", "Байгалиев"), ("Nurmagambetov", "Нурмагамбетов"),
    ("Tasmagambetov", "Тасмагамбетов"), ("Yesimov", "Есимов"), ("Bektasov", "Бектасов"),
    ("Sultanov", "Султанов"),
]  # fmt: skip
OCCUPATIONS = [
    "activist", "blogger", "journalist", "lawyer", "teacher", "engineer", "entrepreneur",
    "pensioner", "student", "driver", "doctor", "farmer", "trade unionist", "oil worker",
]  # fmt: skip
MOVEMENTS = [
    ("steppe-freedom", "Steppe Freedom Movement", "opposition_movement"),
    ("open-voice", "Open Voice Party", "political_party"),
    ("green-steppe", "Green Steppe", "opposition_movement"),
    ("youth-awake", "Youth Awake", "opposition_movement"),
    ("free-workers", "Free Workers' Union", "other"),
]
MONITORS = [
    ("free-voices", "Free Voices Monitor"),
    ("steppe-rights-watch", "Steppe Rights Watch"),
    ("fair-trial-bureau", "Fair Trial Bureau"),
]

# Charges: (article, part or None, weight); a charge may carry only the source's wording.
CHARGES = [
    ("kz-cc-405", "2", 30), ("kz-cc-405", "1", 6), ("kz-cc-174", "1", 14),
    ("kz-cc-174", "2", 4), ("kz-cc-274", None, 10), ("kz-cc-400", None, 8),
    ("kz-cc-380", None, 5), ("kz-cc-182", None, 4), ("kz-cc-179", None, 3),
    ("kz-cc-258", None, 2), ("kz-cc-180", None, 1), (None, None, 3),
]  # fmt: skip
WORDINGS = ["extremism", "participation in a banned organisation", "inciting discord"]
PACE = ("pace-1900-a", "pace-1900-b", "pace-1900-c", "pace-1900-d", "pace-1900-e")
# Paths a person's story can take: share of the victims, and how many events such a story
# has relative to the average (a prison term is reported on far more often than a summons).
PATHS = [
    ("prison", 34, 1.5), ("restricted", 20, 1.0), ("admin", 14, 0.7), ("observed", 10, 0.6),
    ("pressure", 10, 0.5), ("exile", 7, 0.7), ("psychiatric", 5, 1.2),
]  # fmt: skip
CASE_PATHS = {"prison", "restricted", "exile", "psychiatric"}


class _Writer:
    def __init__(self, directory: Path) -> None:
        self.files: dict[str, IO[bytes]] = {
            name: (directory / f"{name}.jsonl").open("wb", buffering=1 << 20) for name in FILES
        }
        self.counts = dict.fromkeys(FILES, 0)

    def write(self, name: str, record: Record) -> None:
        self.files[name].write(orjson.dumps(record, option=orjson.OPT_APPEND_NEWLINE))
        self.counts[name] += 1

    def close(self) -> None:
        for f in self.files.values():
            f.close()


class Generator:
    def __init__(self, writer: _Writer, *, people: int, events: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.out = writer
        self.people = people
        self.events = events
        self.n_sources = max(20, people // 20)
        self.n_officials = min(people - 1, max(1, people // 100))
        self.cases = 0

    def source_for(self, day: int) -> str | Record:
        """A source published soon after the day (sources are numbered in date order)."""
        span = CUTOFF + 180 - FIRST
        index = (day - FIRST) * self.n_sources // span + self.rng.randint(0, 3)
        sid = f"src-{max(0, min(self.n_sources - 1, index)):06d}"
        if self.rng.random() < 0.25:
            return {"source": sid, "at": f"p. {self.rng.randint(1, 40)}"}
        return sid

    def cite(self, day: int) -> list[str | Record]:
        first = self.source_for(day)
        if self.rng.random() < 0.15:
            second = self.source_for(day + 30)
            if second != first:
                return [first, second]
        return [first]

    def write_sources(self) -> None:
        rng = self.rng
        span = CUTOFF + 180 - FIRST
        kinds = ("web_page", "report", "court_decision", "social_media", "testimony")
        for i in range(self.n_sources):
            day = FIRST + i * span // self.n_sources
            kind = rng.choices(kinds, (40, 20, 15, 12, 13))[0]
            record: Record = {"id": f"src-{i:06d}", "kind": kind, "date": iso(day)}
            if kind == "report":
                monitor = MONITORS[i % len(MONITORS)][1]
                record |= {"title": f"{monitor}: monitoring report no. {i}", "publisher": monitor}
            elif kind == "court_decision":
                record["title"] = f"Court decision no. {i}/{date.fromordinal(day).year}"
            elif kind == "testimony":
                record |= {
                    "title": f"Testimony recorded on {iso(day)}",
                    "sensitivity": "restricted",
                }
            else:
                url = f"https://news.example.org/items/{i}"
                record |= {"title": f"News item {i}", "publisher": "Steppe Courier", "url": url}
            record["language"] = rng.choice(("en", "ru", "ru", "kk"))
            reliability = ("confirmed", "probably_true", "possibly_true", "unknown")
            record["reliability"] = rng.choices(reliability, (30, 40, 20, 10))[0]
            self.out.write("sources", record)

    def write_organisations(self) -> None:
        write = self.out.write
        for rid, name, kind in MOVEMENTS:
            source = self.source_for(FIRST)
            write("organisations", {"id": rid, "name": name, "kind": kind, "sources": [source]})
        for rid, name in MONITORS:
            write("organisations", {"id": rid, "name": name, "kind": "human_rights_group"})
        for slug, region in REGIONS:
            for prefix, label, kind in (
                ("court", "Specialised Criminal Court", "court"),
                ("police", "Police Department", "police"),
                ("prosecutor", "Prosecutor's Office", "prosecutor_office"),
            ):
                name = f"{region} {label}"
                write("organisations", {"id": f"{prefix}-{slug}", "name": name, "kind": kind})
        for n in range(1, PENITENTIARIES + 1):
            name, kind = f"Penal Colony No. {n}", "penitentiary"
            write("organisations", {"id": f"colony-{n}", "name": name, "kind": kind})
        for n in range(1, HOSPITALS + 1):
            name, kind = f"Regional Psychiatric Hospital No. {n}", "psychiatric_hospital"
            write("organisations", {"id": f"hospital-{n}", "name": name, "kind": kind})

    def person_record(self, pid: str, occupation: str) -> Record:
        rng = self.rng
        female = rng.random() < 0.35
        given, given_cy = rng.choice(FEMALE if female else MALE)
        surname, surname_cy = rng.choice(SURNAMES)
        if female:
            surname, surname_cy = surname + "a", surname_cy + "а"
        name = f"{given} {surname}"
        record: Record = {"id": pid, "name": name, "sex": "female" if female else "male"}
        names: list[str | Record] = []
        if rng.random() < 0.6:
            cyrillic = f"{given_cy} {surname_cy}"
            names.append({"value": cyrillic, "kind": "transliteration", "lang": "ru"})
        variant = name.replace("Zh", "J").replace("kh", "h").replace("E", "Ye", 1)
        if variant != name and rng.random() < 0.3:
            names.append(variant)
        if names:
            record["names"] = names
        r = rng.random()
        if r < 0.95:
            born = iso(rng.randint(date(1950, 1, 1).toordinal(), date(2003, 12, 31).toordinal()))
            record["born"] = born if r < 0.7 else born[:4]
        region = REGIONS[rng.randrange(len(REGIONS))][1]
        record |= {"occupation": occupation, "region": region}
        if rng.random() < 0.1:
            record["summary"] = f"{occupation.capitalize()} from the {region}."
        if rng.random() < 0.5:
            record["sources"] = [self.source_for(rng.randint(FIRST, LAST_START))]
        record["sensitivity"] = "public" if rng.random() < 0.4 else "internal"
        return record

    def new_case(self) -> CaseContext:
        rng = self.rng
        self.cases += 1
        start = rng.randint(FIRST, LAST_START)
        trial = start + rng.randint(100, 260)
        choices = [(article, part) for article, part, _ in CHARGES]
        weights = [weight for _, _, weight in CHARGES]
        charges = []
        for article, part in rng.choices(choices, weights, k=1 if rng.random() < 0.7 else 2):
            charge: Record = {"article": article} if article else {}
            if part:
                charge["part"] = part
            if article is None or rng.random() < 0.1:
                charge["wording"] = rng.choice(WORDINGS)
            charges.append(charge)
        return CaseContext(
            id=f"case-{self.cases:06d}",
            region=rng.randrange(len(REGIONS)),
            start=start,
            trial=trial,
            verdict=trial + rng.randint(20, 90),
            judge=f"official-{rng.randrange(self.n_officials):05d}",
            prosecutor=f"official-{rng.randrange(self.n_officials):05d}",
            movement=rng.randrange(len(MOVEMENTS)),
            charges=charges,
        )

    def write_case(self, ctx: CaseContext) -> None:
        slug, region = REGIONS[ctx.region]
        first, others = ctx.defendants[0]["name"], len(ctx.defendants) - 1
        record: Record = {
            "id": ctx.id,
            "title": f"Case against {first}" + (f" and {others} others" if others else ""),
            "jurisdiction": "KZ",
            "number": f"{date.fromordinal(ctx.start).year}-{ctx.id[5:]}",
            "courts": [f"court-{slug}"],
            "defendants": [{"person": d["id"], "charges": ctx.charges} for d in ctx.defendants],
            "sources": [self.source_for(ctx.verdict)],
        }
        if others > 2:
            record["summary"] = f"Group case in the {region}."
        self.out.write("cases", record)

    def person(self, index: int, path: str, ctx: CaseContext | None, budget: int) -> int:
        """Write one victim, their events and recognitions; return how many events."""
        rng = self.rng
        pid = f"p{index:07d}"
        record = self.person_record(pid, rng.choice(OCCUPATIONS))
        start = ctx.start + rng.randint(0, 20) if ctx else rng.randint(FIRST, LAST_START)
        if ctx is not None:
            ctx.defendants.append(record)
            charge = ctx.charges[0]
            if charge.get("article") == "kz-cc-405" or rng.random() < 0.1:
                role = (
                    "leader" if charge.get("part") == "1" else rng.choice(("member", "supporter"))
                )
                movement = MOVEMENTS[ctx.movement][0]
                cites = [self.source_for(start)]
                record["affiliations"] = [
                    {"organisation": movement, "role": role, "sources": cites}
                ]
        elif rng.random() < 0.1:
            movement = rng.choice(MOVEMENTS)[0]
            record["affiliations"] = [{"organisation": movement, "role": "supporter"}]
        if index > 0 and rng.random() < 0.015:
            kind = rng.choice(("brother", "sister", "spouse", "relative", "associate"))
            record["relations"] = [{"kind": kind, "person": f"p{index - 1:07d}"}]
        self.out.write("people", record)

        story = Story(rng, pid, ctx, start)
        getattr(story, path)(*([ctx] if ctx else []))
        events = story.told(budget)
        for n, (day, event) in enumerate(events, start=1):
            event["id"] = f"{pid}-e{n:03d}"
            event["sources"] = self.cite(day)
            self.out.write("events", event)
        self.recognitions(pid, path, story)
        return len(events)

    def recognitions(self, pid: str, path: str, story: Story) -> None:
        rng = self.rng
        made = 0

        def recognise(kind: str, by: str, day: int, **extra: Any) -> None:
            nonlocal made
            if day <= CUTOFF:
                made += 1
                record: Record = {"id": f"{pid}-r{made}", "person": pid, "kind": kind, "by": by}
                record |= {"date": iso(day), **extra, "sources": [self.source_for(day)]}
                self.out.write("recognitions", record)

        custody, released, persecuted = story.custody, story.released, story.persecuted
        if custody is not None and rng.random() < (0.15 if path == "admin" else 0.65):
            day = custody + rng.randint(20, 200)
            if rng.random() < 0.1:
                recognise("under_review", "free-voices", day - 15)
            criteria = sorted(rng.sample(PACE, rng.randint(1, 2)))
            recognise("political_prisoner", "free-voices", day, criteria=criteria)
            if rng.random() < 0.25:
                later = day + rng.randint(10, 120)
                recognise("prisoner_of_conscience", "steppe-rights-watch", later)
            if released is not None and rng.random() < 0.4:
                later = released + rng.randint(10, 60)
                recognise("former_political_prisoner", "free-voices", later)
        elif persecuted is not None and rng.random() < (0.1 if path == "pressure" else 0.4):
            recognise("politically_persecuted", "free-voices", persecuted + rng.randint(20, 200))
        first = custody or persecuted
        if first is not None and rng.random() < 0.01:
            why = "Violence is alleged; the bureau could not verify the case file."
            recognise("not_recognised", "fair-trial-bureau", first + 300, rationale=why)

    def organisation_events(self, count: int) -> None:
        for n, (slug, _, _) in enumerate(MOVEMENTS[:count]):
            day = FIRST + 400 + n * 300
            parties = [{"organisation": slug, "role": "subject"}, perpetrator("court-capital")]
            self.out.write(
                "events",
                {
                    "id": f"ban-{slug}",
                    "kind": "organisation_banned" if n % 2 == 0 else "designated_extremist",
                    "date": iso(day),
                    "parties": parties,
                    "sources": [self.source_for(day)],
                    "sensitivity": "public",
                },
            )

    def claims(self) -> None:
        rng = self.rng
        metrics = [
            ("political_prisoners", "people", "political prisoners"),
            ("people_prosecuted", "people", "people prosecuted"),
            ("people_prosecuted_extremism", "people", "people prosecuted for 'extremism'"),
            ("people_sentenced", "people", "people sentenced"),
            ("prosecutions_opened", "prosecutions", "prosecutions opened"),
        ]
        count = max(5, min(60, self.people // 2000))
        for i in range(count):
            metric, unit, words = metrics[i % len(metrics)]
            day = FIRST + 365 + i * (CUTOFF - FIRST - 365) // count
            scale = max(4, self.people // (40 if metric == "political_prisoners" else 10))
            value = rng.randint(scale // 2, scale)
            self.out.write(
                "claims",
                {
                    "id": f"claim-{i:03d}",
                    "metric": metric,
                    "value": value,
                    "qualifier": rng.choice(("at_least", "over", "about")),
                    "unit": unit,
                    "as_of": iso(day),
                    "wording": f"at least {value} {words}",
                    "stated_by": MONITORS[i % 2][0],
                    "jurisdiction": "KZ",
                    "sources": [self.source_for(day)],
                },
            )

    def run(self) -> dict[str, int]:
        rng = self.rng
        self.write_sources()
        self.write_organisations()
        for i in range(self.n_officials):
            occupation = rng.choice(("judge", "prosecutor", "investigator"))
            record = self.person_record(f"official-{i:05d}", occupation)
            record.pop("sources", None)
            self.out.write("people", record)
        org_events = min(len(MOVEMENTS), self.events // 1000)
        self.organisation_events(org_events)
        # Spread the events over the victims: each gets a share in proportion to the kind of
        # story, recomputed as we go so that the total comes out exact.
        paths = [name for name, _, _ in PATHS]
        shares = [share for _, share, _ in PATHS]
        weight = dict((name, w) for name, _, w in PATHS)
        mean_weight = sum(s * w for _, s, w in PATHS) / sum(shares)
        victims = self.people - self.n_officials
        left = self.events - org_events
        index = 0
        while index < victims:
            path = rng.choices(paths, shares)[0]
            ctx = self.new_case() if path in CASE_PATHS else None
            size = 1 if ctx is None or rng.random() < 0.75 else rng.randint(2, 13)
            for _ in range(min(size, victims - index)):
                remaining = victims - index
                if remaining == 1:
                    budget = left
                else:
                    fair = left * weight[path] / (remaining * mean_weight)
                    budget = min(left, round(fair * rng.uniform(0.6, 1.4)))
                left -= self.person(index, path, ctx, budget)
                index += 1
            if ctx is not None:
                self.write_case(ctx)
        self.claims()
        return dict(self.out.counts)


def generate(
    directory: Path, *, people: int = 100_000, events: int = 1_000_000, seed: int = 2021
) -> dict[str, int]:
    """Write a fictional dataset into `directory` (emptied first); return the record counts."""
    if people < 1 or events < 1:
        raise ValueError("people and events must be at least 1")
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    (directory / "dataset.yaml").write_text(
        f"id: bench-fictional\n"
        f"title: Fictional benchmark dataset ({people} people, {events} events)\n"
        "description: Generated by bench/generate.py. Every person, body and source is invented;\n"
        "  any resemblance to a real person is accidental.\n"
        "jurisdiction: KZ\n",
        "utf-8",
    )
    writer = _Writer(directory)
    try:
        return Generator(writer, people=people, events=events, seed=seed).run()
    finally:
        writer.close()


def main(argv: list[str] | None = None, *, echo: Callable[[str], None] = print) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="where to write the dataset (emptied first)")
    parser.add_argument("--people", type=int, default=100_000, help="people (default 100000)")
    parser.add_argument("--events", type=int, default=1_000_000, help="events (default 1000000)")
    parser.add_argument("--seed", type=int, default=2021, help="random seed (default 2021)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    counts = generate(args.directory, people=args.people, events=args.events, seed=args.seed)
    seconds = time.perf_counter() - started
    listing = ", ".join(f"{v} {k}" for k, v in counts.items())
    echo(f"Wrote {args.directory} in {seconds:.1f} s: {listing}.")


if __name__ == "__main__":
    main()
