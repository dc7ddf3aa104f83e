"""Corrections to moto's glue backend, applied by the starter before the backend is built.

A RegistryId that names no registry (empty: the default registry, which moto never creates) made
GetRegistry and DeleteRegistry crash on the lookup; Glue answers EntityNotFoundException.
"""

from __future__ import annotations

from typing import Any


def apply() -> None:
    _patch_registry_lookups()


def _patch_registry_lookups() -> None:
    from moto.glue.exceptions import RegistryNotFoundException
    from moto.glue.glue_schema_registry_utils import DEFAULT_REGISTRY_NAME
    from moto.glue.models import GlueBackend

    get, delete = GlueBackend.get_registry, GlueBackend.delete_registry

    def _known(self: Any, registry_id: Any) -> dict:
        registry_id = registry_id if isinstance(registry_id, dict) else {}
        if not registry_id.get("RegistryName") and not registry_id.get("RegistryArn"):
            registry_id = {}  # neither given: the default registry
        if not registry_id and DEFAULT_REGISTRY_NAME not in self.registries:
            raise RegistryNotFoundException("Registry", "RegistryName", DEFAULT_REGISTRY_NAME)
        return registry_id

    def get_registry(self: Any, registry_id: Any) -> Any:
        return get(self, _known(self, registry_id))

    def delete_registry(self: Any, registry_id: Any) -> Any:
        return delete(self, _known(self, registry_id))

    GlueBackend.get_registry = get_registry
    GlueBackend.delete_registry = delete_registry
