"""The annotation assistant: from a raw article to a draft annotation to review.

``briefing annotate PATH...`` reads raw texts (or sources already partly
annotated) and proposes, in the source's front matter and with
``reviewed: false``: the title, the publication date at its precision, the
language, the publisher, the countries, the threat types (each with the
sentence that supports it), the people, the meetings, the quotes with their
speaker and candidate incidents with their evidence and attribution status.
People and meetings the registries do not know are proposed as new entries
in a sidecar ``NAME.proposals.yml``.

It works offline with rules and the registries (:mod:`.annotator`), and can
use spaCy's French model when the ``nlp`` extra is installed (:mod:`.nlp`).

Use from Python::

    from generator.load import load_corpus
    from generator.annotate import Annotator
    draft = Annotator(load_corpus(Path("seeds"))).annotate(text, stem="2024-06-13-dw")
"""

from .annotator import Annotator, Draft, new_annotator

__all__ = ["Annotator", "Draft", "new_annotator"]
