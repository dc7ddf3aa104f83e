"""Registers the route53 service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.route53 import patches
from localstack.services.route53.route53_listener import Route53Listener


def service() -> ServiceSpec:
    return ServiceSpec("route53", listeners=lambda: [Route53Listener()], patches=patches)
