"""`mkdocs build` renders the generated pages in forked helper processes as well: the same
site, byte for byte, as a build in one process; helpers' log records reach the build's log;
a helper that fails leaves its pages to the build."""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from generator import parallel
from support import REPO, SEEDS

sys.path.insert(0, str(REPO / "benchmarks"))

pytestmark = pytest.mark.skipif(not parallel.can_fork(), reason="no safe os.fork here")

LOG = logging.getLogger("mkdocs.plugins.briefing.test")


def _shout(item: str) -> str:
    LOG.warning("rendering %s", item)
    return item.upper()


def test_helpers_do_their_share_in_order_and_their_log_reads_as_a_serial_run(caplog: pytest.LogCaptureFixture) -> None:
    items = [f"page-{i}" for i in range(11)]
    helpers = parallel.Helpers(items, str, _shout, helpers=2)
    results = []
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        for item in items:
            if helpers.assigned(item):
                results.append(helpers.take(item))
            else:
                results.append(_shout(item))
    helpers.close()
    assert results == [item.upper() for item in items]
    # Items 1, 2, 4, 5, 7, 8, 10 went to the two helpers; the build did 0, 3, 6, 9.
    assert helpers.helped == 7
    assert [r.getMessage() for r in caplog.records] == [f"rendering {item}" for item in items]
    assert {r.process for r in caplog.records} - {os.getpid()}, "no record came from a helper"


def _fails_on_five(item: str) -> str:
    if item == "page-5":
        raise RuntimeError("helper breaks")
    return item.upper()


def test_a_helper_that_fails_leaves_the_rest_of_its_share_to_the_build() -> None:
    items = [f"page-{i}" for i in range(12)]
    helpers = parallel.Helpers(items, str, _fails_on_five, helpers=1)
    taken = {item: helpers.take(item) for item in items if helpers.assigned(item)}
    helpers.close()
    assert taken == {"page-1": "PAGE-1", "page-3": "PAGE-3", "page-5": None, "page-7": None,
                     "page-9": None, "page-11": None}
    assert helpers.helped == 2


def test_pages_made_with_helpers_are_the_pages_made_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A corpus with long lists (pages with complete lists of their own) and many sources."""
    from synth import write_corpus

    helped = []
    take = parallel.Helpers.take

    def counted(self: parallel.Helpers, key: str) -> object:  # type: ignore[type-arg]
        made = take(self, key)
        if made is not None:
            helped.append(key)
        return made

    monkeypatch.setattr(parallel.Helpers, "take", counted)

    from generator.load import load_corpus
    from generator.site import build_pages

    corpus = load_corpus(write_corpus(tmp_path / "seeds", 120, seed=3))
    alone = build_pages(corpus)
    shared = build_pages(load_corpus(tmp_path / "seeds"), helpers=2)
    assert any(page.children for page in alone), "no page with complete lists: the corpus is too small"
    assert [(p.path, p.markdown, p.origin, p.in_nav) for p in shared] == [(p.path, p.markdown, p.origin, p.in_nav) for p in alone]
    assert [[c.path for c in p.children] for p in shared] == [[c.path for c in p.children] for p in alone]
    assert len(helped) > 100, f"the helpers made {len(helped)} pages"


def _build(seeds: Path, root: Path, workers: int) -> tuple[Path, int]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.copytree(REPO / "docs", root / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "briefing" in item:
            item["briefing"] = dict(item["briefing"] or {}, seeds=str(seeds), workers=workers)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    loaded = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"), strict=True)
    build(loaded)
    return root / "site", loaded.plugins["briefing"].pages_helped


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_build_with_helpers_writes_the_site_a_single_process_writes(tmp_path: Path) -> None:
    alone, helped_alone = _build(SEEDS, tmp_path / "alone", workers=1)
    shared, helped = _build(SEEDS, tmp_path / "shared", workers=3)
    generated = sum(1 for p in (SEEDS / "sources").iterdir() if p.suffix in (".md", ".txt"))
    assert helped_alone == 0
    assert helped >= generated // 2, f"helpers rendered {helped} pages"
    one, other = _files(alone), _files(shared)
    assert sorted(one) == sorted(other)
    assert [path for path in one if one[path] != other[path]] == []
