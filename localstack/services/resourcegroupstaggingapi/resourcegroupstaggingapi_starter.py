"""Registers the resourcegroupstaggingapi service."""

from localstack.services.deferred_listener import deferred
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec(
        "resourcegroupstaggingapi",
        listeners=deferred(
            f"{__package__}.resourcegroupstaggingapi_listener:ResourcegroupstaggingapiListener"
        ),
        patches=f"{__package__}.patches",
    )
