"""A generator of realistic, distinct news articles for benchmarks.

Articles are assembled from a vocabulary of real actors, places, actions, quotes
and dates, so that spaCy has real work to do (entities, quotes, dates, themes)
and no two texts are near-duplicates that dedup or a cache would skip.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

ACTORS = [
    ("Antony Blinken", "US Secretary of State"),
    ("Ned Price", "State Department spokesperson"),
    ("Jens Stoltenberg", "NATO Secretary-General"),
    ("Dmitry Peskov", "Kremlin spokesman"),
    ("Sergei Lavrov", "Russian Foreign Minister"),
    ("Annalena Baerbock", "German Foreign Minister"),
    ("Liz Truss", "UK Foreign Secretary"),
    ("Lloyd Austin", "US Defense Secretary"),
    ("Dmytro Kuleba", "Ukrainian Foreign Minister"),
    ("Josep Borrell", "EU foreign policy chief"),
    ("Jean-Yves Le Drian", "French Foreign Minister"),
    ("Wendy Sherman", "US Deputy Secretary of State"),
    ("Olaf Scholz", "German Chancellor"),
    ("Emmanuel Macron", "French President"),
    ("Volodymyr Zelenskiy", "Ukrainian President"),
    ("Maria Zakharova", "Russian Foreign Ministry spokeswoman"),
]
PLACES = [
    "Geneva",
    "Brussels",
    "Vienna",
    "Warsaw",
    "Kyiv",
    "Moscow",
    "Berlin",
    "Paris",
    "Riga",
    "Vilnius",
    "Bucharest",
    "Tallinn",
    "Helsinki",
    "Stockholm",
    "Ankara",
    "London",
    "Washington",
    "Minsk",
]
TOPICS = [
    "arms control",
    "troop movements near the border",
    "energy supplies",
    "security guarantees",
    "sanctions on Russian banks",
    "the Nord Stream 2 pipeline",
    "NATO's eastern flank",
    "military aid to Kyiv",
    "the Minsk agreements",
    "cyber attacks on government websites",
    "export controls",
    "grain shipments",
]
ACTIONS = [
    "met {b} in {place} to discuss {topic}",
    "spoke with {b} by phone about {topic}",
    "warned that any further aggression would bring severe costs, citing {topic}",
    "announced new talks in {place} on {topic}",
    "rejected claims about {topic} as hysteria",
    "said allies would send more troops to {place} as concern over {topic} grew",
    "approved a package of security assistance linked to {topic}",
    "called for de-escalation and dialogue on {topic}",
    "denied that Moscow planned an attack, pointing to {topic}",
]
QUOTES = [
    "We are ready for serious talks, but we will not compromise on {topic}",
    "Any move across the border will be met with a swift and united response",
    "The situation around {topic} remains extremely dangerous",
    "Nobody is threatening anyone, and talk of an invasion is a provocation",
    "Our support for Ukraine's sovereignty is unwavering and we will keep working on {topic}",
    "There is still a path of diplomacy, and we urge Moscow to take it",
    "We have prepared measures that would carry massive consequences for the Russian economy",
]
WHEN_PAST = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "last week",
    "earlier this month",
    "yesterday",
    "on Sunday",
]
WHEN_FUTURE = ["next week", "on Monday", "later this month", "next month"]
FILLER = [
    "Analysts said the diplomatic calendar had rarely been so crowded.",
    "Officials from both sides described the exchange as frank.",
    "Markets in the region reacted nervously to the reports.",
    "The ministry did not respond to a request for comment.",
    "Satellite images published by a private company showed new deployments.",
    "Diplomats cautioned that progress would be slow.",
]


def _paragraph(rng: random.Random, n: int) -> str:
    (a, role), (b, _) = rng.sample(ACTORS, 2)
    place, topic = rng.choice(PLACES), rng.choice(TOPICS)
    action = rng.choice(ACTIONS).format(b=b, place=place, topic=topic)
    when = rng.choice(WHEN_PAST)
    quote = rng.choice(QUOTES).format(topic=topic)
    future = rng.choice(WHEN_FUTURE)
    surname = a.split()[-1]
    parts = [
        f"{role} {a} {when} {action}.",
        f"“{quote},” {surname} told reporters in {place}.",
        f"Talks on {topic} are expected to resume {future}, according to officials in {rng.choice(PLACES)}.",
        rng.choice(FILLER),
        f"Paragraph {n} of the report added that {rng.randint(2, 190) * 500:,} troops were involved.",
    ]
    rng.shuffle(parts[2:])
    return " ".join(parts)


def article(seed: int, paragraphs: int = 8) -> tuple[str, dict[str, str]]:
    """One article (text, sidecar metadata); the same seed gives the same article."""
    rng = random.Random(seed)
    published = dt.date(2021, 11, 1) + dt.timedelta(days=rng.randint(0, 120))
    (a, _), topic = rng.choice(ACTORS), rng.choice(TOPICS)
    title = f"{a} weighs options on {topic} as tensions mount ({seed})"
    body = "\n\n".join(_paragraph(rng, n) for n in range(paragraphs))
    meta = {"title": title, "outlet": f"Wire {seed % 17}", "published": published.isoformat()}
    return f"{title}\n\n{body}\n", meta


def write_corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(start, start + count):
        text, meta = article(seed)
        path = folder / f"synthetic_{seed:06d}.txt"
        path.write_text(text, encoding="utf-8")
        path.with_name(path.stem + ".meta.json").write_text(json.dumps(meta), encoding="utf-8")
        paths.append(path)
    return paths
