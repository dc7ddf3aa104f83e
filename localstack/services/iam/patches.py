"""Corrections to moto's iam backend, applied by the starter before the backend is built."""

from __future__ import annotations

import functools
import json
from typing import Any, Callable

_AWS_POLICY_PREFIX = "arn:aws:iam::aws:policy/"
# Methods that name a policy by ARN: the AWS managed policy they name must exist first.
_BY_ARN = (
    "attach_role_policy",
    "attach_user_policy",
    "attach_group_policy",
    "get_policy",
    "get_policy_version",
    "list_policy_versions",
    "list_entities_for_policy",
)


@functools.lru_cache(maxsize=1)
def _aws_managed_policies() -> dict[str, Any]:
    from moto.iam.aws_managed_policies import aws_managed_policies_data

    return json.loads(aws_managed_policies_data)


def _ensure_aws_managed_policy(backend: Any, arn: str) -> None:
    """Add the AWS managed policy `arn` names to this account's backend, if AWS has it."""
    if not isinstance(arn, str) or not arn.startswith(_AWS_POLICY_PREFIX) or arn in backend.managed_policies:
        return
    name = arn.rsplit("/", 1)[-1]
    data = _aws_managed_policies().get(name)
    if data is None or f"{_AWS_POLICY_PREFIX}{data.get('Path', '/').lstrip('/')}{name}" != arn:
        return
    from moto.iam.models import AWSManagedPolicy

    policy = AWSManagedPolicy.from_data(name, backend.account_id, backend.region_name, data)
    backend.aws_managed_policies.append(policy)
    backend.managed_policies[policy.arn] = policy


