"""Bounds before the parser: nesting depth, value counts and line length never crash nor slow a build.

Each hostile input goes into a copy of the project: `briefing check` names the real cause at
its position, `mkdocs build` completes with every other page, the broken source is still
published with its text, and a source of one 4 MB line builds in bounded time and memory.
"""

from __future__ import annotations

import html as htmllib
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from support import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from synth import write_corpus  # noqa: E402

DEPTH = 1000
DEEP = {
    # shape: (YAML value of the field `nested:`, column of the 51st level on the line after `nested:` or on it)
    "flow-list": "nested: " + "[" * DEPTH + "]" * DEPTH,
    "flow-map": "nested: " + "{a: " * DEPTH + "1" + "}" * DEPTH,
    "block-list": "nested:\n  " + "- " * DEPTH + "x",
    "block-map": "nested:\n" + "".join("  " * (i + 1) + "a:\n" for i in range(DEPTH)) + "  " * (DEPTH + 1) + "x",
}
#: Where the 51st level starts in a front matter (a mapping: level 1), as (line counted from
#: the line of `nested:`, column).
DEEP_AT = {"flow-list": (0, 9 + 49), "flow-map": (0, 9 + 49 * 4), "block-list": (1, 3 + 49 * 2), "block-map": (50, 1 + 50 * 2)}
#: The same in a registry entry (the list is level 1, the entry level 2), `nested:` indented by 2.
REGISTRY_DEEP_AT = {"flow-list": (0, 11 + 48), "flow-map": (0, 11 + 48 * 4), "block-list": (1, 5 + 48 * 2), "block-map": (49, 3 + 49 * 2)}
#: The 4 MB single line: a real paragraph (with names the page links) repeated.
LINE_BYTES = 4_000_000
#: Generous bounds for the build of the project with that line: measured about 10 s and 250 MB
#: on a 2-core machine (before the fix: over 100 s, Python-Markdown's inline step being quadratic
#: in a paragraph's length).
LINE_BUILD_SECONDS = 60
LINE_BUILD_BYTES = 2 * 1024**3


def _env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def run(cwd: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, env=_env(), timeout=timeout)


def copy_project(root: Path, seeds: Path = REPO / "seeds") -> Path:
    shutil.copytree(REPO / "docs", root / "docs")
    shutil.copytree(seeds, root / "seeds")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return root


def source_text(shape: str) -> str:
    return f"---\ntitle: Imbrication {shape}\n{DEEP[shape]}\n---\nTexte gardé de la source {shape}.\n"


