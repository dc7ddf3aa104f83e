"""Hooks around the events backend."""

from localstack.services.generic_proxy import ProxyListener


class EventsListener(ProxyListener):
    """Nothing to add yet: moto answers every events request as it comes."""
