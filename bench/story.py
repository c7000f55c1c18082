"""One person's story for the benchmark datasets: dated events that follow one of a few
paths (prison, restricted liberty, administrative arrests, exile...), the windows where filler
events fit, and the milestones recognitions follow. See bench/generate.py."""

from __future__ import annotations

import calendar
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

Record = dict[str, Any]

CUTOFF = date(2025, 6, 30).toordinal()  # the record ends: nothing later is written
REGIONS = [
    ("north-steppe", "North Steppe Region"), ("lake", "Lake Region"),
    ("east-hills", "East Hills Region"), ("river", "River Region"),
    ("south-valley", "South Valley Region"), ("west-plain", "West Plain Region"),
    ("capital", "Capital City"), ("old-capital", "Old Capital City"),
    ("salt-lake", "Salt Lake Region"), ("high-pass", "High Pass Region"),
    ("desert", "Desert Region"), ("pine-ridge", "Pine Ridge Region"),
]  # fmt: skip
PENITENTIARIES = 24
HOSPITALS = 3
TORTURE = [
    "Beaten during questioning, according to the lawyer.",
    "Held in a cold cell without bedding for several days, relatives say.",
    "Says officers put a bag over the head during the search.",
    "Bruises seen by the lawyer after the transfer.",
]
HARASSMENT = [
    "Police visited the home and questioned neighbours.",
    "Employer was told to dismiss the person.",
    "Followed by plain-clothes officers for a week.",
]

# Events a story can lose when a person's share of events is smaller than the story: losing them
# does not leave anyone in custody forever, as cutting a story short would.
OPTIONAL = {
    "summoned", "searched", "questioned", "case_opened", "trial_started", "protest",
    "administrative_fine", "torture_allegation", "travel_ban", "wanted_domestic",
}  # fmt: skip
CUSTODY_FILLERS = ("solitary_confinement", "denial_of_medical_care", "hunger_strike")
LIBERTY_FILLERS = (
    "harassment", "surveillance", "smear_campaign", "pressure_on_relatives", "statement",
    "administrative_fine",
)  # fmt: skip


def iso(day: int) -> str:
    return date.fromordinal(day).isoformat()


def add_months(day: int, months: int) -> int:
    """The same arithmetic as docket.domain.dates.Duration.add_to."""
    d = date.fromordinal(day)
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last)).toordinal()


def term_text(months: int) -> str:
    years, rest = divmod(months, 12)
    return (f"{years}y" if years else "") + (f"{rest}m" if rest else "")


def perpetrator(org: str, involvement: str = "decided") -> Record:
    return {"organisation": org, "role": "perpetrator", "involvement": involvement}


def official(pid: str, involvement: str, position: str) -> Record:
    return {"person": pid, "role": "perpetrator", "involvement": involvement, "position": position}


@dataclass(slots=True)
class CaseContext:
    """What the defendants of one case share: dates, court, judge, charges, movement."""

    id: str
    region: int
    start: int
    trial: int
    verdict: int
    judge: str
    prosecutor: str
    movement: int
    charges: list[Record]
    defendants: list[Record] = field(default_factory=list)


@dataclass(slots=True)
class Window:
    """Days in which filler events fit, and the status a source would report then."""

    start: int
    end: int  # exclusive
    status: str  # "" when not in custody
    case: str | None = None


