"""Hooks around the swf backend."""

from localstack.services.generic_proxy import ProxyListener


class SwfListener(ProxyListener):
    """Nothing to add yet: moto answers every swf request as it comes."""
