"""Secrets Manager as AWS answers it where moto differs: secret names, one kind of value, secrets
scheduled for deletion, rotation without a function, version listings, resource policies, moto's
botocore-style sentences. Sources: the API reference (CreateSecret's name characters, "either
SecretString or SecretBinary, but not both", ListSecretVersionIds' fields, VersionIdsToStages holding
labelled versions only) and AWS's answers as recorded by users and SDK test suites."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.config import Config

from tests.integration.error_support import client_error as _error

INVALID_NAME = (
    "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!"
)


@pytest.fixture
def sm(aws_client: Any) -> Any:
    # No client-side validation: the server's answers are under test.
    return aws_client("secretsmanager", config=Config(parameter_validation=False))


@pytest.mark.parametrize("name", ["Inv Name", " Inv*Name? ", "a#b", "x!y"])
def test_invalid_names_are_refused_by_every_operation(sm: Any, name: str) -> None:
    assert _error(sm.create_secret, Name=name, SecretString="v") == (400, "ValidationException", INVALID_NAME)
    for operation, extra in [
        (sm.describe_secret, {}),
        (sm.get_secret_value, {}),
        (sm.put_secret_value, {"SecretString": "v"}),
        (sm.delete_secret, {}),
        (sm.list_secret_version_ids, {}),
        (sm.update_secret, {"Description": "d"}),
        (sm.restore_secret, {}),
        (sm.get_resource_policy, {}),
    ]:
        assert _error(operation, SecretId=name, **extra) == (400, "ValidationException", INVALID_NAME)


def test_documented_name_characters_are_accepted(sm: Any, unique_name: Any) -> None:
    name = f"Valid/_+=.@-{unique_name('n')}"
    assert sm.create_secret(Name=name, SecretString="v")["Name"] == name
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "v"
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_string_and_binary_together_are_refused(sm: Any, unique_name: Any) -> None:
    both = "You can't specify both a binary secret value and a string secret value in the same secret."
    name = unique_name("both")
    assert _error(sm.create_secret, Name=name, SecretString="a", SecretBinary=b"b") == (
        400,
        "InvalidParameterException",
        both,
    )
    sm.create_secret(Name=name, SecretString="a")
    assert _error(sm.put_secret_value, SecretId=name, SecretString="a", SecretBinary=b"b")[1:] == (
        "InvalidParameterException",
        both,
    )
    assert _error(sm.update_secret, SecretId=name, SecretString="a", SecretBinary=b"b")[1] == (
        "InvalidParameterException"
    )
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "a"
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_a_secret_scheduled_for_deletion(sm: Any, unique_name: Any) -> None:
    name = unique_name("deleted")
    sm.create_secret(Name=name, SecretString="v")
    assert _error(sm.delete_secret, SecretId=name, RecoveryWindowInDays=3) == (
        400,
        "InvalidParameterException",
        "The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).",
    )
    assert _error(sm.delete_secret, SecretId=name, RecoveryWindowInDays=7, ForceDeleteWithoutRecovery=True)[
        1:
    ] == (
        "InvalidParameterException",
        "You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.",
    )
    sm.delete_secret(SecretId=name, RecoveryWindowInDays=7)
    marked = "You can't perform this operation on the secret because it was marked for deletion."
    assert _error(sm.get_secret_value, SecretId=name) == (400, "InvalidRequestException", marked)
    assert _error(sm.put_secret_value, SecretId=name, SecretString="w") == (
        400,
        "InvalidRequestException",
        marked,
    )
    assert _error(sm.update_secret, SecretId=name, Description="d")[1:] == ("InvalidRequestException", marked)
    assert _error(sm.delete_secret, SecretId=name)[1:] == (
        "InvalidRequestException",
        "You tried to perform the operation on a secret that's currently marked deleted.",
    )
    assert _error(sm.create_secret, Name=name, SecretString="x")[1:] == (
        "InvalidRequestException",
        "You can't create this secret because a secret with this name is already scheduled for deletion.",
    )
    assert "DeletedDate" in sm.describe_secret(SecretId=name)
    sm.restore_secret(SecretId=name)
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "v"  # the refused put wrote nothing
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_rotation_needs_a_function(sm: Any, unique_name: Any) -> None:
    name = unique_name("rotate")
    sm.create_secret(Name=name, SecretString="v")
    assert _error(sm.rotate_secret, SecretId=name) == (
        400,
        "InvalidRequestException",
        "No Lambda rotation function ARN is associated with this secret.",
    )
    assert _error(sm.cancel_rotate_secret, SecretId=name)[2] == (
        "You tried to enable rotation on a secret that doesn't already have a Lambda function ARN "
        "configured and you didn't include such an ARN as a parameter in this call."
    )
    assert sm.get_secret_value(SecretId=name)["SecretString"] == "v"
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_version_listing(sm: Any, unique_name: Any) -> None:
    name = unique_name("versions")
    created = sm.create_secret(Name=name, SecretString="S1")
    first = created["VersionId"]
    listing = sm.list_secret_version_ids(SecretId=name)
    assert listing["ARN"] == created["ARN"]
    assert "NextToken" not in listing
    (version,) = listing["Versions"]
    assert version["VersionId"] == first
    assert version["VersionStages"] == ["AWSCURRENT"]
    assert version["KmsKeyIds"] == ["DefaultEncryptionKey"]
    assert "LastAccessedDate" not in version  # never read yet
    assert "LastAccessedDate" not in sm.describe_secret(SecretId=name)

    sm.get_secret_value(SecretId=name)
    (version,) = sm.list_secret_version_ids(SecretId=name)["Versions"]
    accessed = version["LastAccessedDate"]
    # AWS keeps the day only
    assert (accessed.hour, accessed.minute, accessed.second) == (0, 0, 0)
    assert "LastAccessedDate" in sm.describe_secret(SecretId=name)

    # Labels moved off a version leave it deprecated: listed only with IncludeDeprecated.
    second = sm.put_secret_value(SecretId=name, SecretString="S2", VersionStages=["one"])["VersionId"]
    third = sm.put_secret_value(SecretId=name, SecretString="S3", VersionStages=["one"])["VersionId"]
    listed = {v["VersionId"] for v in sm.list_secret_version_ids(SecretId=name)["Versions"]}
    assert listed == {first, third}
    deprecated = sm.list_secret_version_ids(SecretId=name, IncludeDeprecated=True)["Versions"]
    assert {v["VersionId"] for v in deprecated} == {first, second, third}
    assert [v for v in deprecated if v["VersionId"] == second][0].get("VersionStages") is None
    assert set(sm.describe_secret(SecretId=name)["VersionIdsToStages"]) == {first, third}

    assert _error(sm.list_secret_version_ids, SecretId=unique_name("absent")) == (
        400,
        "ResourceNotFoundException",
        "Secrets Manager can't find the specified secret.",
    )
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_resource_policies(sm: Any, unique_name: Any) -> None:
    name = unique_name("policy")
    sm.create_secret(Name=name, SecretString="v")
    assert _error(sm.put_resource_policy, SecretId=name, ResourcePolicy="{")[1] == (
        "MalformedPolicyDocumentException"
    )
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
                "Action": "secretsmanager:GetSecretValue",
                "Resource": "*",
            }
        ],
    }
    answer = sm.validate_resource_policy(SecretId=name, ResourcePolicy=json.dumps(policy))
    assert (answer["PolicyValidationPassed"], answer["ValidationErrors"]) == (True, [])
    assert _error(sm.validate_resource_policy, ResourcePolicy="not json")[1] == (
        "MalformedPolicyDocumentException"
    )
    assert _error(sm.validate_resource_policy, SecretId=unique_name("absent"), ResourcePolicy="{}")[1] == (
        "ResourceNotFoundException"
    )
    sm.put_resource_policy(SecretId=name, ResourcePolicy=json.dumps(policy))
    assert json.loads(sm.get_resource_policy(SecretId=name)["ResourcePolicy"]) == policy
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_random_password_with_every_type_excluded(sm: Any) -> None:
    status, code, _ = _error(
        sm.get_random_password,
        PasswordLength=8,
        ExcludeNumbers=True,
        ExcludePunctuation=True,
        ExcludeUppercase=True,
        ExcludeLowercase=True,
    )
    assert (status, code) == (400, "InvalidParameterException")
    # A type whose every character is excluded is left out, not drawn from.
    password = sm.get_random_password(PasswordLength=30, ExcludeCharacters="0123456789")["RandomPassword"]
    assert len(password) == 30 and not any(c.isdigit() for c in password)


def test_replication_answers_the_secret_arn(sm: Any, unique_name: Any) -> None:
    name = unique_name("replica")
    arn = sm.create_secret(Name=name, SecretString="v")["ARN"]
    assert sm.remove_regions_from_replication(SecretId=name, RemoveReplicaRegions=["eu-west-1"])["ARN"] == arn
    sm.delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_a_staging_label_no_version_carries_is_named(sm: Any, unique_name: Any) -> None:
    name = unique_name("label")
    sm.create_secret(Name=name, SecretString="v1")
    status, code, message = _error(sm.get_secret_value, SecretId=name, VersionStage="NOPE")
    assert (status, code) == (400, "ResourceNotFoundException")
    assert message == "Secrets Manager can't find the specified secret value for staging label: NOPE"
    sm.update_secret_version_stage(
        SecretId=name,
        VersionStage="BLUE",
        MoveToVersionId=sm.describe_secret(SecretId=name)["VersionIdsToStages"].popitem()[0],
    )
    assert sm.get_secret_value(SecretId=name, VersionStage="BLUE")["SecretString"] == "v1"


def test_a_secret_without_a_value(sm: Any, unique_name: Any) -> None:
    name = unique_name("empty")
    sm.create_secret(Name=name)
    status, code, message = _error(sm.get_secret_value, SecretId=name)
    assert (status, code) == (400, "ResourceNotFoundException")
    assert message == "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"


def test_a_batch_lists_the_secrets_it_cannot_answer_among_its_errors(sm: Any, unique_name: Any) -> None:
    full, empty, missing = unique_name("full"), unique_name("empty"), unique_name("missing")
    sm.create_secret(Name=full, SecretString="v")
    sm.create_secret(Name=empty)
    answer = sm.batch_get_secret_value(SecretIdList=[full, empty, missing])
    assert [secret["Name"] for secret in answer["SecretValues"]] == [full]
    assert answer["SecretValues"][0]["SecretString"] == "v"
    assert answer["Errors"] == [
        {
            "SecretId": empty,
            "ErrorCode": "ResourceNotFoundException",
            "Message": "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        },
        {
            "SecretId": missing,
            "ErrorCode": "ResourceNotFoundException",
            "Message": "Secrets Manager can't find the specified secret.",
        },
    ]
