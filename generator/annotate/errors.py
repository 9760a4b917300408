"""The error that stops the annotation of one source."""


class WriteError(Exception):
    """The source cannot be annotated; the message says why."""
