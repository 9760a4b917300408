"""briefing: annotated sources on Russian hybrid threats -> a cross-linked briefing site.

Data flows one way: files -> located YAML -> validated model -> corpus (with its
indexes) -> Markdown pages. Only :mod:`generator.mkdocs_adapter` knows MkDocs.
"""
