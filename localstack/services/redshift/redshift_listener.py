"""Hooks around the redshift backend."""

from localstack.services.generic_proxy import ProxyListener


class RedshiftListener(ProxyListener):
    """Nothing to add yet: moto answers every redshift request as it comes."""
