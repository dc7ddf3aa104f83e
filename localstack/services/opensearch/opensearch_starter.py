"""Registers the opensearch service."""

from localstack.services.opensearch import patches
from localstack.services.opensearch.opensearch_listener import OpensearchListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("opensearch", listeners=lambda: [OpensearchListener()], patches=patches)
