"""A deleted object or bucket takes its tags with it (moto's backend driven directly, no sockets)."""

from __future__ import annotations

import pytest

from localstack.services.s3 import patches


@pytest.fixture
def backend(monkeypatch):
    from moto.s3.models import S3Backend

    # The patch replaces two methods of moto's class: put back the originals after the test.
    for name in ("delete_object", "delete_bucket"):
        monkeypatch.setattr(S3Backend, name, getattr(S3Backend, name))
    patches._tags_go_with_what_they_tag()
    return S3Backend("us-east-1", "123456789012")


def _put(backend, bucket: str, key: str, tags: dict[str, str]):
    stored = backend.put_object(bucket, key, b"body")
    # As moto's PutObject does, with or without a Tagging header.
    backend.put_object_tagging(stored, tags)
    return stored


def test_deleting_objects_removes_their_tag_sets(backend):
    backend.create_bucket("tagged", "us-east-1")
    for i in range(3):
        _put(backend, "tagged", f"k{i}", {"a": "1"} if i else {})
    assert len(backend.tagger.tags) == 3
    backend.delete_objects("tagged", [{"Key": "k0"}, {"Key": "k1"}])
    backend.delete_object("tagged", "k2")
    assert backend.tagger.tags == {}


def test_a_versioned_delete_keeps_the_tags_of_versions_still_there(backend):
    backend.create_bucket("versioned", "us-east-1")
    backend.put_bucket_versioning("versioned", "Enabled")
    first = _put(backend, "versioned", "k", {"v": "1"})
    second = _put(backend, "versioned", "k", {"v": "2"})
    backend.delete_object("versioned", "k")  # a delete marker: both versions stay
    assert set(backend.tagger.tags) == {first.arn, second.arn}
    backend.delete_object("versioned", "k", version_id=first.version_id)
    assert set(backend.tagger.tags) == {second.arn}


def test_deleting_a_bucket_removes_its_tags(backend):
    backend.create_bucket("gone", "us-east-1")
    backend.put_bucket_tagging("gone", {"team": "a"})
    backend.delete_bucket("gone")
    backend.create_bucket("gone", "us-east-1")
    assert backend.tagger.get_tag_dict_for_resource(backend.get_bucket("gone").arn) == {}
