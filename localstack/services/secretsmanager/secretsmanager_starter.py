"""Registers the secretsmanager service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec
from localstack.utils.aws.request_checks import require_members


def service() -> ServiceSpec:
    # A tag with no key and a replica with no region are refused as missing members, not handed to
    # moto (KeyError: 'Key', 'Region').
    require_members(
        "secretsmanager", {"Tag": frozenset(("Key",)), "ReplicaRegionType": frozenset(("Region",))}
    )
    return ServiceSpec(
        "secretsmanager",
        listeners=deferred(f"{__package__}.secretsmanager_listener:SecretsmanagerListener"),
        patches=f"{__package__}.patches",
    )
