"""Registers the s3 service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.s3 import patches
from localstack.services.s3.s3_listener import S3Listener


def service() -> ServiceSpec:
    return ServiceSpec("s3", listeners=lambda: [S3Listener()], patches=patches)
