"""Modules our dependencies import at start but use only in rare operations: each runs on its first
attribute access instead of at import."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from types import ModuleType
from typing import Sequence

# moto.iam.models imports x509 at the top for one call (UploadServerCertificate), and moto's S3
# imports moto.iam on every object request: that loads cryptography's Rust extension and OpenSSL,
# ~13 MB of RSS, in every server that ever stored an object.
DEFERRED = frozenset({"cryptography.x509"})

# One lock for every deferred module: a module runs once, and no thread sees it half-run. Reentrant:
# the module's own code reads its attributes while running.
_lock = threading.RLock()
_LOADING = "__ls_deferred_loading__"


class _DeferredModule(ModuleType):
    """A module whose code has not run yet. The first attribute read (other than `__spec__`, which
    the import statement reads to see whether a module is initialized) runs it under the lock;
    then the module becomes a plain module."""

    def __getattribute__(self, attr: str) -> object:
        if attr == "__spec__":
            return ModuleType.__getattribute__(self, attr)
        with _lock:
            if type(self) is _DeferredModule:
                namespace = ModuleType.__getattribute__(self, "__dict__")
                if not namespace.get(_LOADING):
                    namespace[_LOADING] = True
                    try:
                        namespace["__spec__"].loader.exec_module(self)
                    finally:
                        namespace.pop(_LOADING, None)
                    self.__class__ = ModuleType
        return ModuleType.__getattribute__(self, attr)


class _DeferringLoader(importlib.abc.Loader):
    """Creates the module as its real loader would and leaves running it to the first access."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__.loader = self.loader  # type: ignore[union-attr]
        module.__loader__ = self.loader
        module.__class__ = _DeferredModule


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds a deferred module as the path finder does, with a loader that defers running it."""

    def __init__(self, names: frozenset[str]) -> None:
        self.names = names

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _DeferringLoader(spec.loader)
        return spec


_installed: _DeferringFinder | None = None


def install(names: frozenset[str] = DEFERRED) -> None:
    """Defer `names` from now on in this process (a module already imported stays as it is)."""
    global _installed
    if _installed is None:
        _installed = _DeferringFinder(names)
        sys.meta_path.insert(0, _installed)
