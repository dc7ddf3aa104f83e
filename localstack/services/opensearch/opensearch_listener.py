"""Hooks around the opensearch backend."""

from localstack.services.generic_proxy import ProxyListener


class OpensearchListener(ProxyListener):
    """Nothing to add yet: moto answers every opensearch request as it comes."""
