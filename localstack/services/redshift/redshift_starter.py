"""Registers the redshift service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.redshift import patches
from localstack.services.redshift.redshift_listener import RedshiftListener


def service() -> ServiceSpec:
    return ServiceSpec("redshift", listeners=lambda: [RedshiftListener()], patches=patches)