class Story:
    """One person's dated events (day, record without id), in the order the story tells them;
    the windows that filler events may go in; and the milestones recognitions follow."""

    def __init__(self, rng: random.Random, pid: str, ctx: CaseContext | None, start: int) -> None:
        self.rng, self.pid, self.ctx, self.start = rng, pid, ctx, start
        self.events: list[tuple[int, Record]] = []
        self.windows = [Window(start - rng.randint(60, 400), start, "")]
        self.custody: int | None = None  # first day in custody
        self.released: int | None = None
        self.persecuted: int | None = None  # first day persecuted, not held
        region = REGIONS[ctx.region if ctx else rng.randrange(len(REGIONS))][0]
        self.police = perpetrator(f"police-{region}", "directly_carried_out")
        self.court = perpetrator(f"court-{region}")

    def add(self, kind: str, day: int, **extra: Any) -> None:
        record: Record = {"id": "", "kind": kind, "date": iso(day), "victims": [self.pid]}
        if self.ctx and kind not in ("searched", "summoned"):
            record["case"] = self.ctx.id
        record.update(extra)
        self.events.append((day, record))

    def window(self, start: int, end: int, status: str = "", *, case: bool = False) -> None:
        self.windows.append(Window(start, end, status, self.ctx.id if case and self.ctx else None))

    def preliminaries(self) -> None:
        if self.rng.random() < 0.4:
            self.add("summoned", self.start - self.rng.randint(10, 60))
        if self.rng.random() < 0.5:
            self.add("searched", self.start - self.rng.randint(0, 5), parties=[self.police])

    def verdict(self, kind: str, ctx: CaseContext, sentence: list[Record]) -> None:
        parties = [official(ctx.judge, "decided", "judge"), self.court]
        if self.rng.random() < 0.5:
            parties.append(official(ctx.prosecutor, "prosecuted", "prosecutor"))
        self.add(kind, ctx.verdict, parties=parties, sentence=sentence)

    def prison(self, ctx: CaseContext) -> None:
        rng, d = self.rng, self.start
        self.preliminaries()
        self.add("detained", d, parties=[self.police])
        self.add("charged", d + rng.randint(1, 3))
        self.add("pre_trial_detention", d + 2, parties=[self.court])
        self.custody = d
        house = d + 2 + rng.randint(30, 90)
        if rng.random() < 0.2 and house < ctx.trial:
            self.add("house_arrest", house, parties=[self.court])
            self.window(d + 2, house, "pre_trial_detention", case=True)
            self.window(house, ctx.verdict, "house_arrest", case=True)
        else:
            self.window(d + 2, ctx.verdict, "pre_trial_detention", case=True)
        if rng.random() < 0.1:
            torture = rng.choice(TORTURE)
            extra = {"parties": [self.police], "description": torture, "sensitivity": "restricted"}
            self.add("torture_allegation", d + rng.randint(1, 10), **extra)
        self.add("trial_started", ctx.trial)
        months = rng.choice((12, 18, 24, 36, 36, 48, 60, 60, 72, 84, 96, 120))
        counted_from = d if rng.random() < 0.5 else ctx.verdict  # time on remand counts or not
        regime = rng.choice(("minimum", "medium", "maximum"))
        prison = {"kind": "imprisonment", "term": term_text(months), "regime": regime}
        sentence = [prison | {"start": iso(counted_from)}]
        if rng.random() < 0.4:
            sentence.append({"kind": "activity_ban", "term": f"{rng.randint(2, 7)}y"})
        self.verdict("verdict", ctx, sentence)
        end = add_months(counted_from, months)
        if rng.random() < 0.5:
            if rng.random() < 0.3 and months > 12:
                months -= 12  # the appeal court shortens the term
                end = add_months(counted_from, months)
            changed = [sentence[0] | {"term": term_text(months)}, *sentence[1:]]
            appeal = ctx.verdict + rng.randint(40, 90)
            if appeal < end:
                self.add("appeal_decision", appeal, parties=[self.court], sentence=changed)
        jailed = ctx.verdict
        r = rng.random()
        if end <= jailed + 2:  # time served on remand: released in the courtroom
            exit_day, exit_kind = jailed, "released_sentence_served"
        elif r < 0.015:
            death = rng.randint(jailed + 1, end - 1)
            colony = f"colony-{rng.randint(1, PENITENTIARIES)}"
            self.add("died_in_custody", death, parties=[perpetrator(colony, "failed_to_prevent")])
            self.window(jailed, death, "imprisoned", case=True)
            return
        elif r < 0.2:
            exit_day = jailed + int((end - jailed) * rng.uniform(0.3, 0.9))
            exit_kind = rng.choice(("released_on_parole", "pardoned", "amnestied"))
        else:
            exit_day, exit_kind = end, "released_sentence_served"
        self.add(exit_kind, exit_day)
        self.window(jailed, exit_day, "imprisoned", case=True)
        self.window(exit_day + 1, exit_day + 700)
        self.released = exit_day

    def restricted(self, ctx: CaseContext) -> None:
        rng, d = self.rng, self.start
        self.preliminaries()
        if rng.random() < 0.3:
            self.add("case_opened", d - 2)
        self.add("charged", d)
        if rng.random() < 0.4:
            self.add("travel_ban", d + rng.randint(1, 30), parties=[self.court])
        self.add("trial_started", ctx.trial)
        self.window(d, ctx.verdict, case=True)
        self.persecuted = d
        r = rng.random()
        if r < 0.5:
            low = rng.randint(1, 4)
            term = f"{low}y-{low + 1}y" if rng.random() < 0.1 else f"{low}y"
            sentence: list[Record] = [{"kind": "restriction_of_liberty", "term": term}]
        elif r < 0.7:
            sentence = [{"kind": "suspended_sentence", "term": f"{rng.randint(1, 3)}y"}]
        elif r < 0.85:
            sentence = [{"kind": "fine", "amount": f"{rng.choice((100, 200, 500, 1000))} MCI"}]
        else:
            sentence = [{"kind": "community_work", "term": f"{rng.randint(3, 9)}m"}]
        if rng.random() < 0.3:
            sentence.append({"kind": "activity_ban", "term": f"{rng.randint(2, 5)}y"})
        self.verdict("verdict", ctx, sentence)
        self.window(ctx.verdict + 1, ctx.verdict + 600)
        if rng.random() < 0.3:
            appeal = ctx.verdict + rng.randint(40, 90)
            self.add("appeal_decision", appeal, parties=[self.court], sentence=sentence)
        if sentence[0]["kind"] == "restriction_of_liberty" and rng.random() < 0.1:
            # The restriction is replaced by prison for breaking its conditions.
            changed, months = ctx.verdict + rng.randint(150, 400), rng.randint(1, 2) * 12
            prison = {"kind": "imprisonment", "term": term_text(months), "regime": "minimum"}
            self.add("sentence_changed", changed, parties=[self.court], sentence=[prison])
            end = add_months(changed, months)
            self.add("released_sentence_served", end)
            self.window(changed, end, "imprisoned", case=True)
            self.custody, self.released = changed, end

    def admin(self) -> None:
        rng, day = self.rng, self.start
        for _ in range(rng.randint(1, 3)):
            days = rng.randint(5, 15)
            self.add("protest", day, place=REGIONS[rng.randrange(len(REGIONS))][1])
            parties = [self.police, self.court]
            self.add("administrative_arrest", day, end_date=iso(day + days), parties=parties)
            self.add("released", day + days)
            self.window(day, day + days, "administrative_arrest")
            self.custody = self.custody or day
            if rng.random() < 0.3:
                fined = day + days + rng.randint(10, 60)
                self.add("administrative_fine", fined, parties=[self.court])
            self.window(day + days + 1, day + days + 200)
            day += days + rng.randint(60, 500)

    def observed(self) -> None:
        # A source says only that the person is held, as of its publication.
        rng, d = self.rng, self.start
        self.add("status_reported", d, status="held" if rng.random() < 0.7 else "imprisoned")
        self.events[-1][1]["date"] = "../" + iso(d)
        self.custody = d
        exit_day = d + rng.randint(30, 500) if rng.random() < 0.4 else d + 900
        if exit_day < d + 900:
            if rng.random() < 0.2:
                self.add("whereabouts_unknown", exit_day)
            else:
                self.add("released", exit_day)
                self.released = exit_day
        self.window(d + 1, exit_day, "held")

    def pressure(self) -> None:
        rng, d = self.rng, self.start
        self.preliminaries()
        kind = rng.choice(("harassment", "surveillance", "smear_campaign"))
        self.add(kind, d, description=rng.choice(HARASSMENT))
        if rng.random() < 0.5:
            self.add("questioned", d + rng.randint(5, 60), parties=[self.police])
        self.persecuted = d
        end = d + 800
        if rng.random() < 0.04:
            end = d + rng.randint(60, 600)
            kind = rng.choice(("killed", "died_after_police_contact"))
            self.add(kind, end, parties=[self.police])
        self.window(d + 1, end)

    def exile(self, ctx: CaseContext) -> None:
        rng, d = self.rng, self.start
        self.preliminaries()
        self.add("charged", d)
        wanted = d + rng.randint(30, 90)
        self.add("wanted_domestic", wanted)
        self.add("wanted_international", wanted + rng.randint(30, 120))
        self.add("exile", wanted + rng.randint(0, 200))
        term = term_text(rng.choice((36, 60, 84, 120)))
        self.verdict("verdict_in_absentia", ctx, [{"kind": "imprisonment", "term": term}])
        self.persecuted = d
        self.window(d, ctx.verdict + 900)

    def psychiatric(self, ctx: CaseContext) -> None:
        rng, d = self.rng, self.start
        self.preliminaries()
        hospital = perpetrator(f"hospital-{rng.randint(1, HOSPITALS)}", "implemented_violative_law")
        self.add("detained", d, parties=[self.police])
        exam = d + rng.randint(5, 20)
        self.add("psychiatric_examination", exam, end_date=iso(exam + 30), parties=[hospital])
        self.verdict("verdict", ctx, [{"kind": "compulsory_psychiatric_treatment"}])
        self.custody = d
        exit_day = ctx.verdict + rng.randint(200, 900)
        if rng.random() < 0.5:
            self.add("released", exit_day)
            self.released = exit_day
        self.window(exam + 1, exit_day, "psychiatric_detention", case=True)

    def told(self, budget: int) -> list[tuple[int, Record]]:
        """The events up to the cut-off in date order, `budget` of them where the story allows:
        optional events are dropped first when it is longer, fillers added when shorter."""
        events = sorted((e for e in self.events if e[0] <= CUTOFF), key=lambda e: e[0])
        if len(events) > budget:
            optional = [i for i, (_, e) in enumerate(events) if e["kind"] in OPTIONAL]
            dropped = set(self.rng.sample(optional, min(len(optional), len(events) - budget)))
            return [e for i, e in enumerate(events) if i not in dropped][:budget]
        return sorted(events + self.fillers(budget - len(events)), key=lambda e: e[0])

    def fillers(self, count: int) -> list[tuple[int, Record]]:
        """Events that do not change the course of the story: reports, transfers, pressure."""
        rng = self.rng
        usable = [w for w in self.windows if min(w.end, CUTOFF) - w.start > 1]
        if not usable or count <= 0:
            return []
        weights = [min(min(w.end, CUTOFF) - w.start, 900) for w in usable]
        out: list[tuple[int, Record]] = []
        for w in rng.choices(usable, weights, k=count):
            day = rng.randrange(w.start + 1, min(w.end, CUTOFF))
            text = iso(day)
            record: Record = {"id": "", "kind": "", "date": text, "victims": [self.pid]}
            r = rng.random()
            if w.case and r < 0.15:
                record |= {"kind": "hearing", "case": w.case}
            elif w.status and r < 0.6:
                status = w.status if rng.random() < 0.8 else "held"
                record |= {"kind": "status_reported", "status": status}
            elif w.status == "imprisoned" and r < 0.7:
                record["kind"] = "transferred"
            elif w.status and r < 0.8:
                torture = rng.choice(TORTURE)
                kind = "torture_allegation"
                record |= {"kind": kind, "description": torture, "sensitivity": "restricted"}
            else:
                record["kind"] = rng.choice(CUSTODY_FILLERS if w.status else LIBERTY_FILLERS)
                if not w.status and r > 0.9:  # sources often give only the month or year
                    record["date"] = text[:7] if r < 0.97 else text[:4]
            out.append((day, record))
        return out
