"""Hooks around the ec2 backend."""

from localstack.services.generic_proxy import ProxyListener


class Ec2Listener(ProxyListener):
    """Nothing to add yet: moto answers every ec2 request as it comes."""
