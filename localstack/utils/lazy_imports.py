"""Modules our dependencies import at start but use only in rare operations: each runs on its first
attribute access instead of at import."""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Mapping, Sequence

if TYPE_CHECKING:
    from importlib.abc import Loader

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
    # charset_normalizer (~2.6 MB: compiled extensions and tables) guesses the text encoding of a
    # `requests` response without a charset, which moto and we never ask; requests imports it with
    # itself, and moto imports requests everywhere (for `requests.structures`).
    "charset_normalizer": frozenset(),
    # boto3 with s3transfer, multiprocessing and its resource layer (~2.5 MB): moto's backends import
    # boto3.Session (moto_apps replaces the one method that makes one) and DynamoDB's models import
    # boto3's (light) attribute-value types, whose package and compat module import all of that.
    "boto3": frozenset({"Session"}),
    "boto3.compat": frozenset(),
    # botocore's documentation builders (19 modules, ~8 ms of CPU at start-up, with html.parser):
    # botocore.client and botocore.waiter import the docstring classes of client methods, paginators and
    # waiters, which run only when a client class is made (our in-process clients). The package's
    # own __init__ imports them all; botocore.handlers imports its light `utils` submodule.
    "botocore.docs": frozenset(),
    "botocore.docs.docstring": frozenset({"ClientMethodDocstring", "PaginatorDocstring", "WaiterDocstring"}),
    # moto.s3.models imports CloudWatch's and EventBridge's backends (17 modules, ~8 ms of CPU at the
    # first S3 request) for two calls: building the bucket metrics CloudWatch lists, and sending a
    # bucket's events to EventBridge (moto.events.notifications is light; its package imports the
    # backend). Either service's own requests import them as usual.
    # botocore's client machinery (botocore.client with its endpoint, retry, signing and user-agent
    # modules; ~30 modules): moto.core.utils imports Session at its top for one rarely called helper
    # (the service names of a URL), and moto's serializer and our checks load models without it.
    "botocore.session": frozenset({"Session"}),
    "moto.cloudwatch": frozenset(),
    "moto.cloudwatch.models": frozenset({"MetricDatum"}),
    "moto.events": frozenset(),
    # moto's IAM (24 modules with botocore's credentials and AWS's managed policies: ~6 % of the CPU of
    # a start to the first answer): moto's every request imports it to note the access key's last
    # use and, without an account header, to find the key's account. Access keys live only in its
    # backends, so until it has run no key is known and both lookups have nothing to do (their
    # stand-ins are served below); the first IAM or STS request, or any other name read, runs it.
    "moto.iam": frozenset(),
    "moto.iam.models": frozenset(),
    # requests' package (sessions, adapters, cookies, idna, certifi: ~20 modules): moto imports it
    # everywhere, at import only for `requests.structures` (a light submodule, imported as usual) and
    # otherwise to call it in the rare operation that fetches a URL, when it runs.
    "requests": frozenset(),
    # What requests.structures reads from it is served from collections.abc; the rest (with
    # http.cookiejar) runs with requests.
    "requests.compat": frozenset(),
    # urllib3 (30 modules): botocore imports it at import for its HTTP client (botocore.awsrequest and
    # botocore.httpsession, which subclass and configure its classes) and its exception classes
    # (served from its light exceptions module); moto and the checks only parse and serialize with
    # botocore. Our in-process clients and URL backends run them when used.
    "urllib3": frozenset(),
    "botocore.awsrequest": frozenset({"AWSPreparedRequest"}),
    "botocore.httpsession": frozenset(),
    # moto.core.versions asks importlib.metadata for three packages' versions at import (a scan of
    # sys.path and three METADATA files parsed); moto.core.utils reads only PYTHON_311 (served).
    "moto.core.versions": frozenset(),
    # botocore.utils imports dateutil's parser (with its ISO parser) for response timestamps, which
    # the server does not parse; botocore's paginators import jmespath for result keys, which moto's
    # paginator does not use.
    "dateutil.parser": frozenset(),
    "jmespath": frozenset(),
    # botocore's flexible-checksum module (with its response, parser, hook and event-stream modules):
    # moto.core.request imports its AwsChunkedWrapper to recognize the body of a request made by
    # botocore in mock mode, which the server never receives (`isinstance` answers False until the
    # module has run).
    "botocore.httpchecksum": frozenset({"AwsChunkedWrapper"}),
    # moto's S3 responses import minidom (5 modules) for a few operations' XML bodies.
    "xml.dom.minidom": frozenset(),
}
# deferred module -> {name: where it is read from without running the module}, as "module" (the
# module itself) or "module:attribute".
SERVED_FROM: Mapping[str, Mapping[str, str]] = {
    # requests reads charset_normalizer's version at import, to check it is supported.
    "charset_normalizer": {"__version__": "charset_normalizer.version:__version__"},
    # What boto3.dynamodb.types imports from boto3.compat.
    "boto3.compat": {"collections_abc": "collections.abc"},
    "urllib3": {"exceptions": "urllib3.exceptions"},
    "moto.core.versions": {"PYTHON_311": "localstack.utils.lazy_imports:PYTHON_311"},
    "requests.compat": {"MutableMapping": "collections.abc:MutableMapping"},
    "moto.iam.models": {
        "mark_account_as_visited": "localstack.services.moto_iam_lookups:mark_account_as_visited",
        "get_account_id_from": "localstack.services.moto_iam_lookups:get_account_id_from",
    },
}

