"""Hooks around the logs backend."""

from localstack.services.generic_proxy import ProxyListener


class LogsListener(ProxyListener):
    """Nothing to add yet: moto answers every logs request as it comes."""
