"""Corrections to moto's ecr backend, applied by the starter before the backend is built.

PutImage into an unknown repository or with a manifest that is not JSON raised bare exceptions (ECR
answers RepositoryNotFoundException and InvalidParameterException); PutRegistryScanningConfiguration
without rules read None as a list (no rules is an empty rule set).
"""

from __future__ import annotations

import json
from typing import Any


def apply() -> None:
    _patch_put_image()
    _patch_registry_scanning()


def _patch_put_image() -> None:
    from moto.ecr.exceptions import InvalidParameterException, RepositoryNotFoundException
    from moto.ecr.models import ECRBackend

    original = ECRBackend.put_image

    def put_image(self: Any, repository_name: str, image_manifest: str, *args: Any, **kwargs: Any) -> Any:
        if repository_name not in self.repositories:
            raise RepositoryNotFoundException(repository_name, self.account_id)
        try:
            json.loads(image_manifest)
        except (TypeError, ValueError):
            raise InvalidParameterException(
                "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'"
            ) from None
        return original(self, repository_name, image_manifest, *args, **kwargs)

    ECRBackend.put_image = put_image


def _patch_registry_scanning() -> None:
    from moto.ecr import responses

    def put_registry_scanning_configuration(self: Any) -> Any:
        from moto.core.responses import ActionResult

        scan_type = self._get_param("scanType") or "BASIC"
        rules = self._get_param("rules") or []
        self.ecr_backend.put_registry_scanning_configuration(scan_type, rules)
        return ActionResult({"registryScanningConfiguration": {"scanType": scan_type, "rules": rules}})

    responses.ECRResponse.put_registry_scanning_configuration = put_registry_scanning_configuration
