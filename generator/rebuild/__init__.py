"""Rebuilding after an edit (``mkdocs serve``): re-read only the files that changed, re-render
only the pages that did. Every cache that lives from one build to the next is here:

- :mod:`.reads`: each annotation file's parsed and checked form, keyed by the file's stamp;
- :mod:`.pages`: each generated page's Markdown, keyed by the stamps of its inputs (the page
  memo, handed to the renderers through :class:`generator.memo.Memo`: none imports it);
- :mod:`.rendered`: what MkDocs made of each page, keyed by its Markdown's digest.

Nothing here imports MkDocs.
"""
