"""Corrections to moto's route53 backend, applied by the starter before the backend is built."""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_delete_precheck()


def _patch_delete_precheck() -> None:
    """moto allows a DELETE only of a record set its change journal shows created, so it refuses
    (with an InvalidInput sentence AWS never sends) a record created and deleted in one batch; the
    listener checks each DELETE against the zone's record sets as the batch's earlier changes leave
    them (validation.check_change_batch), as Route 53 does."""
    from moto.route53.models import ChangeList

    def has_insert_or_update(self: Any, new_rr_set: dict[str, Any]) -> bool:
        return True

    ChangeList.has_insert_or_update = has_insert_or_update
