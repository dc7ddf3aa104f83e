"""Modules our dependencies import at start but use only in rare operations: each runs on its first
attribute access instead of at import."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import threading
from types import ModuleType
from typing import Any, Mapping, Sequence

# module -> names that importers bind with `from module import name` and use only in calls: while the
# module has not run, such a name is a stand-in that runs it when first used.
# cryptography's Rust extension and OpenSSL cost ~8 MB of RSS. moto.iam.models imports x509 at the
# top for one call (UploadServerCertificate), and moto's S3 imports moto.iam on every object
# request; moto.sns.models imports hashes, serialization, padding, rsa, Name, NameAttribute and
# NameOID at its top, only to sign notifications (which our SNS signs itself).
DEFERRED: Mapping[str, frozenset[str]] = {
    "cryptography.x509": frozenset({"Name", "NameAttribute"}),
    "cryptography.x509.oid": frozenset({"NameOID"}),
    "cryptography.hazmat.primitives.hashes": frozenset(),
    "cryptography.hazmat.primitives.serialization": frozenset(),
    "cryptography.hazmat.primitives.asymmetric.padding": frozenset(),
    # Read at import only as a method's return annotation.
    "cryptography.hazmat.primitives.asymmetric.rsa": frozenset({"RSAPrivateKey"}),
}

# One lock for every deferred module: a module runs once, and no thread sees it half-run. Reentrant:
# the module's own code reads its attributes while running.
_lock = threading.RLock()
_LOADING = "__ls_deferred_loading__"
_NAMES = "__ls_deferred_names__"
# Read without running the module: the import system reads `__spec__` to see whether a module is
# initialized, and a package's `__path__` to import one of its submodules (which may be deferred too).
_PLAIN = frozenset({"__spec__", "__path__", "__name__", "__class__", "__dict__"})


class _DeferredModule(ModuleType):
    """A module whose code has not run yet. The first attribute read (other than the import system's
    own) runs it under the lock; then the module becomes a plain module."""

    def __getattribute__(self, attr: str) -> object:
        if attr in _PLAIN:
            return ModuleType.__getattribute__(self, attr)
        namespace = ModuleType.__getattribute__(self, "__dict__")
        if attr in namespace.get(_NAMES, ()) and not namespace.get(_LOADING):
            return _DeferredName(self, attr)
        _run(self)
        return ModuleType.__getattribute__(self, attr)


def _run(module: ModuleType) -> None:
    with _lock:
        if type(module) is _DeferredModule:
            namespace = ModuleType.__getattribute__(module, "__dict__")
            if not namespace.get(_LOADING):
                namespace[_LOADING] = True
                try:
                    namespace["__spec__"].loader.exec_module(module)
                finally:
                    namespace.pop(_LOADING, None)
                    namespace.pop(_NAMES, None)
                module.__class__ = ModuleType


class _DeferredName:
    """What `from module import name` binds while the module has not run: calling it or reading an
    attribute of it runs the module and acts on the real object."""

    __slots__ = ("_module", "_name")

    def __init__(self, module: ModuleType, name: str) -> None:
        self._module = module
        self._name = name

    def _target(self) -> Any:
        _run(self._module)
        return getattr(self._module, self._name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._target()(*args, **kwargs)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._target(), attr)

    def __repr__(self) -> str:
        return f"<deferred {self._module.__name__}.{self._name}>"


class _DeferringLoader(importlib.abc.Loader):
    """Creates the module as its real loader would and leaves running it to the first access."""

    def __init__(self, loader: importlib.abc.Loader, names: frozenset[str]) -> None:
        self.loader = loader
        self.names = names

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__.loader = self.loader  # type: ignore[union-attr]
        module.__loader__ = self.loader
        module.__dict__[_NAMES] = self.names
        module.__class__ = _DeferredModule


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds a deferred module as the path finder does, with a loader that defers running it."""

    def __init__(self, names: Mapping[str, frozenset[str]] | frozenset[str]) -> None:
        self.names = names if isinstance(names, Mapping) else dict.fromkeys(names, frozenset())

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        names = self.names.get(fullname)
        if names is None:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None and hasattr(spec.loader, "exec_module"):
            spec.loader = _DeferringLoader(spec.loader, names)
        return spec


_installed: _DeferringFinder | None = None


def install(names: Mapping[str, frozenset[str]] = DEFERRED) -> None:
    """Defer `names` from now on in this process (a module already imported stays as it is)."""
    global _installed
    if _installed is None:
        _installed = _DeferringFinder(names)
        sys.meta_path.insert(0, _installed)
