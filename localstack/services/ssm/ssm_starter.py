"""Registers the ssm service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import require_members

# Filters moto reads both members of (KeyError without either): a filter names a key and its values.
_FILTER = frozenset(("Key", "Values"))


def service() -> ServiceSpec:
    require_members("ssm", {"MaintenanceWindowFilter": _FILTER, "PatchOrchestratorFilter": _FILTER})
    return ServiceSpec(
        "ssm", listeners=deferred(f"{__package__}.ssm_listener:SsmListener"), patches=f"{__package__}.patches"
    )