# deferred package -> its submodules that import without it. Any other submodule runs the package
# first, as an ordinary import would: those submodules read the package's attributes as they run.
PACKAGE_FIRST: Mapping[str, frozenset[str]] = {
    "urllib3": frozenset({"urllib3.exceptions"}),
    "requests": frozenset({"requests.structures", "requests.compat"}),
    "dateutil.parser": frozenset(),
    "jmespath": frozenset(),
}
PYTHON_311 = sys.version_info >= (3, 11)

# module -> (global, module it is imported from): a global that a module binds at import and never
# reads in this server. Once the module has run, the global is emptied and the module it came from
# forgotten, so its data is freed; whoever imports that module later loads it afresh.
# moto.iam.models binds AWS's managed policies (4.7 MB of JSON text, imported with moto.iam on every
# S3 object request) for its own loader, which stays off (load_aws_managed_policies); iam/patches.py
# loads the policy a request names.
RELEASED: Mapping[str, tuple[str, str]] = {
    "moto.iam.models": ("aws_managed_policies_data", "moto.iam.aws_managed_policies"),
}

# module -> our module that runs under its name instead (it says why). A package keeps its own path, so
# its submodules import from it as usual.
REPLACED: Mapping[str, str] = {
    "moto.core.models": "localstack.services.moto_core_models",
    "werkzeug": "localstack.utils.werkzeug_package",
}

# One lock for every deferred module: a module runs once, and no thread sees it half-run. Reentrant:
# the module's own code reads its attributes while running.
_lock = threading.RLock()
_LOADING = "__ls_deferred_loading__"
_NAMES = "__ls_deferred_names__"
_SERVED = "__ls_deferred_served__"
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
        if not namespace.get(_LOADING):
            if attr in namespace.get(_NAMES, ()):
                return _DeferredName(self, attr)
            served = namespace.get(_SERVED, {}).get(attr)
            if served is not None:
                module_name, _, served_attr = served.partition(":")
                source = importlib.import_module(module_name)
                return getattr(source, served_attr) if served_attr else source
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
                    namespace.pop(_SERVED, None)
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

    # Annotations evaluated when a class or function is defined (`Session | None`, `Type[...]`) need the
    # real object: samtranslator's models, imported on the first SAM transform, do that.
    def __or__(self, other: Any) -> Any:
        return self._target() | other

    def __ror__(self, other: Any) -> Any:
        return other | self._target()

    def __getitem__(self, item: Any) -> Any:
        return self._target()[item]

    def __instancecheck__(self, instance: object) -> bool:
        # No instance of a class exists before the module defining it has run.
        if type(self._module) is _DeferredModule:
            return False
        return isinstance(instance, self._target())

    def __repr__(self) -> str:
        return f"<deferred {self._module.__name__}.{self._name}>"


