"""Fictional corpora with planted smear campaigns, for tests and the benchmark.

Everything is invented: the sites (made-up names), the people (those of the fictional test
dataset) and the text (sentences drawn from small word lists). A campaign is one smear article
republished on several sites under new titles, inside each site's own boilerplate, with small
edits; some campaigns also have a paragraph lifted into otherwise different articles. Unrelated
articles are written from the same word lists, on the same topics.

    .venv/bin/python -m bench.campaigns_corpus --docs 2000 --format html -o corpus.jsonl
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import orjson

TARGETS = [
    "Aigerim Nurlanova",
    "Bolat Sarsenov",
    "Erlan Tokhtarov",
    "Zhanna Omarova",
    "Marat Kairatov",
]
ORGS = ["Free Voices Monitor", "Green Steppe"]
_SYL = [
    "vel",
    "mor",
    "zar",
    "ani",
    "tur",
    "kel",
    "dro",
    "mes",
    "lin",
    "pov",
    "rak",
    "sol",
    "ten",
    "bir",
    "qua",
    "nox",
    "eda",
    "ulm",
]
_TLD = ["com", "net", "org", "info", "press", "news", "be", "eu"]
_NOUNS = [
    "lawyer",
    "activist",
    "court",
    "prosecutor",
    "journalist",
    "government",
    "agency",
    "report",
    "investigation",
    "case",
    "verdict",
    "protest",
    "election",
    "budget",
    "ministry",
    "foundation",
    "grant",
    "network",
    "media",
    "council",
    "border",
    "bank",
    "contract",
    "witness",
    "statement",
    "campaign",
    "parliament",
    "region",
    "city",
    "company",
    "agreement",
    "sanctions",
    "embassy",
    "scandal",
    "document",
    "source",
]
_VERBS = [
    "received",
    "hid",
    "denied",
    "published",
    "funded",
    "reported",
    "questioned",
    "ignored",
    "approved",
    "rejected",
    "leaked",
    "signed",
    "attacked",
    "supported",
    "organised",
    "concealed",
    "investigated",
    "accused",
    "praised",
    "criticised",
]
_ADJS = [
    "foreign",
    "secret",
    "anonymous",
    "official",
    "independent",
    "local",
    "western",
    "dubious",
    "large",
    "recent",
    "former",
    "unnamed",
    "illegal",
    "public",
    "private",
]
_LINKS = ["according to", "after", "because of", "despite", "before", "while", "as", "since"]


def _site_name(rng: random.Random) -> str:
    name = "".join(rng.choice(_SYL) for _ in range(rng.randint(2, 3)))
    return f"{name}-{rng.choice(['post', 'herald', 'daily', 'times', 'news', 'media'])}." + (
        rng.choice(_TLD)
    )


def _sentence(rng: random.Random, subject: str | None = None) -> str:
    subj = subject or f"the {rng.choice(_ADJS)} {rng.choice(_NOUNS)}"
    words = [subj, rng.choice(_VERBS), f"the {rng.choice(_ADJS)} {rng.choice(_NOUNS)}"]
    if rng.random() < 0.7:
        words += [rng.choice(_LINKS), f"the {rng.choice(_NOUNS)}", "of", rng.choice(_NOUNS) + "s"]
    if rng.random() < 0.4:
        words += ["in", str(rng.randint(1990, 2023))]
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, target: str | None, sentences: int) -> str:
    return " ".join(
        _sentence(rng, target if target and rng.random() < 0.25 else None) for _ in range(sentences)
    )


def _article(rng: random.Random, target: str | None, paragraphs: int) -> list[str]:
    return [_paragraph(rng, target, rng.randint(4, 7)) for _ in range(paragraphs)]


def _edit(rng: random.Random, paragraphs: list[str], rate: float) -> list[str]:
    """Small edits: words replaced, dropped or added at `rate`."""
    out = []
    for p in paragraphs:
        words = p.split()
        edited: list[str] = []
        for w in words:
            roll = rng.random()
            if roll < rate / 3:
                continue
            if roll < 2 * rate / 3:
                edited.append(rng.choice(_NOUNS))
                continue
            edited.append(w)
            if roll > 1 - rate / 3:
                edited.append(rng.choice(_ADJS))
        out.append(" ".join(edited))
    return out


@dataclass(slots=True)
class Site:
    name: str
    header: str
    footer: str
    analytics: str | None  # a Google Analytics ID, shared by a network's sites
    template: int


@dataclass(slots=True)
class Doc:
    url: str
    site: str
    title: str
    paragraphs: list[str]
    published: date
    campaign: int | None = None  # the planted campaign it belongs to
    lifted_from: int | None = None  # the campaign a paragraph of it was lifted from

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.paragraphs])


@dataclass(slots=True)
class Corpus:
    docs: list[Doc] = field(default_factory=list)
    sites: dict[str, Site] = field(default_factory=dict)
    targets: dict[int, str] = field(default_factory=dict)  # campaign -> person targeted


def generate(
    docs: int, *, seed: int = 7, campaign_share: float = 0.2, lifts: float = 0.3
) -> Corpus:
    """About `docs` articles; `campaign_share` of them copies in planted campaigns (3-10 sites
    each), and a lifted paragraph for `lifts` of the campaigns."""
    rng = random.Random(seed)
    corpus = Corpus()
    n_sites = max(12, docs // 40)
    networks = [f"UA-{rng.randint(10_000_000, 99_999_999)}-1" for _ in range(max(2, n_sites // 10))]
    for n in range(n_sites):
        name = _site_name(rng)
        while name in corpus.sites:
            name = _site_name(rng) + str(n)
        corpus.sites[name] = Site(
            name,
            header=f"{name.split('.')[0].replace('-', ' ').title()} | Home | Politics | World",
            footer=f"Copyright {name}. Subscribe to our newsletter. All rights reserved.",
            analytics=rng.choice(networks) if rng.random() < 0.5 else None,
            template=rng.randrange(6),
        )
    names = list(corpus.sites)
    start = date(2021, 1, 1)
    campaign = 0
    planted = 0
    while planted < docs * campaign_share:
        target = rng.choice(TARGETS)
        base = _article(rng, target, rng.randint(4, 7))
        base[0] = f"{target} of {rng.choice(ORGS)} " + base[0][0].lower() + base[0][1:]
        first = start + timedelta(days=rng.randrange(700))
        for site in rng.sample(names, rng.randint(3, min(10, len(names)))):
            title = f"{target}: {_sentence(rng)}"
            day = first + timedelta(days=rng.choice([0, 0, 1, 2, 3, 7, 14]))
            url = f"https://{site}/{day.isoformat()}/{rng.getrandbits(40):x}"
            edited = _edit(rng, base, rng.uniform(0.0, 0.03))
            corpus.docs.append(Doc(url, site, title, edited, day, campaign=campaign))
            planted += 1
        if rng.random() < lifts:
            site = rng.choice(names)
            own = _article(rng, None, rng.randint(4, 6))
            own.insert(rng.randint(1, len(own)), rng.choice(base))
            day = first + timedelta(days=rng.randint(1, 30))
            url = f"https://{site}/{day.isoformat()}/{rng.getrandbits(40):x}"
            corpus.docs.append(Doc(url, site, _sentence(rng), own, day, lifted_from=campaign))
        corpus.targets[campaign] = target
        campaign += 1
    while len(corpus.docs) < docs:
        site = rng.choice(names)
        day = start + timedelta(days=rng.randrange(720))
        url = f"https://{site}/{day.isoformat()}/{rng.getrandbits(40):x}"
        target = rng.choice(TARGETS) if rng.random() < 0.3 else None
        body = _article(rng, target, rng.randint(3, 7))
        corpus.docs.append(Doc(url, site, _sentence(rng), body, day))
    rng.shuffle(corpus.docs)
    return corpus


def page(doc: Doc, site: Site) -> str:
    """The article as its site would serve it: template, navigation, footer, analytics."""
    theme = ["aurora", "basalt", "cobalt", "dune", "ember", "fjord"][site.template]
    classes = [
        f"{theme}-{part}"
        for part in (
            "head",
            "nav",
            "main",
            "side",
            "foot",
            "menu",
            "logo",
            "search",
            "share",
            "related",
        )
    ]
    body = "".join(f"<p>{p}</p>" for p in doc.paragraphs)
    script = (
        f"<script>gtag('config', '{site.analytics}');</script>"
        if site.analytics and site.analytics.startswith("UA-")
        else ""
    )
    aside = "".join(f'<li class="{c}"><a href="/x">{c}</a></li>' for c in classes)
    return (
        f"<!doctype html><html><head><title>{doc.title}</title>"
        f'<meta property="article:published_time" content="{doc.published.isoformat()}">'
        f'<link rel="canonical" href="{doc.url}">{script}</head>'
        f'<body class="{classes[0]}"><header class="{classes[1]}">{site.header}</header>'
        f'<nav class="{classes[5]}"><ul>{aside}</ul></nav>'
        f'<main class="{classes[2]}"><article><h1>{doc.title}</h1>{body}</article></main>'
        f'<aside class="{classes[3]}"><ul>{aside}</ul></aside>'
        f'<footer class="{classes[4]}">{site.footer}</footer></body></html>'
    )


def records(corpus: Corpus, *, html: bool) -> Iterator[dict[str, str]]:
    for doc in corpus.docs:
        site = corpus.sites[doc.site]
        row = {"url": doc.url, "title": doc.title, "published": doc.published.isoformat(),
               "fetched": "2023-06-01T00:00:00Z"}  # fmt: skip
        if html:
            row["html"] = page(doc, site)
        else:  # text as a site would give it, boilerplate included
            row["text"] = "\n".join([site.header, *doc.paragraphs, site.footer])
        yield row


def write_jsonl(corpus: Corpus, path: Path, *, html: bool) -> None:
    with path.open("wb") as out:
        for row in records(corpus, html=html):
            out.write(orjson.dumps(row) + b"\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--format", choices=["html", "text"], default="html")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    corpus = generate(args.docs, seed=args.seed)
    write_jsonl(corpus, args.output, html=args.format == "html")
    print(f"{len(corpus.docs)} articles, {len(corpus.targets)} campaigns -> {args.output}")


if __name__ == "__main__":
    main()
