"""What the state is: moto's backends in use and our stores, grouped by service, captured and put back."""

from __future__ import annotations

import importlib
import sys
from typing import Any

from localstack.services.plugins import PACKAGES
from localstack.utils.aws import stores as stores_module

_PACKAGE_SERVICES = {package: name for name, package in PACKAGES.items()}
# Our state kept in module-level dicts rather than AccountRegionStores (keyed by account and region
# inside): service -> "module:attribute" of each dict. Captured only once its module is imported.
MODULE_STATE = {
    "dynamodb": (
        "localstack.services.dynamodb.contributor_insights:_state",
        "localstack.services.dynamodb.client_tokens:_seen",
        "localstack.services.dynamodb.global_tables:_state",
        "localstack.services.dynamodb.bulk_operations:_state",
        # 2019.11.21 replica groups: (account, table) -> regions.
        "localstack.services.dynamodb.table_replicas:_groups",
    ),
    # Message move tasks, with their states and counts (moto has none).
    "sqs": ("localstack.services.sqs.move_tasks:_tasks",),
}

# Work restored state still owes (a move task the emulator stopped in the middle of): "module:function"
# called once the state is back and the log replayed, so that the work does not race the replay.
RESUMERS = ("localstack.services.sqs.move_tasks:resume",)


def resume_work() -> None:
    for identifier in RESUMERS:
        module_name, _, function = identifier.partition(":")
        module = sys.modules.get(module_name)
        if module is not None:
            getattr(module, function)()


def moto_backend_dicts() -> dict[str, Any]:
    """moto service name -> its BackendDict, for every moto service imported in this process."""
    if "moto.core.base_backend" not in sys.modules:
        return {}
    from moto.core.base_backend import BackendDict

    found: dict[str, Any] = {}
    for backend_dict in list(BackendDict._instances):
        found.setdefault(backend_dict.service_name, backend_dict)
    return found


def store_id(store: stores_module.AccountRegionStore) -> str:
    factory = store._factory
    return f"{factory.__module__}:{factory.__qualname__}"


def service_of_store(store: stores_module.AccountRegionStore) -> str:
    parts = store._factory.__module__.split(".")
    if len(parts) > 2 and parts[:2] == ["localstack", "services"]:
        return _PACKAGE_SERVICES.get(parts[2], parts[2])
    return "localstack"


def capture(services: set[str] | None = None) -> dict[str, dict]:
    """service -> {"moto": {account: {region: backend}}, "stores": {store id: accounts}} (live objects:
    pickle them while no request writes)."""
    state: dict[str, dict] = {}
    for name, backend_dict in moto_backend_dicts().items():
        if services is not None and name not in services:
            continue
        # moto's account maps are kept whole: rebuilding one asks botocore for every region (0.3 s).
        accounts = {account: regions for account, regions in dict(backend_dict).items() if len(regions)}
        if accounts:
            state.setdefault(name, {"moto": {}, "stores": {}})["moto"] = accounts
    for store in list(stores_module._all_stores):
        name = service_of_store(store)
        if services is not None and name not in services:
            continue
        if store._accounts:
            state.setdefault(name, {"moto": {}, "stores": {}})["stores"][store_id(store)] = store._accounts
    for name, identifiers in MODULE_STATE.items():
        if services is not None and name not in services:
            continue
        for identifier in identifiers:
            value = _module_dict(identifier, import_it=False)
            if value:
                parts = state.setdefault(name, {"moto": {}, "stores": {}})
                parts.setdefault("modules", {})[identifier] = dict(value)
    return state


def _module_dict(identifier: str, import_it: bool = True) -> dict | None:
    module_name, _, attribute = identifier.partition(":")
    module = sys.modules.get(module_name)
    if module is None and import_it:
        module = importlib.import_module(module_name)
    return getattr(module, attribute) if module is not None else None


def clear(services: set[str] | None = None) -> None:
    """Forget the state of these services (all when None), moto's and ours."""
    for name, backend_dict in moto_backend_dicts().items():
        if services is None or name in services:
            for account_backends in list(backend_dict.values()):
                try:
                    account_backends.reset()
                except Exception:  # noqa: BLE001 - a backend that cannot reset is cleared anyway
                    pass
            backend_dict.clear()
    for store in list(stores_module._all_stores):
        if services is None or service_of_store(store) in services:
            store.reset()
    for name, identifiers in MODULE_STATE.items():
        if services is None or name in services:
            for identifier in identifiers:
                value = _module_dict(identifier, import_it=False)
                if value is not None:
                    value.clear()


def restore(state: dict[str, dict]) -> None:
    """Replace the state of each service in `state` with the captured one."""
    clear(set(state))
    for name, parts in state.items():
        if parts.get("moto"):
            backend_dict = _backend_dict(name)
            for account, account_backends in parts["moto"].items():
                if isinstance(account_backends, dict) and type(account_backends) is dict:
                    # Regions by name, as an archive written by another tool may hold them.
                    target = backend_dict[account]
                    for region, backend in account_backends.items():
                        dict.__setitem__(target, region, backend)
                    continue
                dict.__setitem__(backend_dict, account, account_backends)
            _register_in_use(backend_dict)
            if name == "s3":
                _index_bucket_owners(backend_dict)
        for identifier, accounts in parts.get("stores", {}).items():
            _store(identifier)._accounts = accounts
        for identifier, value in parts.get("modules", {}).items():
            if identifier not in MODULE_STATE.get(name, ()):
                raise LookupError(f"no module state {identifier} in this version of localstack")
            target = _module_dict(identifier)
            target.clear()  # type: ignore[union-attr]
            target.update(value)  # type: ignore[union-attr]


def _index_bucket_owners(backend_dict: Any) -> None:
    """moto finds a bucket's account through its name index (not part of any backend): rebuild it."""
    owners = getattr(backend_dict, "bucket_accounts", None)
    if owners is None:
        return
    owners.clear()
    for account, partitions in dict.items(backend_dict):
        for partition, backend in dict.items(partitions):
            for bucket_name in getattr(backend, "buckets", {}):
                owners[bucket_name] = (partition, account)


def _register_in_use(backend_dict: Any) -> None:
    """moto resets (and we snapshot) only the backend dicts it lists as in use."""
    from moto.core.base_backend import BackendDict

    if backend_dict not in BackendDict._instances:
        BackendDict._instances.append(backend_dict)


def _backend_dict(name: str) -> Any:
    from moto.backends import get_backend

    return get_backend(name)  # type: ignore[arg-type]


def _store(identifier: str) -> stores_module.AccountRegionStore:
    module, _, _ = identifier.partition(":")
    importlib.import_module(module)
    for store in stores_module._all_stores:
        if store_id(store) == identifier:
            return store
    raise LookupError(f"no store {identifier} in this version of localstack")


def count_resources(state: dict[str, dict]) -> int:
    """A rough size: region backends and store regions captured."""
    total = 0
    for parts in state.values():
        total += sum(len(dict(regions)) for regions in parts.get("moto", {}).values())
        total += sum(len(accounts) for accounts in parts.get("stores", {}).values())
    return total
