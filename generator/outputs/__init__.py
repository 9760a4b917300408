"""What is published beside the pages and is not Markdown: Atom feeds, exports of the corpus
(JSON, CSV, STIX 2.1) and redirect pages at former addresses."""
