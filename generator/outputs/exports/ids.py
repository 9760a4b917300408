"""Stable identifiers: the same annotation gives the same id in every build and every export."""

from __future__ import annotations

import uuid

#: Fixed namespace of the briefing's uuid5 ids. Never change it: ids in published
#: feeds and exports would all change, and readers would see every entry as new.
NAMESPACE = uuid.UUID("6f1c2a7e-3b0d-5c4e-9a8f-2d1e0b7c4a61")


def stable_uuid(*parts: str) -> uuid.UUID:
    """uuid5 of the parts joined by '/', in the briefing's namespace: ('source', 'x') -> UUID."""
    return uuid.uuid5(NAMESPACE, "/".join(parts))
