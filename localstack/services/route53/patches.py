"""Corrections to moto's route53 backend, applied by the starter before the backend is built."""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_delete_precheck()
    _patch_zones_by_vpc_max_items()


def _patch_delete_precheck() -> None:
    """moto allows a DELETE only of a record set its change journal shows created, so it refuses
    (with an InvalidInput sentence AWS never sends) a record created and deleted in one batch; the
    listener checks each DELETE against the zone's record sets as the batch's earlier changes leave
    them (validation.check_change_batch), as Route 53 does."""
    from moto.route53.models import ChangeList

    def has_insert_or_update(self: Any, new_rr_set: dict[str, Any]) -> bool:
        return True

    ChangeList.has_insert_or_update = has_insert_or_update


def _patch_zones_by_vpc_max_items() -> None:
    """moto leaves out ListHostedZonesByVPC's required MaxItems (AWS answers "100" by default, recorded)."""
    from moto.core.responses import ActionResult
    from moto.route53.responses import Route53

    original = Route53.list_hosted_zones_by_vpc

    def list_hosted_zones_by_vpc(self: Any) -> ActionResult:
        answer = original(self)
        result = answer.result
        if isinstance(result, dict):
            result.setdefault("MaxItems", self._get_param("MaxItems") or "100")
        return answer

    Route53.list_hosted_zones_by_vpc = list_hosted_zones_by_vpc
