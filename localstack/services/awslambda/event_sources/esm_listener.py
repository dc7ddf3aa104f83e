"""Hooks for the event source mapping operations of the Lambda API."""

from localstack.services.generic_proxy import ProxyListener


class EventSourceMappingListener(ProxyListener):
    """Passes every request on until the pollers are written."""


def start() -> None:
    """Start the pollers (called once every port listens); nothing to start yet."""
