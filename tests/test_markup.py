"""Untrusted text through esc(): rendered by Python-Markdown as the site renders it, it stays literal text."""

from __future__ import annotations

import markdown
import pytest
from mkdocs.config import load_config

from generator.markup import bullets, esc, esc_verbatim, link, table
from support import REPO, Element, parse_html

PAYLOADS = [
    "<script>alert(1)</script>",
    "[x](y)",
    "[x](javascript:alert(1))",
    "{{ config.site_name }} {% if x %}",
    "{: .evil #owned onclick=alert(1) }",
    "**gras** _italique_ `code` ~~barré~~ ==marqué==",
    "colonne | coupée | en trois",
    "&amp; &lt;b&gt; &#60;",
    "# pas un titre",
    "1. pas une liste",
    "- pas une liste",
    "+ pas une liste",
    "> pas une citation",
    "!!! note \"pas une admonition\"",
    "![image](http://example.org/x.png) <https://example.org>",
    "a\\b\\\\c \\* \\_",
    "Titre\n===",
    "<!-- commentaire --> <img src=x onerror=alert(1)>",
    "l’OTAN « sabotage » — 12 %",
]
FORBIDDEN = {"script", "img", "iframe", "object", "embed", "strong", "em", "code", "del", "mark", "blockquote", "h2"}


@pytest.fixture(scope="module")
def render():  # type: ignore[no-untyped-def]
    """Markdown to a parsed tree, with the site's own Markdown extensions and their settings."""
    config = load_config(str(REPO / "mkdocs.yml"))
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)

    def to_tree(text: str) -> Element:
        md.reset()
        return parse_html(md.convert(text))

    return to_tree


def _assert_inert(tree: Element, payload: str) -> None:
    tags = {e.tag for e in tree.iter()}
    assert not tags & FORBIDDEN, f"{payload!r} made {tags & FORBIDDEN}"
    for e in tree.iter():
        assert not [a for a in e.attrs if a.startswith("on")], f"{payload!r} made an event attribute on <{e.tag}>"
        assert "evil" not in e.classes and e.get("id") != "owned", f"{payload!r} set attributes through attr_list"


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("payload", PAYLOADS)
def test_heading_shows_the_literal_text(render, payload: str) -> None:  # type: ignore[no-untyped-def]
    tree = render(f"# {esc(payload)}")
    h1 = tree.find_all("h1")
    assert len(h1) == 1 and h1[0].text() == _one_line(payload)
    _assert_inert(tree, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_table_cell_shows_the_literal_text(render, payload: str) -> None:  # type: ignore[no-untyped-def]
    tree = render(table(["Champ", "Valeur"], [[esc(payload), "fin"], ["", "vide"]]))
    rows = [[td.text() for td in tr.find_all("td")] for tr in tree.find_all("tr") if tr.find_all("td")]
    assert rows == [[_one_line(payload), "fin"], ["—", "vide"]]
    _assert_inert(tree, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_list_item_and_link_label_show_the_literal_text(render, payload: str) -> None:  # type: ignore[no-untyped-def]
    tree = render(bullets([esc(payload), link(esc(payload), "page.md")]))
    items = tree.find_all("li")
    assert [li.text() for li in items] == [_one_line(payload)] * 2
    links = tree.find_all("a")
    assert [a.get("href") for a in links] == ["page.md"], f"{payload!r} made links {links}"
    _assert_inert(tree, payload)


@pytest.mark.parametrize("payload", [*PAYLOADS, "  deux espaces  au début\tet une tabulation ", "fin  "])
def test_verbatim_paragraph_keeps_every_character(render, payload: str) -> None:  # type: ignore[no-untyped-def]
    line = payload.replace("\n", " ")  # a paragraph of a source is one line
    tree = render(f"{esc_verbatim(line)}\n{{: #p1 .briefing-para }}")
    paras = tree.find_all("p")
    assert len(paras) == 1 and paras[0].get("id") == "p1"
    assert paras[0].text() == line
    assert not tree.find_all("br"), "trailing spaces became a line break"
    _assert_inert(tree, payload)
