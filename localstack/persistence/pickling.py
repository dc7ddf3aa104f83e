"""Pickling moto's and our state: reducers for what pickle cannot take (locks, weak maps, lambdas as
defaultdict factories, cryptography keys), S3 bodies kept out of the pickle, and a restricted loader."""

from __future__ import annotations

import collections
import gc
import hashlib
import io
import pickle
import sys
import threading
import weakref
from typing import IO, Any, Callable

from localstack.persistence.bodies import LazyBody

PROTOCOL = 5
_LOCK_TYPES = (type(threading.Lock()), type(threading.RLock()))
_ALLOWED_CLASS_MODULES = (
    "moto.",
    "localstack.",
    "datetime",
    "collections",
    "decimal",
    "uuid",
    "re",
    "enum",
    "functools",
    "threading",
    "weakref",
    "dateutil.",
    "zoneinfo",
    "copyreg",
    "typing",
    "ipaddress",
    "fractions",
    "botocore.",
    "jsonpath_ng.",
    "werkzeug.datastructures",
)
_ALLOWED_BUILTINS = frozenset(
    (
        "set",
        "frozenset",
        "bytearray",
        "slice",
        "range",
        "complex",
        "object",
        "list",
        "dict",
        "tuple",
        "int",
        "float",
        "str",
        "bytes",
        "bool",
        "type",
        "NotImplemented",
        "Ellipsis",
    )
)
_ALLOWED_FUNCTIONS = frozenset(
    ("re._compile", "copyreg._reconstructor", "copyreg.__newobj__", "copyreg.__newobj_ex__")
)


class BodySink:
    """Where the pickler puts S3 bodies: `digest_of(key)` names a body; `openers` reads each back."""

    def __init__(self) -> None:
        self.openers: dict[str, Callable[[], IO[bytes]]] = {}

    def digest_of(self, key: Any) -> str:
        buffer = key.__dict__.get("_value_buffer")
        cached = key.__dict__.get("_ls_body")
        if isinstance(buffer, LazyBody):
            # Usually in the body store already (`store` knows); one replayed from the log is not.
            return self.store(buffer.digest, buffer.read_stream)
        if cached is not None and cached[0] is buffer:
            digest = cached[1]
        else:
            digest = _hash_buffer(key)
            key.__dict__["_ls_body"] = (buffer, digest)
        return self.store(digest, lambda: _BufferReader(key))

    def store(self, digest: str, opener: Callable[[], IO[bytes]]) -> str:
        self.openers.setdefault(digest, opener)
        return digest


def _hash_buffer(key: Any) -> str:
    digest = hashlib.sha256()
    with _BufferReader(key) as reader:
        while chunk := reader.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


class _BufferReader(io.RawIOBase):
    """Reads a live object's body from its start, under the object's own lock, chunk by chunk."""

    def __init__(self, key: Any) -> None:
        self.key = key
        self.position = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:  # type: ignore[override]
        with self.key.lock:
            buffer = self.key._value_buffer
            buffer.seek(self.position)
            chunk = buffer.read(size)
        self.position += len(chunk)
        return chunk


class BodySource:
    """Where the loader finds S3 bodies by digest: `opener(digest)` and the buffer size moto uses."""

    def __init__(self, opener: Callable[[str], Callable[[], IO[bytes]]], created: list | None = None) -> None:
        self.opener = opener
        self.created = created


_sources = threading.local()


class StatePickler(pickle.Pickler):
    def __init__(self, file: IO[bytes], sink: BodySink) -> None:
        super().__init__(file, protocol=PROTOCOL)
        self.sink = sink
        # Importing moto's S3 here could race another thread's import of it: use it only if loaded.
        s3_models = sys.modules.get("moto.s3.models")
        self._fake_key = s3_models.FakeKey if s3_models is not None else _NoClass

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _LOCK_TYPES:
            return (_restore_rlock if "RLock" in kind.__name__ else _restore_lock, ())
        if isinstance(obj, self._fake_key):
            # Field names once per pickle (the same tuple object, memoised), then a tuple of values.
            state = obj.__dict__
            names = tuple(name for name in state if name not in _NOT_KEPT)
            names = _FIELD_NAMES.setdefault(names, names)
            values = tuple(state[name] for name in names)
            return (_restore_key_fields, (kind, names, values, self.sink.digest_of(obj)))
        if kind is threading.Condition or kind is threading.Event or kind is threading.Semaphore:
            return (kind, ())
        if isinstance(obj, threading.Thread):
            return (_nothing, ())
        if (
            isinstance(obj, dict)
            and kind.__setitem__ is not dict.__setitem__
            and not isinstance(obj, collections.defaultdict)
            and kind.__module__.startswith(("moto.", "localstack."))
        ):
            # moto's versioned key store appends on `store[key] = ...`: restore the raw items.
            attributes = dict(getattr(obj, "__dict__", {}))
            return (_new_dict, (kind,), (list(dict.items(obj)), attributes), None, None, _fill_dict)
        if kind is weakref.WeakValueDictionary:
            return (weakref.WeakValueDictionary, (dict(obj.items()),))
        if kind is weakref.WeakKeyDictionary:
            return (weakref.WeakKeyDictionary, (dict(obj.items()),))
        if kind is weakref.WeakSet:
            return (weakref.WeakSet, (list(obj),))
        if isinstance(obj, collections.defaultdict):
            factory = obj.default_factory
            if not _importable(factory):
                factory = _portable_factory(factory)
            if kind is collections.defaultdict:
                return (collections.defaultdict, (factory,), None, None, iter(obj.items()))
            # A subclass with its own __init__ (moto's ParameterDict): rebuilt without calling it.
            return (_restore_defaultdict, (kind, factory, dict(obj.__dict__)), None, None, iter(obj.items()))
        private_bytes = getattr(obj, "private_bytes", None)
        if private_bytes is not None and kind.__module__.startswith("cryptography"):
            from cryptography.hazmat.primitives import serialization

            der = private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            return (_load_private_key, (der,))
        return NotImplemented