def long_line() -> str:
    text = (REPO / "seeds" / "sources" / "2024-06-13-dw-stoltenberg-sabotage.txt").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    one = " ".join(body.split()) + " "
    line = (one * (LINE_BYTES // len(one.encode()) + 1)).encode()[:LINE_BYTES].decode("utf-8", "ignore")
    line = line[: line.rfind(" ")] + " FIN-DE-LA-LIGNE"
    return f"---\n{front}---\n{line}\n"


def check_lines(project: Path) -> list[str]:
    result = run(project, "generator.cli", "check")
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), result.stderr[-3000:]
    return result.stdout.splitlines()


def build(project: Path) -> tuple[subprocess.CompletedProcess[str], float, int]:
    """A plain `mkdocs build` into project/site: (result, seconds, peak resident bytes of a build)."""
    start = time.perf_counter()
    result = run(project, "mkdocs", "build", "-d", str(project / "site"))
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr, result.stderr[-3000:]
    assert (project / "site" / "index.html").is_file()
    return result, elapsed, peak


def page(project: Path, source_id: str) -> str:
    return (project / "site" / "sources" / source_id / "index.html").read_text(encoding="utf-8")


# --- sources -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sources_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], float, int]:
    project = copy_project(tmp_path_factory.mktemp("bounds"))
    sources = project / "seeds" / "sources"
    for shape in DEEP:
        (sources / f"deep-{shape}.txt").write_text(source_text(shape), encoding="utf-8")
    items = ", ".join("x" for _ in range(100_001))
    (sources / "many-values.txt").write_text(f"---\ntitle: Beaucoup\nextra: [{items}]\n---\nTexte gardé.\n", encoding="utf-8")
    (sources / "long-line.txt").write_text(long_line(), encoding="utf-8")
    lines = check_lines(project)
    _, elapsed, peak = build(project)
    return project, lines, elapsed, peak


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_in_a_source_is_reported_and_the_source_published(
    sources_project: tuple[Path, list[str], float, int], shape: str
) -> None:
    project, lines, _, _ = sources_project
    line, col = DEEP_AT[shape]
    expected = (f"seeds/sources/deep-{shape}.txt:{3 + line}:{col}: error: nesting deeper than 50 levels "
                "(lists or mappings inside one another): refused")
    assert [x for x in lines if f"deep-{shape}.txt" in x] == [expected]
    html = page(project, f"deep-{shape}")
    assert f"Texte gardé de la source {shape}." in html
    assert "Annotation à corriger" in html and "nesting deeper than 50 levels" in html


def test_many_values_are_refused_with_their_real_cause(sources_project: tuple[Path, list[str], float, int]) -> None:
    project, lines, _, _ = sources_project
    assert [x for x in lines if "many-values.txt" in x] == [
        "seeds/sources/many-values.txt:2:1: error: more than 100000 values in this file (list items, fields and "
        "their values): refused; split it or shorten its lists"
    ]
    assert "alias" not in " ".join(x for x in lines if "many-values.txt" in x)
    assert "Texte gardé." in page(project, "many-values")


def test_one_long_line_is_warned_about_and_builds_in_bounded_time_and_memory(
    sources_project: tuple[Path, list[str], float, int]
) -> None:
    project, lines, elapsed, peak = sources_project
    assert [x for x in lines if "long-line.txt" in x] == [
        f"seeds/sources/long-line.txt:{long_line().count(chr(10), 0, long_line().rindex('---'))+2}:1: warning: "
        f"line {long_line().count(chr(10), 0, long_line().rindex('---'))+2} is "
        f"{len(long_line().rstrip(chr(10)).rsplit(chr(10), 1)[1])} characters long (over 10000): each is one "
        "paragraph, shown in blocks of at most 10000 characters; put each paragraph of the text on its own line"
    ]
    assert elapsed < LINE_BUILD_SECONDS, f"the build took {elapsed:.1f} s"
    assert peak < LINE_BUILD_BYTES, f"a build used {peak / 2**20:.0f} MiB"
    html = page(project, "long-line")
    assert 'id="p1"' in html and "FIN-DE-LA-LIGNE" in html
    assert html.count('class="briefing-para briefing-para-more"') >= LINE_BYTES // 10_000 // 2
    for other in (REPO / "seeds" / "sources").glob("*.txt"):
        assert (project / "site" / "sources" / other.stem / "index.html").is_file()


def test_blocks_cut_a_long_paragraph_between_words_and_never_inside_a_link() -> None:
    from generator.pages.source import blocks
    from generator.textmatch import Span

    text = "mot " * 10_000
    spans = [Span(i, i + 3, ("country", "ru")) for i in range(0, len(text), 4)]
    pieces = blocks(text, spans, size=1000)
    assert "".join(p for p, _ in pieces) == text
    assert all(len(p) <= 1000 and p.endswith(" ") for p, _ in pieces)
    assert sum(len(s) for _, s in pieces) == len(spans)
    for piece, piece_spans in pieces:
        assert all(piece[s.start : s.end] == "mot" for s in piece_spans)
    one = "x" * 2500 + " " + "y" * 10
    pieces = blocks(one, [Span(10, 2400, ("country", "ru"))], size=1000)
    assert "".join(p for p, _ in pieces) == one
    assert [(p[:10], s) for p, s in pieces if s] == [("x" * 10, [Span(0, 2390, ("country", "ru"))])]


# --- registries ----------------------------------------------------------------


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_in_a_registry_is_reported(tmp_path: Path, shape: str) -> None:
    project = copy_project(tmp_path)
    threats = project / "seeds" / "threats.yml"
    deep = DEEP[shape].replace("\n", "\n  ")
    text = threats.read_text(encoding="utf-8").rstrip("\n") + "\n- id: profonde\n  " + deep + "\n"
    threats.write_text(text, encoding="utf-8")
    start = text.count("\n", 0, text.index("- id: profonde")) + 2
    line, col = REGISTRY_DEEP_AT[shape]
    lines = check_lines(project)
    expected = f"seeds/threats.yml:{start + line}:{col}: error: nesting deeper than 50 levels"
    assert [x for x in lines if x.startswith("seeds/threats.yml") and "nesting" in x] == [
        expected + " (lists or mappings inside one another): refused"
    ]


def test_a_deep_registry_is_skipped_and_the_build_completes(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    meetings = project / "seeds" / "meetings.yml"
    meetings.write_text(meetings.read_text(encoding="utf-8") + "- id: x\n  " + DEEP["flow-list"] + "\n", encoding="utf-8")
    lines = check_lines(project)
    assert any(x.startswith("seeds/meetings.yml:") and "nesting deeper than 50 levels" in x for x in lines)
    build(project)
    for other in (REPO / "seeds" / "sources").glob("*.txt"):
        assert (project / "site" / "sources" / other.stem / "index.html").is_file()
    for person in yaml.safe_load((REPO / "seeds" / "people.yml").read_text(encoding="utf-8")):
        assert (project / "site" / "people" / person["id"] / "index.html").is_file()


def test_one_deep_source_among_fifty_good_ones(tmp_path: Path) -> None:
    seeds = write_corpus(tmp_path / "synth", 50, seed=3)
    project = copy_project(tmp_path / "project", seeds)
    sources = project / "seeds" / "sources"
    good = sorted(p.stem for p in sources.glob("*.txt"))
    assert len(good) == 50
    (sources / "zz-deep.txt").write_text(source_text("flow-list"), encoding="utf-8")
    lines = check_lines(project)
    assert [x for x in lines if ": error:" in x] == [
        "seeds/sources/zz-deep.txt:3:58: error: nesting deeper than 50 levels (lists or mappings inside one another): refused"
    ]
    build(project)
    for stem in good + ["zz-deep"]:
        assert (project / "site" / "sources" / stem / "index.html").is_file(), stem
    assert "Texte gardé de la source flow-list." in page(project, "zz-deep")


def test_a_huge_value_is_cut_with_an_error_and_builds_fast(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    body = (REPO / "seeds" / "sources" / "2024-06-13-dw-stoltenberg-sabotage.txt").read_text(encoding="utf-8")
    words = " ".join(body.split("---\n", 2)[2].split()).replace('"', "'")
    summary = (words + " ") * (3_500_000 // len(words))  # 3.6 MB, under the size limit
    (project / "seeds" / "sources" / "long-summary.txt").write_text(
        f'---\ntitle: Résumé long\npeople: [jens-stoltenberg]\ncountries: [RU, DE]\nsummary: "{summary}"\n---\nCourt.\n',
        encoding="utf-8",
    )
    lines = check_lines(project)
    assert [x for x in lines if "long-summary" in x] == [
        f"seeds/sources/long-summary.txt:5:10: error: value is {len(summary)} characters long, over the limit of "
        "10000: only its first 10000 characters are kept"
    ]
    _, elapsed, _ = build(project)
    assert elapsed < LINE_BUILD_SECONDS, f"the build took {elapsed:.1f} s"  # about 5 s; over 90 s before
    text = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", page(project, "long-summary"))))
    assert "Résumé de l'analyste" in text and words[:80] in text and "Court." in text



def test_finding_a_paragraph_reads_few_of_them() -> None:
    """Each quote, incident or measure is placed in its paragraph: with a linear scan, a source of
    many paragraphs and many quotes cost their product (100,000 x 5,000: 11 s of check)."""
    from generator.textmatch import paragraph_at, paragraphs

    class Counted(list):  # type: ignore[type-arg]
        reads = 0

        def __getitem__(self, i):  # type: ignore[no-untyped-def]
            Counted.reads += 1
            return super().__getitem__(i)

        def __iter__(self):  # type: ignore[no-untyped-def]
            for i in range(len(self)):
                yield self[i]

    body = "".join(f"ligne {i}\n" if i % 7 else "\n" for i in range(100_000))
    paras = Counted(paragraphs(body))
    for offset in (0, 5, len(body) // 2, len(body) - 3, len(body) + 10):
        Counted.reads = 0
        number = paragraph_at(paras, offset)
        assert Counted.reads < 100, f"{Counted.reads} paragraphs read to place offset {offset}"
        expected = max((p.number for p in list.__iter__(paras) if p.start <= offset), default=1)
        assert number == expected
