"""Registers the resourcegroupstaggingapi service."""

from localstack.services.resourcegroupstaggingapi import patches
from localstack.services.resourcegroupstaggingapi.resourcegroupstaggingapi_listener import ResourcegroupstaggingapiListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("resourcegroupstaggingapi", listeners=lambda: [ResourcegroupstaggingapiListener()], patches=patches)
