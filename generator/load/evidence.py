"""Fill a source from its checked annotations, locating each cited passage in its text: a
mention, incident, quote or measure whose passage is not verbatim there is reported and left out."""

from __future__ import annotations

from ..model import Incident, Measure, Mention, Quote, Source
from ..schema import MENTION, Checked
from ..textmatch import Folded, find_verbatim, paragraph_at
from .state import Loading


def fill_source(s: Loading, source: Source, c: Checked, folded: Folded) -> None:
    v = c.get
    source.date, source.url, source.language, source.summary = v("date"), v("url"), v("language"), v("summary")
    source.reviewed, source.publisher = v("reviewed"), v("publisher")
    source.meetings, source.countries, source.threats = list(v("meetings")), list(v("countries")), list(v("threats"))
    source.people, source.organisations = list(v("people")), list(v("organisations"))
    source.previous_ids = list(v("previous_ids"))
    s.plausible(source.date, c.at("date"), "source.date")

    def locate(item: Checked, name: str, where: str) -> int | None:
        """The paragraph the passage ``item.name`` starts in, or None when it is not in the text."""
        text = item.get(name)
        if text is None:
            return None
        span = find_verbatim(text, folded)
        if span is None:
            s.report.error(
                item.at(name),
                f"{where}.{name} is not verbatim in the source text (compared after folding spaces, "
                f"apostrophes and quotes): '{_short(text)}'",
            )
            return None
        first, last = paragraph_at(source.paragraphs, span[0]), paragraph_at(source.paragraphs, span[1] - 1)
        if last != first:
            s.report.warning(
                item.at(name),
                f"{where}.{name} spans paragraphs {first} to {last} of the source: cited as « § {first} »; "
                "copy a passage from one paragraph (or give one per paragraph)",
            )
        return first

    for n, m in enumerate(v("mentions")):
        if locate(m, "text", f"mentions[{n}]") is None:
            continue
        # the check let exactly one of the fields naming what is mentioned through
        kind = next(k for k in MENTION.one_of if m.get(k))
        source.mentions.append(Mention(m.get("text"), (kind, m.get(kind)), m.origin, n))
    for n, i in enumerate(v("incidents")):
        para = locate(i, "evidence", f"incidents[{n}]")
        if para is None or i.get("threat") is None or i.get("attribution") is None or i.get("summary") is None:
            continue
        s.plausible(i.get("date"), i.at("date"), f"incidents[{n}].date")
        source.incidents.append(Incident(
            source.id, len(source.incidents) + 1, i.get("summary"), i.get("date"), i.get("country"), i.get("place"),
            i.get("threat"), i.get("actor"), i.get("attribution"), i.get("meeting"), i.get("evidence"), para, i.origin,
        ))
    for n, q in enumerate(v("quotes")):
        para = locate(q, "text", f"quotes[{n}]")
        if para is None or q.get("speaker") is None:
            continue
        source.quotes.append(Quote(source.id, len(source.quotes) + 1, q.get("speaker"), q.get("text"), q.get("meeting"),
                                   para, q.origin))
    for n, m in enumerate(v("measures")):
        para = locate(m, "evidence", f"measures[{n}]")
        if para is None or m.get("text") is None:
            continue
        source.measures.append(Measure(source.id, len(source.measures) + 1, m.get("text"), m.get("meeting"),
                                       list(m.get("threats")), m.get("evidence"), para, m.origin))


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
