"""ListAliases entries as AWS gives them: dates on customer aliases, the KeyId filter, and UpdateAlias
moving the alias and its LastUpdatedDate."""

from __future__ import annotations

from datetime import datetime

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_list_aliases_entries_and_key_filter(kms, unique_name):
    key = kms.create_key()["KeyMetadata"]
    other = kms.create_key()["KeyMetadata"]
    name = f"alias/{unique_name('a')}"
    kms.create_alias(AliasName=name, TargetKeyId=key["KeyId"])

    [entry] = kms.list_aliases(KeyId=key["Arn"])["Aliases"]
    assert (entry["AliasName"], entry["TargetKeyId"]) == (name, key["KeyId"])
    assert entry["AliasArn"] == f"arn:aws:kms:us-east-1:{key['AWSAccountId']}:{name}"
    assert isinstance(entry["CreationDate"], datetime) and entry["LastUpdatedDate"] == entry["CreationDate"]
    every = [a for page in kms.get_paginator("list_aliases").paginate() for a in page["Aliases"]]
    assert [a for a in every if a["AliasName"] == name] == [entry]

    kms.update_alias(AliasName=name, TargetKeyId=other["KeyId"])
    assert kms.list_aliases(KeyId=key["KeyId"])["Aliases"] == []
    [moved] = kms.list_aliases(KeyId=other["KeyId"])["Aliases"]
    assert moved["TargetKeyId"] == other["KeyId"] and moved["CreationDate"] == entry["CreationDate"]
    assert moved["LastUpdatedDate"] >= entry["LastUpdatedDate"]

    with pytest.raises(ClientError) as info:
        kms.list_aliases(KeyId="11111111-2222-3333-4444-555555555555")
    assert info.value.response["Error"]["Code"] == "NotFoundException"
