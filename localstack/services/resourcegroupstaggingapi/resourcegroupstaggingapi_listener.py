"""Hooks around the resourcegroupstaggingapi backend."""

from localstack.services.generic_proxy import ProxyListener


class ResourcegroupstaggingapiListener(ProxyListener):
    """Nothing to add yet: moto answers every resourcegroupstaggingapi request as it comes."""
