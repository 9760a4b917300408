"""The adapter between the generator's core and MkDocs: the only package importing MkDocs (the
core never imports it). :mod:`.plugin` is the plugin ``briefing``, its events handing each job
to its module: :mod:`.files` (generated files, kept compressed), :mod:`.reuse` (incremental
rebuilds), :mod:`.sitedir` (the site folder), :mod:`.search` (Pagefind), :mod:`.memory`
(collections, heap, template cache), :mod:`.helpers` (forked helpers), :mod:`.gate` (strict)."""
