"""The seeds: verbatim bodies, byte for byte, and annotations the generator accepts in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import load_corpus
from support import REPO, SEEDS, SHARED_SEEDS, Annotations, fold

SOURCES = SEEDS / "sources"


def _source_files() -> list[Path]:
    files = sorted(p for p in SOURCES.glob("*") if p.is_file() and not p.name.startswith("."))
    assert files, f"no source file in {SOURCES}"
    return files


def _body_bytes(data: bytes) -> bytes | None:
    """The bytes after the line closing the front matter, or None without a front matter."""
    lines = data.split(b"\n")
    if lines[0].rstrip(b"\r") != b"---":
        return None
    for n in range(1, len(lines)):
        if lines[n].rstrip(b"\r") == b"---":
            return b"\n".join(lines[n + 1 :])
    return None


@pytest.fixture(scope="module")
def raw_texts() -> dict[str, bytes]:
    if not SHARED_SEEDS.is_dir():
        pytest.skip(f"{SHARED_SEEDS} is absent: the raw texts live beside the clone (../shared/seeds), as in CI")
    raws = {p.name: p.read_bytes() for p in sorted(SHARED_SEEDS.iterdir()) if p.is_file()}
    assert raws, f"{SHARED_SEEDS} holds no file"
    return raws


@pytest.fixture(scope="module")
def bodies() -> dict[str, bytes | None]:
    return {p.name: _body_bytes(p.read_bytes()) for p in _source_files()}


def test_every_source_has_a_closed_front_matter(bodies: dict[str, bytes | None]) -> None:
    missing = [name for name, body in bodies.items() if body is None]
    assert not missing, f"sources without a '---' front matter closed by a '---' line: {missing}"


def test_each_raw_text_is_exactly_one_source_body(raw_texts: dict[str, bytes], bodies: dict[str, bytes | None]) -> None:
    for raw_name, raw in raw_texts.items():
        matches = [name for name, body in bodies.items() if body == raw]
        assert len(matches) == 1, (
            f"{raw_name} is the body of {len(matches)} sources {matches}: "
            "the text under the front matter must stay byte for byte the raw text"
        )


def test_each_source_body_is_a_raw_text(raw_texts: dict[str, bytes], bodies: dict[str, bytes | None]) -> None:
    raws = set(raw_texts.values())
    changed = [name for name, body in bodies.items() if body not in raws]
    assert not changed, f"bodies that are no raw text of {SHARED_SEEDS} (edited or added): {changed}"


def test_the_generator_reads_each_body_unchanged(raw_texts: dict[str, bytes]) -> None:
    corpus = load_corpus(SEEDS, root=REPO)
    raws = {raw.decode("utf-8") for raw in raw_texts.values()}
    changed = [s.id for s in corpus.sources.values() if s.body not in raws]
    assert corpus.sources and not changed, f"bodies the generator altered while reading: {changed}"


def test_annotations_load_without_error() -> None:
    corpus = load_corpus(SEEDS, root=REPO)
    errors = [str(d) for d in corpus.report.sorted() if d.severity == "error"]
    assert not errors, "annotation errors:\n" + "\n".join(errors)
    unannotated = [s.id for s in corpus.sources.values() if not s.annotated]
    assert not unannotated, f"sources without a valid annotation: {unannotated}"


def test_every_quote_evidence_and_mention_is_in_its_text() -> None:
    """Checked twice: by folding here, and by counting what the generator kept."""
    annotations = Annotations.read()
    corpus = load_corpus(SEEDS, root=REPO)
    problems, checked = [], 0
    for s in annotations.sources.values():
        body = fold(s.body)
        words = [("quotes", q["text"]) for q in s.items("quotes")]
        words += [("incidents", i["evidence"]) for i in s.items("incidents")]
        words += [("measures", m["evidence"]) for m in s.items("measures")]
        words += [("mentions", m["text"]) for m in s.items("mentions")]
        for field, text in words:
            checked += 1
            if fold(text) not in body:
                problems.append(f"{s.file}: {field}: {text[:70]!r} is not in the text")
        kept = corpus.sources.get(s.id)
        if kept is None:
            problems.append(f"{s.file}: not loaded by the generator")
            continue
        for field in ("quotes", "incidents", "measures", "mentions"):
            if len(getattr(kept, field)) != len(s.items(field)):
                problems.append(f"{s.file}: {len(s.items(field))} {field} annotated, {len(getattr(kept, field))} kept")
    assert checked, "no quote, evidence or mention in the seeds"
    assert not problems, "\n".join(problems)
