"""Corrections to moto's ssm backend, applied by the starter before the backend is built.

GetPatchBaselineForPatchGroup: `OperatingSystem` defaults to WINDOWS, and a patch group with no
baseline registered for an operating system gets that system's default baseline, as SSM documents;
moto crashed (KeyError) on both.

LabelParameterVersion and UnlabelParameterVersion of a parameter that does not exist stored an empty
version list under its name (moto's parameters are a defaultdict), and every later listing of tagged
resources (Resource Groups Tagging's GetTagKeys, GetResources) crashed on it.
"""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_baseline_for_patch_group()
    _patch_labels_of_unknown_parameters()


def _patch_baseline_for_patch_group() -> None:
    from moto.ssm.models import FakePatchGroup, SimpleSystemManagerBackend

    original = SimpleSystemManagerBackend.get_patch_baseline_for_patch_group

    def get_patch_baseline_for_patch_group(
        self: Any, patch_group: str, operating_system: str | None
    ) -> tuple[str, str, str]:
        operating_system = operating_system or "WINDOWS"
        group = self.patch_groups.get(patch_group)
        if group is None or operating_system not in group.associations:
            defaults = FakePatchGroup("Fake", self.region_name).associations
            if operating_system not in defaults:
                from moto.ssm.exceptions import ValidationException

                raise ValidationException(f"Invalid operating system: {operating_system}")
            return defaults[operating_system], patch_group, operating_system
        return original(self, patch_group, operating_system)

    SimpleSystemManagerBackend.get_patch_baseline_for_patch_group = get_patch_baseline_for_patch_group


def _patch_labels_of_unknown_parameters() -> None:
    from moto.ssm.exceptions import ParameterNotFound
    from moto.ssm.models import SimpleSystemManagerBackend

    label, unlabel = (
        SimpleSystemManagerBackend.label_parameter_version,
        SimpleSystemManagerBackend.unlabel_parameter_version,
    )

    def _known(self: Any, name: str) -> None:
        if not self._parameters.get(name):  # .get, unlike [], stores nothing under an unknown name
            raise ParameterNotFound(f"Parameter {name} not found.")

    def label_parameter_version(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        _known(self, name)
        return label(self, name, *args, **kwargs)

    def unlabel_parameter_version(self: Any, name: str, *args: Any, **kwargs: Any) -> Any:
        _known(self, name)
        return unlabel(self, name, *args, **kwargs)

    SimpleSystemManagerBackend.label_parameter_version = label_parameter_version
    SimpleSystemManagerBackend.unlabel_parameter_version = unlabel_parameter_version
