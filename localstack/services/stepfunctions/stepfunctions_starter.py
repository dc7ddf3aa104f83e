"""Registers the stepfunctions service."""

from localstack.services.plugins import ServiceSpec
from localstack.services.stepfunctions import patches
from localstack.services.stepfunctions.stepfunctions_listener import StepfunctionsListener


def service() -> ServiceSpec:
    return ServiceSpec("stepfunctions", listeners=lambda: [StepfunctionsListener()], patches=patches)