class _NoClass:
    pass


def _nothing() -> None:
    return None


def _new_dict(kind: type) -> Any:
    return dict.__new__(kind)


def _fill_dict(value: Any, state: tuple[list, dict]) -> None:
    items, attributes = state
    dict.update(value, items)
    value.__dict__.update(attributes)


def _restore_defaultdict(kind: type, factory: Any, attributes: dict) -> Any:
    value = collections.defaultdict.__new__(kind)
    value.default_factory = factory
    value.__dict__.update(attributes)
    return value


def _restore_lock() -> Any:
    return threading.Lock()


def _restore_rlock() -> Any:
    return threading.RLock()


def _importable(factory: Any) -> bool:
    if factory is None:
        return True
    qualname = getattr(factory, "__qualname__", "")
    return bool(qualname) and "<" not in qualname


def _portable_factory(factory: Callable[[], Any]) -> Any:
    """A picklable stand-in for a lambda default factory, from what that lambda makes."""
    import functools

    sample = factory()
    if type(sample) in (dict, list, set, int, str, float):
        return type(sample)
    if isinstance(sample, collections.defaultdict) and _importable(sample.default_factory):
        return functools.partial(collections.defaultdict, sample.default_factory)
    if isinstance(sample, collections.defaultdict):
        return functools.partial(collections.defaultdict, _portable_factory(sample.default_factory))
    raise pickle.PicklingError(f"cannot keep a defaultdict whose factory makes {type(sample).__name__}")


def _load_private_key(der: bytes) -> Any:
    """A key of our own state, checked when it was made: checking an RSA key again at every start
    costs 40 ms (RSA_2048) to 250 ms (RSA_4096) of CPU per key."""
    from cryptography.hazmat.primitives import serialization

    try:
        return serialization.load_der_private_key(der, password=None, unsafe_skip_rsa_key_validation=True)
    except TypeError:  # cryptography before 39 has no such option
        return serialization.load_der_private_key(der, password=None)


_NOT_KEPT = frozenset(("_value_buffer", "lock", "_ls_body"))
_FIELD_NAMES: dict[tuple, tuple] = {}


def _restore_key_fields(kind: type, names: tuple, values: tuple, digest: str) -> Any:
    return _restore_fake_key(kind, dict(zip(names, values, strict=True)), digest)


def _restore_fake_key(kind: type, state: dict, digest: str) -> Any:
    """An S3 object (snapshots before the fields were written as a tuple hold a dict of them)."""
    key = object.__new__(kind)
    tracked = kind.instances_tracked
    if type(tracked) is not list:
        # S3 tracks its objects weakly, to free their storage on reset (s3/streaming.py).
        tracked.append(key)
    key.__dict__.update(state)
    key.lock = threading.Lock()
    source: BodySource = _sources.current
    max_size = state.get("_max_buffer_size", 16 * 1024 * 1024)
    key._value_buffer = LazyBody(source.opener(digest), max_size, digest)
    if source.created is not None:
        source.created.append(key._value_buffer)
    return key


class StateUnpickler(pickle.Unpickler):
    """Loads only classes of the modules state is made of, and our own restore functions: an archive
    from elsewhere cannot name `os.system`."""

    def find_class(self, module: str, name: str) -> Any:
        full = f"{module}.{name}"
        if module == "builtins":
            if name in _ALLOWED_BUILTINS:
                return super().find_class(module, name)
        elif module == "localstack.persistence.pickling" and name.startswith(
            ("_restore", "_load", "_nothing", "_new_dict", "_fill_dict")
        ):
            return super().find_class(module, name)
        elif full in _ALLOWED_FUNCTIONS:
            return super().find_class(module, name)
        elif module.startswith(_ALLOWED_CLASS_MODULES) or module in _ALLOWED_CLASS_MODULES:
            found = super().find_class(module, name)
            if isinstance(found, type):
                return found
        raise pickle.UnpicklingError(f"state refers to {full}, which is not state")


def dumps(value: Any, sink: BodySink) -> bytes:
    buffer = io.BytesIO()
    StatePickler(buffer, sink).dump(value)
    return buffer.getvalue()


def loads(data: bytes, source: BodySource) -> Any:
    _sources.current = source
    # Unpickling makes objects by the hundred thousand and nothing to collect: the cyclic collector
    # would run its full passes over the growing heap again and again (two thirds of the load time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return StateUnpickler(io.BytesIO(data)).load()
    finally:
        if collecting:
            gc.enable()
        _sources.current = None
