"""Registers the swf service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.swf import patches
from localstack.services.swf.swf_listener import SwfListener


def service() -> ServiceSpec:
    return ServiceSpec("swf", listeners=lambda: [SwfListener()], patches=patches)
