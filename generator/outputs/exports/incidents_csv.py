"""Every incident as one CSV row (RFC 4180: UTF-8, comma, double quotes, CRLF), newest first.

A cell that a spreadsheet would run as a formula (one starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) is written with a leading
apostrophe, as OWASP advises against CSV injection; the JSON export keeps
the exact text.
"""

from __future__ import annotations

import csv
import io

from ... import chars
from ...corpus import Corpus
from ...dates import by_date_desc
from ...paths import DIRECTORY_URLS, Urls, page_path, para_anchor
from ...vocabulary import ATTRIBUTION_FR

COLUMNS = (
    "source", "number", "date", "country", "country_name", "place", "threat", "threat_label",
    "actor", "actor_name", "attribution", "attribution_fr", "meeting", "summary", "evidence",
    "paragraph", "source_title", "page",
)
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else chars.neutral(str(value))
    return "'" + text if text.startswith(_FORMULA) else text


def incidents_rows(corpus: Corpus, urls: Urls = DIRECTORY_URLS) -> list[list[str]]:
    rows = []
    for i in by_date_desc(corpus.incidents()):
        country = corpus.countries[i.country].name if i.country else None
        actor = corpus.countries[i.actor].name if i.actor else None
        rows.append([_cell(v) for v in (
            i.source, i.number, i.date.iso() if i.date else None, i.country, country, i.place, i.threat,
            corpus.threats[i.threat].label["fr"], i.actor, actor, i.attribution, ATTRIBUTION_FR[i.attribution],
            i.meeting, i.summary, i.evidence, i.paragraph, corpus.sources[i.source].title,
            urls.built_url(page_path("source", i.source)) + "#" + para_anchor(i.paragraph),
        )])
    return rows


def incidents_csv(corpus: Corpus, urls: Urls = DIRECTORY_URLS) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(incidents_rows(corpus, urls))
    return buffer.getvalue().encode("utf-8")