class _WrappingLoader:
    """A loader in front of a module's real one: creates the module as that one would, and hands the
    module back to it. (Loaders and finders are duck-typed by the import system: importlib.abc, with
    the importlib.resources package it imports, stays out of start-up.)"""

    def __init__(self, loader: Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def _adopt(self, module: ModuleType) -> None:
        """The module's loader is its real one from now on."""
        module.__spec__.loader = self.loader  # type: ignore[union-attr]
        module.__loader__ = self.loader


class _DeferringLoader(_WrappingLoader):
    """Creates the module as its real loader would and leaves running it to the first access."""

    def __init__(self, loader: Loader, names: frozenset[str], served: Mapping[str, str]) -> None:
        super().__init__(loader)
        self.names = names
        self.served = served

    def exec_module(self, module: ModuleType) -> None:
        self._adopt(module)
        module.__dict__[_NAMES] = self.names
        module.__dict__[_SERVED] = self.served
        module.__class__ = _DeferredModule


class _ReleasingLoader(_WrappingLoader):
    """Runs the module as its real loader would, then lets go of the global it does not need."""

    def __init__(self, loader: Loader, released: tuple[str, str]) -> None:
        super().__init__(loader)
        self.released = released

    def exec_module(self, module: ModuleType) -> None:
        self._adopt(module)
        self.loader.exec_module(module)
        name, source = self.released
        module.__dict__[name] = type(module.__dict__.get(name, ""))()
        sys.modules.pop(source, None)
        parent, _, child = source.rpartition(".")
        if parent in sys.modules:
            sys.modules[parent].__dict__.pop(child, None)


class _HookedLoader(_WrappingLoader):
    """Runs the module as its real loader would, then the callbacks waiting for it."""

    def __init__(self, loader: Loader, fullname: str) -> None:
        super().__init__(loader)
        self.fullname = fullname

    def exec_module(self, module: ModuleType) -> None:
        self._adopt(module)
        self.loader.exec_module(module)
        with _lock:
            callbacks = _WHEN_IMPORTED.pop(self.fullname, [])
        for callback in callbacks:
            callback(module)


# module -> callbacks to run once it has been imported (`when_imported`).
_WHEN_IMPORTED: dict[str, list[Callable[[ModuleType], None]]] = {}


def when_imported(fullname: str, callback: Callable[[ModuleType], None]) -> None:
    """Run `callback(module)` once `fullname` has run: now if it has, else right after it runs (in
    whichever thread imports it). For patches of a module that start-up should not import. Without
    `install()` (no finder to hook) the module is imported now."""
    with _lock:
        module = sys.modules.get(fullname)
        if module is None and _installed is not None:
            _WHEN_IMPORTED.setdefault(fullname, []).append(callback)
            return
        if module is not None and is_pending(module):
            _WHEN_IMPORTED.setdefault(fullname, []).append(callback)
            _wrap_pending(module)
            return
    # Imported already, or being imported by another thread (the import waits for it to finish).
    callback(importlib.import_module(fullname))


def _wrap_pending(module: ModuleType) -> None:
    """Make a deferred module that has not run yet run its `when_imported` callbacks when it runs."""
    with _lock:
        spec = ModuleType.__getattribute__(module, "__spec__")
        if not isinstance(spec.loader, _HookedLoader):
            spec.loader = _HookedLoader(spec.loader, spec.name)


class _DeferringFinder:
    """Finds a deferred module as the path finder does, with a loader that defers running it."""

    def __init__(
        self,
        names: Mapping[str, frozenset[str]] | frozenset[str],
        released: Mapping[str, tuple[str, str]] | None = None,
        replaced: Mapping[str, str] | None = None,
    ) -> None:
        self.names = names if isinstance(names, Mapping) else dict.fromkeys(names, frozenset())
        self.released = released or {}
        self.replaced = replaced or {}

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        replacement = self.replaced.get(fullname)
        if replacement is not None:
            ours = importlib.util.find_spec(replacement)
            if ours is None or ours.origin is None:
                return None
            real = importlib.machinery.PathFinder.find_spec(fullname, path)
            locations = real.submodule_search_locations if real is not None else None
            return importlib.util.spec_from_file_location(
                fullname, ours.origin, submodule_search_locations=locations
            )
        parent = fullname.rpartition(".")[0]
        if parent in PACKAGE_FIRST and fullname not in PACKAGE_FIRST[parent]:
            loaded = _after_running(parent, fullname)
            if loaded is not None:
                return loaded
        names = self.names.get(fullname)
        released = self.released.get(fullname)
        hooked = fullname in _WHEN_IMPORTED
        if names is None and released is None and not hooked:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        if released is not None:
            spec.loader = _ReleasingLoader(spec.loader, released)
        if hooked:
            spec.loader = _HookedLoader(spec.loader, fullname)
        if names is not None:
            spec.loader = _DeferringLoader(spec.loader, names, SERVED_FROM.get(fullname, {}))
        return spec


def _after_running(package: str, fullname: str) -> importlib.machinery.ModuleSpec | None:
    """Run `package` if it is deferred and not running; if that imported `fullname`, a spec that gives
    the import system that module (else None: it is found as usual, now after its package)."""
    module = sys.modules.get(package)
    if not is_pending(module) or ModuleType.__getattribute__(module, "__dict__").get(_LOADING):
        return None
    _run(module)  # type: ignore[arg-type]
    imported = sys.modules.get(fullname)
    if imported is None:
        return None
    spec = importlib.machinery.ModuleSpec(fullname, _ImportedLoader(imported))
    # The import system, seeing the module imported meanwhile, loads it by its `__spec__`.
    imported.__spec__ = spec
    return spec


class _ImportedLoader:
    """Hands the import system a module its package's run has just imported (a second run would
    make a second copy of it)."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
        self.spec = module.__spec__  # the real one, given back once loaded

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return self.module

    def exec_module(self, module: ModuleType) -> None:
        module.__spec__ = self.spec  # the import system set the spec it was given


def is_pending(module: ModuleType | None) -> bool:
    """Whether `module` is a deferred module whose code has not run yet."""
    return type(module) is _DeferredModule


_installed: _DeferringFinder | None = None


def install(
    names: Mapping[str, frozenset[str]] = DEFERRED,
    released: Mapping[str, tuple[str, str]] = RELEASED,
    replaced: Mapping[str, str] = REPLACED,
) -> None:
    """Defer `names`, release `released` and replace `replaced` from now on in this process (a module
    already imported stays as it is)."""
    global _installed
    if _installed is None:
        _installed = _DeferringFinder(names, released, replaced)
        sys.meta_path.insert(0, _installed)
