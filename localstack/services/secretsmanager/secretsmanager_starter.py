"""Registers the secretsmanager service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.secretsmanager import patches
from localstack.services.secretsmanager.secretsmanager_listener import SecretsmanagerListener
from localstack.utils.aws.request_checks import require_members


def service() -> ServiceSpec:
    # A tag with no key and a replica with no region are refused as missing members, not handed to
    # moto (KeyError: 'Key', 'Region').
    require_members(
        "secretsmanager", {"Tag": frozenset(("Key",)), "ReplicaRegionType": frozenset(("Region",))}
    )
    return ServiceSpec("secretsmanager", listeners=lambda: [SecretsmanagerListener()], patches=patches)
