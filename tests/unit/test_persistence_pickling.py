"""S3 objects in state pickles: written as a tuple of fields without their body, read back with a
lazy body; pickles from before (a dict of fields) still load."""

from __future__ import annotations

import io
import pickle

from localstack.persistence import pickling


def _key() -> object:
    from moto.s3.models import FakeKey

    key = FakeKey("dir/k", b"body bytes", "000000000000", "us-east-1", bucket_name="b", etag="e")
    key.set_metadata({"x-amz-meta-a": "1"})
    return key


def _opener(bodies: dict[str, bytes]):  # type: ignore[no-untyped-def]
    return lambda digest: lambda: io.BytesIO(bodies[digest])


def _fields(key: object) -> dict:
    """What the object answers with (its ACL and other models compare by identity)."""
    names = (
        "name",
        "bucket_name",
        "etag",
        "size",
        "last_modified",
        "metadata",
        "version_id",
        "storage_class",
    )
    fields = {name: getattr(key, name) for name in names}
    fields["grants"] = [(g.permissions, [vars(e) for e in g.grantees]) for g in key.acl.grants]  # type: ignore[attr-defined]
    return fields


def _dispose(*keys: object) -> None:
    for key in keys:
        key.dispose()  # type: ignore[attr-defined]


def test_objects_round_trip_with_lazy_bodies() -> None:
    keys = [_key(), _key()]
    sink = pickling.BodySink()
    data = pickling.dumps(keys, sink)
    bodies = {digest: opener().read() for digest, opener in sink.openers.items()}
    assert list(bodies.values()) == [b"body bytes"]
    restored = pickling.loads(data, pickling.BodySource(_opener(bodies)))
    assert [_fields(key) for key in restored] == [_fields(key) for key in keys]
    assert restored[0].value == b"body bytes" and restored[0].metadata["x-amz-meta-a"] == "1"
    _dispose(*keys, *restored)


def test_a_pickle_holding_an_object_as_a_dict_of_fields_still_loads() -> None:
    key = _key()
    digest = "ab" * 32

    class OldPickler(pickle.Pickler):
        def reducer_override(self, obj: object) -> object:
            if obj is key:
                state = {k: v for k, v in vars(key).items() if k not in ("_value_buffer", "lock")}
                return (pickling._restore_fake_key, (type(key), state, digest))
            return NotImplemented

    buffer = io.BytesIO()
    OldPickler(buffer, protocol=pickling.PROTOCOL).dump(key)
    restored = pickling.loads(buffer.getvalue(), pickling.BodySource(_opener({digest: b"old body"})))
    assert _fields(restored) == _fields(key) and restored.value == b"old body"
    _dispose(key, restored)
