"""Hooks around the cloudwatch backend."""

from localstack.services.generic_proxy import ProxyListener


class CloudwatchListener(ProxyListener):
    """Nothing to add yet: moto answers every cloudwatch request as it comes."""
