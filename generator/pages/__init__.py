"""Markdown pages from a corpus: one module per kind of page, and what they share."""

#: The Markdown extensions the pages are written for, and what each is used for. ``attr_list``:
#: paragraph anchors, heading ids and classes (``{: #p3 .briefing-para }``); ``admonition``: the
#: notices of an entry to correct (``!!! warning``); ``tables`` and ``toc``: tables and heading
#: ids. The MkDocs adapter enables those a site's mkdocs.yml lacks; ``briefing generate --for``
#: lists them in the mkdocs.yml it writes.
MARKDOWN_EXTENSIONS = ("attr_list", "admonition", "tables", "toc")
