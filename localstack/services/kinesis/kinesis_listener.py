"""Hooks around the kinesis backend."""

from localstack.services.generic_proxy import ProxyListener


class KinesisListener(ProxyListener):
    """Nothing to add yet: moto answers every kinesis request as it comes."""
