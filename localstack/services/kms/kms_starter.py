"""Registers the kms service."""

from localstack.services.kms import patches
from localstack.services.kms.kms_listener import KmsListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("kms", listeners=lambda: [KmsListener()], patches=patches)
