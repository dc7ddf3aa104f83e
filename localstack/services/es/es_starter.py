"""Registers the es service."""

from localstack.services.es import patches
from localstack.services.es.es_listener import EsListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("es", listeners=lambda: [EsListener()], patches=patches)
