"""Who's who: the people and bodies quoted by name, each with their quotes read together.

A person gathers the quotes whose speakers name them: the same name, or a shorter form of
it ("Biden" and "President Joe Biden": the shorter one's words lie within the longer
one's; a shorter form fitting several people goes to the one quoted most). Names are
compared without the role or description before them (``display_name``: "German
Chancellor Olaf Scholz" is "Olaf Scholz"). Speakers that describe someone unnamed ("a
senior official", ``[whos_who]`` in ``briefing/data/quotes.toml``) and quotes without a
speaker are not a "who". Scare quotes (a term, not speech) do not count as quotes of
anyone, and a document that "says" (a statement, a readout: ``[speakers] documents``) is
not a who either.

People are ranked by the independent outlets quoting them on the brief's themes (copies
of one story count once), then the articles doing so, their quotes on the themes and all
their quotes: the people of the situation before the incidental ones.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

from briefing.analysis.quotes.words import load_quote_words, quotes_data
from briefing.compose.common import id_key, tokens
from briefing.compose.quotes import name_articles, select_key_quotes
from briefing.records import BriefQuote, Person


@functools.cache
def _words(table: str, key: str) -> frozenset[str]:
    """A word list of ``quotes.toml``, lower case."""
    return frozenset(str(w).lower() for w in quotes_data()[table][key])


def is_named(speaker: str | None) -> bool:
    """A speaker that names a person or body: not empty, not a description of someone
    unnamed, not a document ("the press release", "the US intelligence inputs"), not the
    start of a sentence ("Notwithstanding Russia") nor a part of the world ("the West"),
    with a capitalised word ("the White House", "Ned Price", not "officials")."""
    if not speaker or not speaker.strip():
        return False
    words = speaker.split()
    head = words[-1].lower().strip(".,")
    first = words[0].lower().strip(".,")
    plain = " ".join(w for w in tokens(speaker) if w not in name_articles())
    if (
        first in _words("whos_who", "unnamed")
        or (len(words) > 1 and first in _words("whos_who", "not_name_openers"))
        or plain in _words("whos_who", "not_someone")
        or head in _words("speakers", "documents")
        or head.removesuffix("s") in _words("speakers", "documents")
    ):
        return False
    return any(w[:1].isupper() or w[:1].isdigit() for w in words)


@functools.cache
def _title_words() -> frozenset[str]:
    """Role and institution nouns: a name follows them ("German Chancellor Olaf Scholz")."""
    data = quotes_data()
    return frozenset(str(w).lower() for w in [*data["roles"]["nouns"], *data["speakers"]["institutions"]])


def display_name(speaker: str) -> str:
    """A speaker's name without the role and description the articles put before it: the
    last run of capitalised words after the last role or institution noun ("German
    Chancellor Olaf Scholz" -> "Olaf Scholz", "the chairman of the European Council
    Charles Michel yesterday" -> "Charles Michel"); the speaker as written when that leaves
    fewer than two words ("the White House", "Reuters")."""
    words = speaker.split()
    while words and not words[-1][:1].isupper():
        words.pop()  # "... Charles Michel yesterday"
    run: list[str] = []
    before = ""
    for word in reversed(words):
        if word[:1].isupper() or (run and word.lower() in load_quote_words().name_particles):
            if word.lower().strip(".,") in _title_words():
                break
            run.insert(0, word)
        else:
            before = word.lower()
            break
    while run and run[0].lower() in load_quote_words().name_particles:
        run.pop(0)
    if before in _words("whos_who", "role_connectors") and len(run) >= 3:
        run.pop(0)  # the object of the description: "minister of Russia Sergei Wierzynin"
    return " ".join(run) if len(run) >= 2 else " ".join(speaker.split())


def _name_words(name: str) -> frozenset[str]:
    return frozenset(tokens(name)) - name_articles()


def anchor_of(name: str, taken: set[str]) -> str:
    """A stable HTML id for a person ("speaker-joe-biden"), unique among ``taken``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:48].strip("-") or "person"
    anchor, n = f"speaker-{slug}", 2
    while anchor in taken:
        anchor, n = f"speaker-{slug}-{n}", n + 1
    taken.add(anchor)
    return anchor


