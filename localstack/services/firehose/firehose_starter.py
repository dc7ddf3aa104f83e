"""Registers the firehose service."""

from localstack.services.firehose import patches
from localstack.services.firehose.firehose_listener import FirehoseListener
from localstack.services.plugins import ServiceSpec


def service() -> ServiceSpec:
    return ServiceSpec("firehose", listeners=lambda: [FirehoseListener()], patches=patches)
