"""Precision and recall of the annotation assistant, field by field.

Two test sets, scored separately:

- the seeds: each source of ``seeds/sources`` loses its front matter, the
  assistant annotates the raw text (with the registries of ``seeds``), and
  its proposals are compared with the hand annotation;
- the held-out articles of ``tests/data/annotate``: texts written for this
  test, about other events than the seeds, with hand annotations in
  ``NAME.expected.yml`` (people and meetings the registries do not know are
  compared by the id a new entry would get, and by kind and month).

Fields: countries, threat types, people, meetings (sets of ids per source),
the publication date (exact, at its precision), and quotes with the right
speaker (a proposed quote matches a hand one when one text holds the other,
or most of their words are shared, and the speaker is the same). Scores are
micro-averaged over the sources. The date of a seed may come from its file
name (2024-06-13-…) when the text gives none: the "date (text only)" row
scores the text alone.

    python benchmarks/annotate_eval.py [--seeds seeds] [--heldout tests/data/annotate] [--nlp] [-v]

Prints the two tables and exits 0.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.load import load_corpus  # noqa: E402
from generator.diagnostics import Report  # noqa: E402
from generator.reader import split_source  # noqa: E402
from generator.textmatch import fold_plain  # noqa: E402
from generator.yamlpos import load  # noqa: E402

from generator.annotate.annotator import Annotator, Draft, new_annotator  # noqa: E402

GOALS = {"countries": 0.9, "threats": 0.9, "date": 0.9, "people": 0.9, "quotes+speaker": 0.85}
FIELDS = ("countries", "threats", "date", "date (text only)", "people", "meetings", "quotes", "quotes+speaker")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Expected:
    name: str
    text: str
    stem: str
    date: str | None
    countries: set[str]
    threats: set[str]
    people: set[str]
    meetings: set[str]
    quotes: list[tuple[str, str]] = field(default_factory=list)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold_plain(text).casefold()))


def same_quote(a: str, b: str) -> bool:
    fa, fb = fold_plain(a).casefold().strip(" .,;"), fold_plain(b).casefold().strip(" .,;")
    if fa in fb or fb in fa:
        return True
    wa, wb = _words(a), _words(b)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6


def _meeting_key(item: object) -> str:
    if isinstance(item, dict):
        start = str(item.get("start", ""))[:7]
        return f"new:{item.get('kind')}:{start}"
    return str(item)


def seeds_set(seeds: Path) -> list[Expected]:
    out = []
    for path in sorted((seeds / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        raw = split_source(text, path.name, path.stem, Report())
        meta = raw.meta if raw.meta else {}
        out.append(Expected(
            path.name, raw.body, path.stem, str(meta["date"]) if meta.get("date") else None,
            set(map(str, meta.get("countries") or [])), set(map(str, meta.get("threats") or [])),
            set(map(str, meta.get("people") or [])), set(map(str, meta.get("meetings") or [])),
            [(str(q["speaker"]), str(q["text"])) for q in meta.get("quotes") or []],
        ))
    return out


def heldout_set(folder: Path) -> list[Expected]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        expected_file = path.with_name(path.stem + ".expected.yml")
        if not expected_file.exists():
            continue
        ok, meta = load(expected_file.read_text(encoding="utf-8"), expected_file.name, Report())
        meta = meta or {}
        out.append(Expected(
            path.name, path.read_text(encoding="utf-8"), path.stem, str(meta["date"]) if meta.get("date") else None,
            set(map(str, meta.get("countries") or [])), set(map(str, meta.get("threats") or [])),
            set(map(str, meta.get("people") or [])), {_meeting_key(m) for m in meta.get("meetings") or []},
            [(str(q["speaker"]), str(q["text"])) for q in meta.get("quotes") or []],
        ))
    return out


def predicted_meetings(draft: Draft) -> set[str]:
    out = set()
    for mid in draft.meetings:
        if mid in draft.new_meetings:
            m = draft.new_meetings[mid]
            out.add(f"new:{m.kind}:{m.start.iso()[:7]}")
        else:
            out.add(mid)
    return out


def score_set(annotator: Annotator, items: list[Expected], verbose: bool) -> dict[str, Score]:
    scores = {f: Score() for f in FIELDS}
    for item in items:
        draft = annotator.annotate(item.text, item.stem)
        text_only = annotator.annotate(item.text, None).date
        problems: list[str] = []
        sets = {
            "countries": (set(draft.countries), item.countries),
            "threats": (set(draft.threats), item.threats),
            "people": (set(draft.people), item.people),
            "meetings": (predicted_meetings(draft), item.meetings),
        }
        for name, (got, want) in sets.items():
            s = scores[name]
            s.tp += len(got & want)
            s.fp += len(got - want)
            s.fn += len(want - got)
            if got != want:
                problems.append(f"{name}: extra {sorted(got - want)} missing {sorted(want - got)}")
        for name, got in (("date", draft.date.iso() if draft.date else None), ("date (text only)", text_only.iso() if text_only else None)):
            s = scores[name]
            if got is not None and got == item.date:
                s.tp += 1
            elif got is not None or item.date is not None:
                if got is not None:
                    s.fp += 1
                if item.date is not None:
                    s.fn += 1
                if name == "date":
                    problems.append(f"date: got {got} want {item.date}")
        for name, with_speaker in (("quotes", False), ("quotes+speaker", True)):
            s = scores[name]
            unmatched = list(item.quotes)
            for q in draft.quotes:
                hit = next((e for e in unmatched if same_quote(q.text, e[1]) and (not with_speaker or e[0] == q.speaker)), None)
                if hit is not None:
                    unmatched.remove(hit)
                    s.tp += 1
                else:
                    s.fp += 1
                    if with_speaker:
                        problems.append(f"quote extra/wrong: {q.speaker}: {q.text[:60]}")
            s.fn += len(unmatched)
            if with_speaker:
                problems.extend(f"quote missing: {e[0]}: {e[1][:60]}" for e in unmatched)
        if verbose and problems:
            print(f"  {item.name}", file=sys.stderr)
            for p in problems:
                print(f"    {p}", file=sys.stderr)
    return scores


def table(title: str, scores: dict[str, Score], n: int) -> str:
    lines = [f"{title} ({n} sources)", "",
             f"| {'field':<18} | precision | recall |   F1  |  TP |  FP |  FN | goal |",
             f"|{'-' * 20}|-----------|--------|-------|-----|-----|-----|------|"]
    for name in FIELDS:
        s = scores[name]
        goal = GOALS.get(name)
        mark = ""
        if goal is not None:
            mark = f"{goal:.2f}" + (" ok" if min(s.precision, s.recall) >= goal else " no")
        lines.append(f"| {name:<18} |   {s.precision:5.3f}   | {s.recall:5.3f}  | {s.f1:5.3f} | {s.tp:3d} | {s.fp:3d} | {s.fn:3d} | {mark:<4} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    parser.add_argument("--heldout", type=Path, default=ROOT / "tests" / "data" / "annotate")
    parser.add_argument("--nlp", action="store_true", help="also use spaCy's French model (the nlp extra)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each source's differences (on stderr)")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.seeds)
    annotator = new_annotator(corpus, True if args.nlp else False)
    mode = "rules, registries and spaCy" if args.nlp else "rules and registries, no model"
    for title, items in (("Seeds, hand annotations of seeds/sources", seeds_set(args.seeds)),
                         ("Held-out articles, tests/data/annotate", heldout_set(args.heldout))):
        if args.verbose:
            print(title, file=sys.stderr)
        scores = score_set(annotator, items, args.verbose)
        print(table(f"{title} — {mode}", scores, len(items)))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
