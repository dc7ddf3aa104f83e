"""Registers the secretsmanager service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.secretsmanager import patches
from localstack.services.secretsmanager.secretsmanager_listener import SecretsmanagerListener


def service() -> ServiceSpec:
    return ServiceSpec("secretsmanager", listeners=lambda: [SecretsmanagerListener()], patches=patches)
