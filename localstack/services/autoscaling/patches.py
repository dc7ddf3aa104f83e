"""Corrections to moto's autoscaling backend, applied by the starter before the backend is built.

DeleteLaunchConfiguration of a name that does not exist answered 200; Auto Scaling answers
ValidationError "Launch configuration name not found - Launch configuration <name> not found" (400),
the sentence tools (Terraform, Spinnaker, deploy scripts) match to treat the configuration as gone.
"""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_delete_launch_configuration()


def _patch_delete_launch_configuration() -> None:
    from moto.autoscaling.exceptions import ValidationError
    from moto.autoscaling.models import AutoScalingBackend

    original = AutoScalingBackend.delete_launch_configuration

    def delete_launch_configuration(self: Any, launch_configuration_name: str) -> None:
        if launch_configuration_name not in self.launch_configurations:
            raise ValidationError(
                "Launch configuration name not found - "
                f"Launch configuration {launch_configuration_name} not found"
            )
        original(self, launch_configuration_name)

    AutoScalingBackend.delete_launch_configuration = delete_launch_configuration
