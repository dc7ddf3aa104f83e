"""Hooks around the firehose backend."""

from localstack.services.generic_proxy import ProxyListener


class FirehoseListener(ProxyListener):
    """Nothing to add yet: moto answers every firehose request as it comes."""
