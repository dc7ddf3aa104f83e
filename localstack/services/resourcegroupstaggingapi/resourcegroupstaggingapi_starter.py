"""Registers the resourcegroupstaggingapi service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.resourcegroupstaggingapi import patches
from localstack.services.resourcegroupstaggingapi.resourcegroupstaggingapi_listener import (
    ResourcegroupstaggingapiListener,
)


def service() -> ServiceSpec:
    return ServiceSpec(
        "resourcegroupstaggingapi", listeners=lambda: [ResourcegroupstaggingapiListener()], patches=patches
    )
