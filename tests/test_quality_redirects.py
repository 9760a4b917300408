"""The data quality page and the redirects of renamed ids, on a copy of the seeds with known defects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from beyond_support import assert_link_resolves, build_with_seeds, copy_seeds
from support import Site, load_yaml

DRAFT = """---
title: "Brouillon à relire"
reviewed: false
threats: [not-a-threat]
previous_ids: [old-draft-address]
"<b>odd</b>": 1
---
Un texte de brouillon, sans date.
"""
NOBODY = "\n- id: nobody-cites-me\n  name: Personne Que Rien Ne Cite\n"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[str]]:
    root = tmp_path_factory.mktemp("quality")
    seeds = copy_seeds(root)
    meetings = (seeds / "meetings.yml").read_text(encoding="utf-8")
    ids = [m["id"] for m in load_yaml(meetings)]
    first, second = ids[0], ids[1]
    # The first meeting was renamed; the second claims the first's live id (a collision).
    meetings = re.sub(rf"^- id: {first}\n", f"- id: {first}\n  previous_ids: [old-meeting-address]\n", meetings, flags=re.MULTILINE)
    meetings = re.sub(rf"^- id: {second}\n", f"- id: {second}\n  previous_ids: [{first}]\n", meetings, flags=re.MULTILINE)
    (seeds / "meetings.yml").write_text(meetings, encoding="utf-8")
    yaml.safe_load(meetings)  # still YAML
    with (seeds / "people.yml").open("a", encoding="utf-8") as f:
        f.write(NOBODY)
    (seeds / "sources" / "zz-draft.txt").write_text(DRAFT, encoding="utf-8")
    return build_with_seeds(root), [first, second]


def test_quality_page_lists_drafts_undated_sources_and_uncited_entries(case) -> None:  # type: ignore[no-untyped-def]
    site, _ = case
    article = site.article("qualite/")
    sections = _sections(article)
    assert "sources/zz-draft/" in _targets(site, sections["Brouillons à relire"])
    assert "sources/zz-draft/" in _targets(site, sections["Sources sans date"])
    assert "people/nobody-cites-me/" in _targets(site, sections["Entrées que rien ne cite"])


def test_quality_page_shows_the_build_warnings_as_text(case) -> None:  # type: ignore[no-untyped-def]
    site, _ = case
    article = site.article("qualite/")
    text = " ".join(article.text().split())
    assert "not-a-threat" in text and "seeds/sources/zz-draft.txt" in text
    assert "<b>odd</b>" in text, "a warning quoting HTML is not shown as typed"
    assert not [b for b in article.find_all("b") if "odd" in b.text()], "HTML from an annotation was interpreted"


def _assert_wired() -> None:
    import dataclasses

    from generator.model import Meeting, Source

    for record in (Meeting, Source):
        assert "previous_ids" in {f.name for f in dataclasses.fields(record)}, (
            f"generator/model.py's {record.__name__} does not carry previous_ids: "
            "the corpus must pass it from the schema to the model"
        )


def test_old_address_redirects_to_the_renamed_page(case) -> None:  # type: ignore[no-untyped-def]
    _assert_wired()
    site, (first, _) = case
    for old, new in (("meetings/old-meeting-address/", f"meetings/{first}/"), ("sources/old-draft-address/", "sources/zz-draft/")):
        path = site.file(old)
        assert path is not None, f"no redirect page at {old}"
        page = site.page(old)
        refresh = page.find("meta", **{"http-equiv": "refresh"})
        assert refresh is not None
        href = refresh.get("content").split("url=", 1)[1]
        assert assert_link_resolves(site, old, href)[0] == new
        canonical = page.find("link", rel="canonical")
        assert canonical is not None and assert_link_resolves(site, old, canonical.get("href"))[0] == new
        links = page.find_all("a")
        assert links and assert_link_resolves(site, old, links[0].get("href"))[0] == new


def test_an_old_id_that_is_a_live_id_keeps_the_live_page_and_is_reported(case) -> None:  # type: ignore[no-untyped-def]
    _assert_wired()
    site, (first, _second) = case
    live = site.article(f"meetings/{first}/")  # still the real page: MkDocs' article, not a redirect
    assert live.find("h1") is not None
    text = " ".join(site.article("qualite/").text().split())
    assert f"previous id '{first}'" in text and "erreur" in text


def _sections(article):  # type: ignore[no-untyped-def]
    out, current = {}, None
    for el in article.elements():
        if el.tag == "h2":
            current = el.text().strip()
            out[current] = []
        elif current:
            out[current].append(el)
    return out


def _targets(site: Site, elements) -> set[str]:  # type: ignore[no-untyped-def]
    return {assert_link_resolves(site, "qualite/", a.get("href"))[0] for el in elements for a in el.find_all("a")}


def test_format_documents_previous_ids() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    assert text.count("| `previous_ids` |") == 5
