"""Hooks around the s3 backend."""

from localstack.services.generic_proxy import ProxyListener


class S3Listener(ProxyListener):
    """Nothing to add yet: moto answers every s3 request as it comes."""
