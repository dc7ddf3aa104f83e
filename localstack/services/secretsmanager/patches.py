"""Corrections to moto's secretsmanager backend, applied by the starter before the backend is built.

ListSecretVersionIds: moto stamps every version with the current time as both its creation and last
access, answers the secret's name as its ARN with an empty NextToken, and lists deprecated versions
(no staging label) without IncludeDeprecated; AWS answers each version's own dates, the ARN, the
KmsKeyIds it was encrypted with, and deprecated versions only when asked.

Last access: AWS records the day a secret's value was last read (on the secret and on the version);
moto never does, so DescribeSecret and ListSecretVersionIds could not show it.

DescribeSecret's VersionIdsToStages holds only versions with staging labels (the others are
deprecated); moto listed them all.

ReplicateSecretToRegions and RemoveRegionsFromReplication answered the id the caller passed as ARN.

GetRandomPassword with every character type excluded crashed moto (random.choice of nothing).

GetSecretValue of a staging label no version carries answered "can't find the specified secret"; AWS
names the label. BatchGetSecretValue by id failed as a whole when one secret had no value (moto named
it as a VersionId `AWSCURRENT`); AWS lists that secret among the Errors and answers the others.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

_DEFAULT_KEY = "alias/aws/secretsmanager"


def apply() -> None:
    _patch_version_listing()
    _patch_last_access()
    _patch_replication_arns()
    _patch_random_password()
    _patch_value_lookup()


def _today() -> float:
    now = datetime.datetime.now(datetime.timezone.utc)
    return datetime.datetime(now.year, now.month, now.day, tzinfo=datetime.timezone.utc).timestamp()


def _patch_version_listing() -> None:
    from moto.secretsmanager.exceptions import SecretNotFoundException
    from moto.secretsmanager.models import FakeSecret, SecretsManagerBackend
    from moto.secretsmanager.responses import SecretsManagerResponse

    def list_secret_version_ids(self: Any, secret_id: str, include_deprecated: bool = False) -> str:
        if not self._is_valid_identifier(secret_id):
            raise SecretNotFoundException()
        secret = self.secrets[secret_id]
        key = getattr(secret, "kms_key_id", None)
        key_ids = ["DefaultEncryptionKey"] if key in (None, _DEFAULT_KEY) else [key]
        versions = []
        for version_id, version in secret.versions.items():
            stages = version.get("version_stages") or []
            if not stages and not include_deprecated:
                continue
            entry: dict[str, Any] = {
                "VersionId": version_id,
                "CreatedDate": version.get("createdate"),
                "KmsKeyIds": key_ids,
            }
            if stages:
                entry["VersionStages"] = stages
            if version.get("last_accessed_date"):
                entry["LastAccessedDate"] = version["last_accessed_date"]
            versions.append(entry)
        return json.dumps({"ARN": secret.arn, "Name": secret.name, "Versions": versions})

    def list_secret_version_ids_response(self: Any) -> str:
        return self.backend.list_secret_version_ids(
            secret_id=self._get_param("SecretId", if_none=""),
            include_deprecated=bool(self._get_param("IncludeDeprecated", if_none=False)),
        )

    def form_version_ids_to_stages(self: Any) -> dict[str, Any]:
        return {
            version_id: version["version_stages"]
            for version_id, version in self.versions.items()
            if version.get("version_stages")
        }

    SecretsManagerBackend.list_secret_version_ids = list_secret_version_ids
    SecretsManagerResponse.list_secret_version_ids = list_secret_version_ids_response
    FakeSecret._form_version_ids_to_stages = form_version_ids_to_stages


def _patch_last_access() -> None:
    from moto.secretsmanager.models import FakeSecret, SecretsManagerBackend

    get_secret_value, to_dict = SecretsManagerBackend.get_secret_value, FakeSecret.to_dict

    def get_secret_value_recorded(self: Any, secret_id: str, *args: Any, **kwargs: Any) -> Any:
        answer = get_secret_value(self, secret_id, *args, **kwargs)
        secret = self.secrets[secret_id]
        day = _today()
        secret.last_accessed_date = day
        version = secret.versions.get(answer.get("VersionId"))
        if version is not None:
            version["last_accessed_date"] = day
        return answer

    def to_dict_with_access(self: Any) -> dict[str, Any]:
        answer = to_dict(self)
        if getattr(self, "last_accessed_date", None):
            answer["LastAccessedDate"] = self.last_accessed_date
        return answer

    SecretsManagerBackend.get_secret_value = get_secret_value_recorded
    FakeSecret.to_dict = to_dict_with_access


def _patch_replication_arns() -> None:
    from moto.secretsmanager.models import SecretsManagerBackend

    def with_arn(original: Any) -> Any:
        def method(self: Any, secret_id: str, *args: Any, **kwargs: Any) -> Any:
            _, statuses = original(self, secret_id, *args, **kwargs)
            return self.describe_secret(secret_id).arn, statuses

        return method

    SecretsManagerBackend.replicate_secret_to_regions = with_arn(
        SecretsManagerBackend.replicate_secret_to_regions
    )
    SecretsManagerBackend.remove_regions_from_replication = with_arn(
        SecretsManagerBackend.remove_regions_from_replication
    )


def _patch_random_password() -> None:
    import string

    from moto.secretsmanager.exceptions import InvalidParameterException
    from moto.secretsmanager.models import SecretsManagerBackend

    original = SecretsManagerBackend.get_random_password

    def get_random_password(
        self: Any,
        password_length: int,
        exclude_characters: str,
        exclude_numbers: bool,
        exclude_punctuation: bool,
        exclude_uppercase: bool,
        exclude_lowercase: bool,
        include_space: bool,
        require_each_included_type: bool,
    ) -> str:
        rest = (
            exclude_characters,
            exclude_numbers,
            exclude_punctuation,
            exclude_uppercase,
            exclude_lowercase,
            include_space,
            require_each_included_type,
        )
        excluded = set(exclude_characters or "")

        def emptied(pool: str) -> bool:
            # A type whose every character is excluded counts as excluded (moto drew from nothing).
            return not set(pool) - excluded

        exclude_lowercase = exclude_lowercase or emptied(string.ascii_lowercase)
        exclude_uppercase = exclude_uppercase or emptied(string.ascii_uppercase)
        exclude_numbers = exclude_numbers or emptied(string.digits)
        exclude_punctuation = exclude_punctuation or emptied(string.punctuation)
        include_space = include_space and " " not in excluded
        if exclude_lowercase and exclude_uppercase and exclude_numbers and exclude_punctuation:
            if not include_space:
                raise InvalidParameterException(
                    "The password cannot be generated: every character type is excluded."
                )
        if password_length > 4096:
            return original(self, password_length, *rest)  # moto's ValidationException
        required = [
            not exclude_lowercase,
            not exclude_uppercase,
            not exclude_numbers,
            not exclude_punctuation,
        ]
        if require_each_included_type and password_length < sum(required):
            # AWS's sentence (moto's wraps it in a CLI line) and its rule: one character of each
            # required type must fit; moto refused every length under 4.
            raise InvalidParameterException("Password length is too short based on the required types.")
        from moto.secretsmanager.utils import random_password

        return json.dumps(
            {
                "RandomPassword": random_password(
                    password_length,
                    exclude_characters,
                    exclude_numbers,
                    exclude_punctuation,
                    exclude_uppercase,
                    exclude_lowercase,
                    include_space,
                    require_each_included_type,
                )
            }
        )

    SecretsManagerBackend.get_random_password = get_random_password


def _patch_value_lookup() -> None:
    from moto.secretsmanager.exceptions import SecretHasNoValueException, SecretsManagerClientError
    from moto.secretsmanager.models import SecretsManagerBackend

    get_secret_value, batch_get = (
        SecretsManagerBackend.get_secret_value,
        SecretsManagerBackend.batch_get_secret_value,
    )

    def get_secret_value_by_label(self: Any, secret_id: str, version_id: Any, version_stage: Any) -> Any:
        if not version_id and version_stage and self._is_valid_identifier(secret_id):
            versions = self.secrets[secret_id].versions.values()
            if not any(version_stage in version.get("version_stages", ()) for version in versions):
                raise SecretHasNoValueException(version_stage)
        return get_secret_value(self, secret_id, version_id or None, version_stage or None)

    def batch_get_secret_value(
        self: Any,
        secret_id_list: list[str] | None = None,
        filters: list[dict[str, Any]] | None = None,
        max_results: int | None = None,
        next_token: str | None = None,
    ) -> tuple[list[dict[str, Any]], list[Any], str | None]:
        if not secret_id_list or filters or max_results:
            return batch_get(self, secret_id_list, filters, max_results, next_token)  # moto's refusals
        found, errors = [], []
        for secret_id in secret_id_list:
            try:
                found.append(self.get_secret_value(secret_id, None, None))
            except SecretsManagerClientError as error:
                errors.append(
                    {"SecretId": secret_id, "ErrorCode": error.error_type, "Message": error.message}
                )
        page, token = self._get_secret_values_page_and_next_token(found, max_results, next_token)
        return page, errors, token

    SecretsManagerBackend.get_secret_value = get_secret_value_by_label
    SecretsManagerBackend.batch_get_secret_value = batch_get_secret_value