def _loading(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        arn = kwargs.get("policy_arn", args[0] if args else None)
        _ensure_aws_managed_policy(self, arn)
        return method(self, *args, **kwargs)

    return wrapper


def _validate_version(self: Any) -> None:
    if "Version" in self._policy_json:
        assert self._policy_json["Version"] == "2012-10-17"


def _remembering_deleted_keys(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Any, name: str) -> Any:
        result = method(self, name)
        deleted = self.__dict__.setdefault("deleted_access_key_ids", set())
        deleted.add(name)
        return result

    wrapper._ls_remembering = True  # type: ignore[attr-defined]
    return wrapper


def _user_boundary(self: Any) -> dict[str, str] | None:
    arn = self.__dict__.get("permissions_boundary_arn")
    if not arn:
        return None
    return {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": arn}


def _check_boundary_arn(backend: Any, arn: str) -> None:
    """IAM's check of a boundary ARN, with the sentence moto gives a role's."""
    if not backend.policy_arn_regex.match(arn):
        from moto.iam.exceptions import IAMException as RESTError

        message = f"Value ({arn}) for parameter PermissionsBoundary is invalid."
        raise RESTError("InvalidParameterValue", message)


def _create_user_with_boundary(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def create_user(self: Any) -> Any:
        boundary = self._get_param("PermissionsBoundary")
        if boundary:
            _check_boundary_arn(self.backend, boundary)
        result = method(self)
        if boundary:
            self.backend.get_user(self._get_param("UserName")).permissions_boundary_arn = boundary
        return result

    create_user._ls_boundary = True  # type: ignore[attr-defined]
    return create_user


def _put_user_permissions_boundary(self: Any) -> Any:
    from moto.core.responses import EmptyResult

    boundary = self._get_param("PermissionsBoundary") or ""
    _check_boundary_arn(self.backend, boundary)
    self.backend.get_user(self._get_param("UserName")).permissions_boundary_arn = boundary
    return EmptyResult()


def _delete_user_permissions_boundary(self: Any) -> Any:
    from moto.core.responses import EmptyResult

    self.backend.get_user(self._get_param("UserName")).permissions_boundary_arn = None
    return EmptyResult()


def _refusing_users_in_use(method: Callable[..., Any]) -> Callable[..., Any]:
    """DeleteUser of a user that still has access keys or a console password is a DeleteConflict, as
    IAM answers (users' Terraform logs); moto deleted the user and left its keys working."""

    def delete_user(self: Any, user_name: str) -> None:
        from moto.iam.exceptions import DeleteConflictException

        user = self.get_user(user_name)
        if not user.managed_policies and not user.policies:  # moto's own refusals come first
            if user.access_keys:
                raise DeleteConflictException("Cannot delete entity, must delete access keys first.")
            if user.password:
                raise DeleteConflictException("Cannot delete entity, must delete login profile first.")
        method(self, user_name)

    delete_user._ls_conflicts = True  # type: ignore[attr-defined]
    return delete_user


def _refusing_attached_policies(method: Callable[..., Any]) -> Callable[..., Any]:
    """DeletePolicy of a managed policy still attached to a user, group or role, or with versions
    besides its default, is a DeleteConflict; moto deleted it and left the attachments naming a
    policy that no longer exists."""

    def delete_policy(self: Any, policy_arn: str) -> None:
        from moto.iam.exceptions import DeleteConflictException

        policy = self.get_policy(policy_arn)
        if policy.attachment_count > 0:
            raise DeleteConflictException("Cannot delete a policy attached to entities.")
        if len(getattr(policy, "versions", ())) > 1:
            raise DeleteConflictException(
                "This policy has more than one version. Before you delete a policy, you must delete the "
                "policy's versions. The default version is deleted with the policy."
            )
        method(self, policy_arn)

    delete_policy._ls_conflicts = True  # type: ignore[attr-defined]
    return delete_policy


# moto's NoSuchEntity sentences as AWS words them (users' AWS CLI reports of each operation): the
# backend method, and AWS's sentence of its first argument.
_NOT_FOUND_SENTENCES = {
    "get_role": "The role with name {} cannot be found.",
    "get_group": "The group with name {} cannot be found.",
    "get_instance_profile": "Instance Profile {} cannot be found.",
    "get_login_profile": "Login Profile for User {} cannot be found.",
    "get_policy": "Policy {} was not found.",
}


def _in_aws_words(method: Callable[..., Any], sentence: str) -> Callable[..., Any]:
    from moto.iam.exceptions import NotFoundException

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except NotFoundException:
            name = args[0] if args else next(iter(kwargs.values()), "")
            raise NotFoundException(sentence.format(name)) from None

    wrapper._ls_sentences = True  # type: ignore[attr-defined]
    return wrapper


def _inline_policy_in_aws_words(method: Callable[..., Any], owner: str) -> Callable[..., Any]:
    """An inline policy lookup (GetRolePolicy, GetUserPolicy, DeleteUserPolicy): the owner must exist
    (its own sentence), then the policy ("The role policy with name X cannot be found.")."""
    from moto.iam.exceptions import NotFoundException

    @functools.wraps(method)
    def lookup(self: Any, owner_name: str, policy_name: str) -> Any:
        if owner == "role":
            self.get_role(owner_name)
        elif owner == "group":
            self.get_group(owner_name)
        try:
            return method(self, owner_name, policy_name)
        except NotFoundException:
            raise NotFoundException(f"The {owner} policy with name {policy_name} cannot be found.") from None

    lookup._ls_sentences = True  # type: ignore[attr-defined]
    return lookup


# An entity of a name already taken, in AWS's sentences (recorded): the sentence and the parameter
# holding the name the call would have taken.
_EXISTS_SENTENCES = {
    "create_group": ("Group with name {} already exists.", "group_name"),
    "update_group": ("Group with name {} already exists.", "new_group_name"),
}


def _exists_in_aws_words(method: Callable[..., Any], sentence: str, parameter: str) -> Callable[..., Any]:
    import inspect

    from moto.iam.exceptions import EntityAlreadyExists

    signature = inspect.signature(method)

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except EntityAlreadyExists:
            name = signature.bind(self, *args, **kwargs).arguments.get(parameter)
            raise EntityAlreadyExists(sentence.format(name)) from None

    wrapper._ls_sentences = True  # type: ignore[attr-defined]
    return wrapper


def _user_before_group(method: Callable[..., Any]) -> Callable[..., Any]:
    """RemoveUserFromGroup names a missing user before a missing group (recorded)."""

    @functools.wraps(method)
    def remove_user_from_group(self: Any, group_name: str, user_name: str) -> Any:
        self.get_user(user_name)
        return method(self, group_name, user_name)

    remove_user_from_group._ls_sentences = True  # type: ignore[attr-defined]
    return remove_user_from_group


def _get_group_untruncated(method: Callable[..., Any]) -> Callable[..., Any]:
    """GetGroup lists every member at once and says so: `IsTruncated: false` (recorded; moto left it out)."""

    @functools.wraps(method)
    def get_group(self: Any) -> Any:
        answer = method(self)
        if isinstance(answer.result, dict):
            answer.result.setdefault("IsTruncated", False)
        return answer

    return get_group


def _instance_profiles_without_empty_tags(transformers: dict[str, Any]) -> None:
    """AWS leaves an instance profile's empty Tags out of CreateInstanceProfile and the listings; only
    GetInstanceProfile shows `Tags: []` (recorded)."""
    from moto.core.serialize import return_if_not_empty

    for key in (
        "CreateInstanceProfileResponse.InstanceProfile.Tags",
        "ListInstanceProfilesResponse.InstanceProfiles.InstanceProfile.Tags",
        "ListInstanceProfilesForRoleResponse.InstanceProfiles.InstanceProfile.Tags",
    ):
        transformers[key] = return_if_not_empty


# Inline-policy methods and whose policies they read.
_INLINE_POLICY_LOOKUPS = {
    "get_role_policy": "role",
    "get_user_policy": "user",
    "delete_user_policy": "user",
    "get_group_policy": "group",
}


def apply() -> None:
    """Seven corrections, each applied once.

    - A missing role, group, instance profile, login profile, managed policy, and a role's or user's
      missing inline policy, are answered in AWS's sentences.

    - DeleteUser of a user with access keys or a login profile is refused (DeleteConflict), and
      DeletePolicy of an attached managed policy.

    - Users' permissions boundaries (CreateUser's PermissionsBoundary, Put/DeleteUserPermissionsBoundary,
      shown by GetUser): moto drops them; S3 evaluates them (s3/identity_policies.py).

    - A deleted access key is remembered (its id only): S3 answers InvalidAccessKeyId for it, as AWS
      does, where moto forgets it and S3 would take it for a key IAM never issued (any signature).

    - Policy documents without a Version (AWS reads them as 2008-10-17; SAM's policy templates make
      them) are accepted, as IAM accepts them; moto refuses them as MalformedPolicyDocument.
    - moto loads AWS's ~1,300 managed policies into every account only when told to (seconds and
    megabytes per account); AWS has them all. Load the one a request names, when it names it."""
    from moto.iam.models import IAMBackend, User
    from moto.iam.policy_validation import BaseIAMPolicyValidator
    from moto.iam.responses import IamResponse

    if not getattr(IamResponse.create_user, "_ls_boundary", False):
        IamResponse.create_user = _create_user_with_boundary(IamResponse.create_user)  # type: ignore[method-assign]
        IamResponse.put_user_permissions_boundary = _put_user_permissions_boundary  # type: ignore[attr-defined]
        IamResponse.delete_user_permissions_boundary = _delete_user_permissions_boundary  # type: ignore[attr-defined]
        User.permissions_boundary = property(_user_boundary)  # type: ignore[attr-defined]
        from moto.core.serialize import never_return

        # As for roles: a listing leaves the boundary out.
        IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER["ListUsersResponse.Users.User.PermissionsBoundary"] = (
            never_return
        )
        _instance_profiles_without_empty_tags(IamResponse.RESPONSE_KEY_PATH_TO_TRANSFORMER)
        IamResponse.get_group = _get_group_untruncated(IamResponse.get_group)  # type: ignore[method-assign]

    BaseIAMPolicyValidator._validate_version = _validate_version  # type: ignore[method-assign]
    for name in _BY_ARN:
        method = getattr(IAMBackend, name, None)
        if method is not None and not getattr(method, "_ls_loading", False):
            wrapped = _loading(method)
            wrapped._ls_loading = True  # type: ignore[attr-defined]
            setattr(IAMBackend, name, wrapped)
    for name, (sentence, parameter) in _EXISTS_SENTENCES.items():
        method = getattr(IAMBackend, name)
        if not getattr(method, "_ls_sentences", False):
            setattr(IAMBackend, name, _exists_in_aws_words(method, sentence, parameter))
    if not getattr(IAMBackend.remove_user_from_group, "_ls_sentences", False):
        IAMBackend.remove_user_from_group = _user_before_group(IAMBackend.remove_user_from_group)  # type: ignore[method-assign]
    if not getattr(IAMBackend.delete_user, "_ls_conflicts", False):
        IAMBackend.delete_user = _refusing_users_in_use(IAMBackend.delete_user)  # type: ignore[method-assign]
    if not getattr(IAMBackend.delete_policy, "_ls_conflicts", False):
        IAMBackend.delete_policy = _refusing_attached_policies(IAMBackend.delete_policy)  # type: ignore[method-assign]
    if not getattr(IAMBackend.delete_access_key_by_name, "_ls_remembering", False):
        IAMBackend.delete_access_key_by_name = _remembering_deleted_keys(  # type: ignore[method-assign]
            IAMBackend.delete_access_key_by_name
        )
    for name, sentence in _NOT_FOUND_SENTENCES.items():
        method = getattr(IAMBackend, name)
        if not getattr(method, "_ls_sentences", False):
            setattr(IAMBackend, name, _in_aws_words(method, sentence))
    for name, owner in _INLINE_POLICY_LOOKUPS.items():
        method = getattr(IAMBackend, name)
        if not getattr(method, "_ls_sentences", False):
            setattr(IAMBackend, name, _inline_policy_in_aws_words(method, owner))
    from localstack.services.iam import policy_arns

    policy_arns.apply()
    from localstack.services.iam import boundary_usage

    boundary_usage.apply()
    from localstack.services.iam import trust_policy

    trust_policy.apply()
