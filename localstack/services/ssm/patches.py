"""Corrections to moto's ssm backend, applied by the starter before the backend is built.

GetPatchBaselineForPatchGroup: `OperatingSystem` defaults to WINDOWS, and a patch group with no
baseline registered for an operating system gets that system's default baseline, as SSM documents;
moto crashed (KeyError) on both.
"""

from __future__ import annotations

import threading
from typing import Any

_applied = False
_apply_lock = threading.Lock()


def apply() -> None:
    global _applied
    with _apply_lock:
        if _applied:
            return
        _applied = True
        _patch_baseline_for_patch_group()


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
