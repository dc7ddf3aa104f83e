"""State we add to moto's, namespaced by account and region like moto's backends, with reset().

class QueueNotifications(RegionStore):
    def __init__(self) -> None:
        self.configs: dict[str, list] = {}

notifications = AccountRegionStore(QueueNotifications)
notifications["000000000000"]["us-east-1"].configs[...]
notifications.reset()
"""

from __future__ import annotations

import threading
from typing import Callable, Generic, Iterator, TypeVar

R = TypeVar("R", bound="RegionStore")

_all_stores: list[AccountRegionStore] = []


class RegionStore:
    """The state of one account in one region. Subclasses set their fields in __init__."""

    account_id: str = ""
    region: str = ""
    lock: threading.RLock


class _AccountStores(Generic[R]):
    def __init__(self, account_id: str, factory: Callable[[], R]) -> None:
        self.account_id = account_id
        self._factory = factory
        self._regions: dict[str, R] = {}
        self._lock = threading.Lock()

    def __getitem__(self, region: str) -> R:
        store = self._regions.get(region)
        if store is None:
            with self._lock:
                store = self._regions.get(region)
                if store is None:
                    store = self._factory()
                    store.account_id = self.account_id
                    store.region = region
                    store.lock = threading.RLock()
                    self._regions[region] = store
        return store

    def items(self) -> list[tuple[str, R]]:
        return list(self._regions.items())


class AccountRegionStore(Generic[R]):
    """`store[account_id][region]` builds a RegionStore on first use; `reset()` forgets all."""

    def __init__(self, factory: Callable[[], R]) -> None:
        self._factory = factory
        self._accounts: dict[str, _AccountStores[R]] = {}
        self._lock = threading.Lock()
        _all_stores.append(self)

    def __getitem__(self, account_id: str) -> _AccountStores[R]:
        accounts = self._accounts.get(account_id)
        if accounts is None:
            with self._lock:
                accounts = self._accounts.setdefault(account_id, _AccountStores(account_id, self._factory))
        return accounts

    def all(self) -> Iterator[R]:
        """Every region store that exists, in every account."""
        for accounts in list(self._accounts.values()):
            for _, store in accounts.items():
                yield store

    def reset(self) -> None:
        with self._lock:
            self._accounts = {}


def reset_all_stores() -> int:
    """Reset every store created in this process (POST /_localstack/state/reset)."""
    for store in _all_stores:
        store.reset()
    return len(_all_stores)
