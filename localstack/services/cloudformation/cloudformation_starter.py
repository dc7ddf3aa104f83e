"""Registers the cloudformation service: our own listener answers every request."""

from localstack.services.deferred_listener import DeferredListener
from localstack.services.generic_proxy import ProxyListener
from localstack.services.plugins import ServiceSpec


def _listener() -> ProxyListener:
    # The deployer (template parsing with yaml, change sets, 40 resource providers) is ~1.7 MB of
    # RSS: loaded on the first CloudFormation request, not at start-up.
    from localstack.services.cloudformation.cloudformation_listener import CloudformationListener

    return CloudformationListener()


def service() -> ServiceSpec:
    return ServiceSpec(
        "cloudformation", listeners=lambda: [DeferredListener(_listener)], patches=f"{__package__}.patches"
    )