def people_of(
    quotes: Sequence[BriefQuote],
    themes: Sequence[str] = (),
    shown_quotes: int = 3,
    outlets: Callable[[list[str]], int] = len,
) -> list[Person]:
    """The people quoted by name in ``quotes`` (ranked, as ``rank_quotes`` leaves them),
    most important first. ``themes``: the brief's theme ids in their order (ties of a
    person's themes keep it); ``shown_quotes``: how many of each person's quotes the
    rendered brief reads together (``Person.shown``); ``outlets``: the independent sources
    of a list of articles (``Corroboration.count``; by default, the articles)."""
    # The quotes of named people, each with the speaker's name as displayed (read once).
    named = [(q, display_name(q.speaker or "")) for q in quotes if q.kind != "scare" and is_named(q.speaker)]
    counts: Counter[str] = Counter(name for _, name in named)  # display name -> quotes
    quoted_in: dict[str, set[str]] = {}  # display name -> the articles quoting it
    for q, name in named:
        quoted_in.setdefault(name, set()).update(q.articles)
    # Fullest names first: each name joins the person whose name holds all its words (the
    # one quoted most when several do), else stands for a new person.
    heads: list[str] = []
    head_of: dict[str, str] = {}
    total: Counter[str] = Counter()  # quotes per person so far
    by_word: dict[str, list[str]] = {}  # word -> the people whose name has it
    for name in sorted(counts, key=lambda n: (-len(_name_words(n)), -counts[n], n)):
        words = _name_words(name)
        some = next(iter(words), "")
        fits = [
            h
            for h in by_word.get(some, ())
            if words <= _name_words(h)
            and _generation(words) == _generation(_name_words(h))
            and (len(words) > 1 or _surname_of(name, h, quoted_in))
        ]  # one word joins a person as their surname ("Biden"), not as a place in a title
        head = max(fits, key=lambda h: (total[h], h)) if fits else name
        if not fits:
            heads.append(name)
            for w in words:
                by_word.setdefault(w, []).append(name)
        head_of[name] = head
        total[head] += counts[name]
    grouped: dict[str, list[BriefQuote]] = {h: [] for h in heads}
    forms: dict[str, Counter[str]] = {h: Counter() for h in heads}  # the speakers as written
    for q, name in named:
        head = head_of[name]
        grouped[head].append(q)
        forms[head][" ".join((q.speaker or "").split())] += 1
    order = {t: i for i, t in enumerate(themes)}
    people: list[Person] = []
    for head, said in grouped.items():
        roles = Counter(q.speaker_role for q in said if q.speaker_role)
        on_themes = Counter(t for q in said for t in q.themes)
        articles = sorted({a for q in said for a in q.articles}, key=_article_order)
        role = max(roles, key=lambda r: (roles[r], len(r))) if roles else None
        people.append(
            Person(
                name=head,
                role=_without_name(role, head),
                names=[head, *sorted(n for n in forms[head] if n != head)],
                quotes=said,
                themes=sorted(on_themes, key=lambda t: (-on_themes[t], order.get(t, len(order)), t)),
                articles=articles,
                shown=select_key_quotes(said, shown_quotes, shown_quotes) or list(said[:shown_quotes]),
                independent_sources=outlets(articles),
            )
        )
    outlets_on_themes = {
        id(p): outlets(sorted({a for q in p.quotes if q.themes for a in q.articles})) for p in people
    }
    people.sort(key=lambda p: (-outlets_on_themes[id(p)], *_importance(p)))
    taken: set[str] = set()
    for p in people:
        p.anchor = anchor_of(p.name, taken)
    return people


def _generation(words: frozenset[str]) -> frozenset[str]:
    """The words of a name telling a generation apart ("jr"): "Donald Trump" is not "Donald
    Trump Jr."."""
    return words & load_quote_words().generations


def _surname_of(word: str, name: str, quoted_in: dict[str, set[str]]) -> bool:
    """Whether the one-word speaker ``word`` is the surname of the person ``name``: the last
    word of a personal name (capitalised words, no role, institution or connector: not "the
    deputy Minister of Foreign Affairs of China"), quoted in an article that quotes the full
    name or in no more articles than the full name is ("Russia", quoted across the brief, is
    not the surname of a "Modern Russia" one article names)."""
    if tokens(name)[-1:] != tokens(word):
        return False
    particles = load_quote_words().name_particles
    connectors = _words("whos_who", "role_connectors")
    for w in name.split():
        plain = w.lower().strip(".,")
        if plain in connectors or plain in _title_words() or not (w[:1].isupper() or plain in particles):
            return False
    own, full = quoted_in.get(word, set()), quoted_in.get(name, set())
    return bool(own & full) or len(own) <= len(full)


def _without_name(role: str | None, name: str) -> str | None:
    """A role without the start of the name the articles ran into it ("head of British
    diplomacy Liz" for Liz Truss -> "head of British diplomacy")."""
    if not role:
        return None
    words, first = role.split(), name.split()[0]
    if len(words) > 1 and words[-1] == first:
        words.pop()
    return " ".join(words)


def _importance(p: Person) -> tuple[int, int, int, str]:
    """After the outlets quoting them on the brief's themes: the articles doing so, then
    their quotes on the themes, then all their quotes (more first)."""
    on_themes = [q for q in p.quotes if q.themes]
    articles = len({a for q in on_themes for a in q.articles})
    return (-articles, -len(on_themes), -len(p.quotes), p.name)


def _article_order(article: str) -> tuple[int, str]:
    return (id_key(article), article)
