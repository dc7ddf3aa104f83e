"""Hooks around the secretsmanager backend."""

from localstack.services.generic_proxy import ProxyListener


class SecretsmanagerListener(ProxyListener):
    """Nothing to add yet: moto answers every secretsmanager request as it comes."""
