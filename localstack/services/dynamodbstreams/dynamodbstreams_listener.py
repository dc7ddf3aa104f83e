"""Hooks around the dynamodbstreams backend."""

from localstack.services.generic_proxy import ProxyListener


class DynamodbstreamsListener(ProxyListener):
    """Nothing to add yet: moto answers every dynamodbstreams request as it comes."""
