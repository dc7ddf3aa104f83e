"""Registers the iam service."""

from localstack.services.iam import patches
from localstack.services.iam.iam_listener import IamListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("iam", listeners=lambda: [IamListener()], patches=patches)
