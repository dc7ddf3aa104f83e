"""Limit and Marker on KMS's list operations: pages of at most Limit items, Truncated and NextMarker
while more remain, every item once across the pages, and a marker KMS never gave refused."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def kms(aws_client):
    return aws_client("kms", region="eu-north-1")


def _all_pages(call, member: str, limit: int, **kwargs) -> list:
    items, marker, pages = [], None, 0
    while True:
        answer = call(Limit=limit, **({"Marker": marker} if marker else {}), **kwargs)
        assert len(answer[member]) <= limit
        items.extend(answer[member])
        pages += 1
        if not answer["Truncated"]:
            assert "NextMarker" not in answer
            return items
        marker = answer["NextMarker"]
        assert pages < 50


def test_list_keys_aliases_grants_and_tags_page(kms, unique_name):
    keys = [kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(3)]
    listed = [entry["KeyId"] for entry in _all_pages(kms.list_keys, "Keys", 2)]
    assert set(keys) <= set(listed) and len(listed) == len(set(listed))
    first = kms.list_keys(Limit=1)
    assert first["Truncated"] is True and len(first["Keys"]) == 1

    names = [f"alias/{unique_name('page')}" for _ in range(3)]
    for name, key in zip(names, keys, strict=True):
        kms.create_alias(AliasName=name, TargetKeyId=key)
    aliases = [entry["AliasName"] for entry in _all_pages(kms.list_aliases, "Aliases", 2)]
    assert set(names) <= set(aliases) and len(aliases) == len(set(aliases))

    principal = "arn:aws:iam::000000000000:root"
    grants = {
        kms.create_grant(KeyId=keys[0], GranteePrincipal=principal, Operations=["Decrypt"], Name=f"g{i}")[
            "GrantId"
        ]
        for i in range(3)
    }
    paged = _all_pages(kms.list_grants, "Grants", 2, KeyId=keys[0])
    assert {grant["GrantId"] for grant in paged} == grants and len(paged) == 3

    kms.tag_resource(KeyId=keys[0], Tags=[{"TagKey": f"t{i}", "TagValue": "v"} for i in range(3)])
    tags = _all_pages(kms.list_resource_tags, "Tags", 2, KeyId=keys[0])
    assert sorted(tag["TagKey"] for tag in tags) == ["t0", "t1", "t2"]


def test_a_marker_kms_never_gave_is_refused(kms):
    with pytest.raises(ClientError) as info:
        kms.list_keys(Marker="garbage")
    assert info.value.response["Error"]["Code"] == "InvalidMarkerException"
