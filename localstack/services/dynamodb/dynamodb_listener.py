"""Hooks around the dynamodb backend."""

from localstack.services.generic_proxy import ProxyListener


class DynamodbListener(ProxyListener):
    """Nothing to add yet: moto answers every dynamodb request as it comes."""
