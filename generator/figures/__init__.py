"""Figures drawn inside pages as raw SVG or HTML: the chronology's chart, the map of incidents,
and what they share (escaping for markup, links to built URLs, colours)."""
