"""What the head and the byline of an article say: its language, its title, its publisher."""

from __future__ import annotations

import re

from ..corpus import Corpus
from .gazetteer import Hit
from .lexicon import Cues, Lexicon
from .text import Doc
from .when import find_dates


def detect_language(doc: Doc, lex: Lexicon) -> str:
    """French or English, by the grammatical words and the verbs of saying
    each language alone has."""
    only_fr, only_en = lex.language_words
    words = doc.keys[:2000]
    # Distinct words are enough to tell two languages apart, and a set does it in C.
    return "en" if len(only_en.intersection(words)) > len(only_fr.intersection(words)) else "fr"


def find_title(doc: Doc, cues: Cues) -> tuple[str, bool]:
    """(title, whether it is the first paragraph read as a headline). The
    headline is the first paragraph when it reads as one (no final full stop,
    not a date or a byline); otherwise the title is the first sentence."""
    for index, para in enumerate(doc.paragraphs[:3]):
        text = doc.raw[para.start : para.end].strip()
        words = re.findall(r"\w+", text)
        if len(words) < 3 or len(text) > 250 or text.endswith(".") or find_dates(doc, para.start, min(para.end, para.start + 30)):
            continue
        return text, index == 0
    for sentence in doc.sentences:
        text = doc.raw[sentence.start : sentence.end].strip()
        if len(re.findall(r"\w+", text)) >= 3 and not find_dates(doc, sentence.start, min(sentence.end, sentence.start + 30)):
            if len(text) > 160:
                text = text[:160].rsplit(" ", 1)[0] + "…"
            return text, False
    return " ".join(doc.raw.split())[:80] or "Sans titre", False


def find_publisher(doc: Doc, cues: Cues, org_hits: list[Hit[str]], corpus: Corpus) -> str | None:
    """A registry organisation named in a byline or a credit ("Par euronews",
    "Source : Deutsche Welle", "By Reuters")."""
    paragraphs = doc.paragraphs[:4] + doc.paragraphs[-3:]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(cues.publisher_cues) + r")\s+", re.IGNORECASE)
    for para in paragraphs:
        if para.end - para.start > 160:
            continue
        for match in pattern.finditer(doc.norm, para.start, para.end):
            after = [h for h in org_hits if match.end() <= h.start <= match.end() + 3]
            if after:
                org = corpus.organisations.get(after[0].payload)
                if org is not None and org.kind in ("media", "agency", "institution"):
                    return after[0].payload
    return None
