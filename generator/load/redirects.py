"""Give former ids (``previous_ids``) a redirect to the entity's page, where that is safe."""

from __future__ import annotations

from ..kinds import RENAMED_ORDER
from .state import RESERVED_IDS, Loading


def previous_ids(s: Loading) -> None:
    """Old ids get a redirect unless that would hide a live page or be ambiguous."""
    redirects = s.corpus.redirects
    for kind in RENAMED_ORDER:
        table = s.corpus.table(kind)
        for new_id, entity in sorted(table.items()):
            for old in entity.previous_ids:
                where = getattr(old, "origin", entity.origin)
                claimed = redirects.get((kind, old))
                if old == new_id:
                    s.report.warning(where, f"{kind} '{new_id}': previous_ids lists its own id: ignored")
                elif old in table:
                    s.report.error(where, f"{kind} '{new_id}': previous id '{old}' is the id of another {kind} "
                                          f"({table[old].origin}): no redirect, the live page is kept")
                elif old in RESERVED_IDS:
                    s.report.error(where, f"{kind} '{new_id}': previous id '{old}' is reserved: no redirect")
                elif claimed is not None:
                    s.report.error(where, f"{kind} '{new_id}': previous id '{old}' is also claimed by "
                                          f"'{claimed}': no redirect for the second one")
                else:
                    redirects[(kind, old)] = new_id
