"""Hooks around the stepfunctions backend."""

from localstack.services.generic_proxy import ProxyListener


class StepfunctionsListener(ProxyListener):
    """Nothing to add yet: moto answers every stepfunctions request as it comes."""
