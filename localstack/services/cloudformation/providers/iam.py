"""IAM resources: Role, Policy (inline), ManagedPolicy, User, Group, AccessKey, InstanceProfile."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)
from localstack.services.cloudformation.providers.conversions import json_text, list_changes, tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call


def _sync_inline(
    ctx: ProviderContext, kind: str, name: str, props: dict[str, Any], old: dict[str, Any]
) -> None:
    iam = ctx.client("iam")
    new = {p["PolicyName"]: p["PolicyDocument"] for p in props.get("Policies") or []}
    for policy in old.get("Policies") or []:
        if policy["PolicyName"] not in new:
            ignore_missing(
                lambda p=policy: getattr(iam, f"delete_{kind}_policy")(
                    **{f"{kind.capitalize()}Name": name, "PolicyName": p["PolicyName"]}
                )
            )
    for policy_name, document in new.items():
        getattr(iam, f"put_{kind}_policy")(
            **{
                f"{kind.capitalize()}Name": name,
                "PolicyName": policy_name,
                "PolicyDocument": json_text(document),
            }
        )


def _sync_managed(
    ctx: ProviderContext, kind: str, name: str, props: dict[str, Any], old: dict[str, Any]
) -> None:
    iam = ctx.client("iam")
    added, removed = list_changes(props, old, "ManagedPolicyArns")
    for arn in removed:
        ignore_missing(
            lambda a=arn: getattr(iam, f"detach_{kind}_policy")(
                **{f"{kind.capitalize()}Name": name, "PolicyArn": a}
            )
        )
    for arn in added:
        getattr(iam, f"attach_{kind}_policy")(**{f"{kind.capitalize()}Name": name, "PolicyArn": arn})


def _empty_principal(ctx: ProviderContext, kind: str, name: str) -> None:
    """Detach and delete what hangs off a role, user or group so that it can be deleted."""
    iam = ctx.client("iam")
    key = f"{kind.capitalize()}Name"
    for arn in [
        p["PolicyArn"]
        for p in getattr(iam, f"list_attached_{kind}_policies")(**{key: name}).get("AttachedPolicies", [])
    ]:
        ignore_missing(lambda a=arn: getattr(iam, f"detach_{kind}_policy")(**{key: name, "PolicyArn": a}))
    for policy_name in getattr(iam, f"list_{kind}_policies")(**{key: name}).get("PolicyNames", []):
        ignore_missing(
            lambda p=policy_name: getattr(iam, f"delete_{kind}_policy")(**{key: name, "PolicyName": p})
        )


class Role(ResourceProvider):
    type_name = "AWS::IAM::Role"
    create_only = frozenset(("RoleName", "Path"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        iam = ctx.client("iam")
        name = props.get("RoleName") or ctx.physical_name(64)
        args: dict[str, Any] = {
            "RoleName": name,
            "AssumeRolePolicyDocument": json_text(props.get("AssumeRolePolicyDocument") or {}),
            "Path": props.get("Path", "/"),
        }
        for key in ("Description", "PermissionsBoundary"):
            if props.get(key):
                args[key] = props[key]
        if props.get("MaxSessionDuration"):
            args["MaxSessionDuration"] = int(props["MaxSessionDuration"])
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        role = iam.create_role(**args)["Role"]
        _sync_inline(ctx, "role", name, props, {})
        _sync_managed(ctx, "role", name, props, {})
        return Created(name, {"Arn": role["Arn"], "RoleId": role["RoleId"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        iam = ctx.client("iam")
        if props.get("AssumeRolePolicyDocument") != old.get("AssumeRolePolicyDocument"):
            iam.update_assume_role_policy(
                RoleName=physical_id, PolicyDocument=json_text(props.get("AssumeRolePolicyDocument") or {})
            )
        if props.get("Description") != old.get("Description") or props.get("MaxSessionDuration") != old.get(
            "MaxSessionDuration"
        ):
            args: dict[str, Any] = {"RoleName": physical_id, "Description": props.get("Description", "")}
            if props.get("MaxSessionDuration"):
                args["MaxSessionDuration"] = int(props["MaxSessionDuration"])
            iam.update_role(**args)
        _sync_inline(ctx, "role", physical_id, props, old)
        _sync_managed(ctx, "role", physical_id, props, old)
        tags = tags_list(ctx, props)
        if tags:
            iam.tag_role(RoleName=physical_id, Tags=tags)
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        iam = ctx.client("iam")

        def remove() -> None:
            _empty_principal(ctx, "role", physical_id)
            for profile in iam.list_instance_profiles_for_role(RoleName=physical_id).get(
                "InstanceProfiles", []
            ):
                iam.remove_role_from_instance_profile(
                    InstanceProfileName=profile["InstanceProfileName"], RoleName=physical_id
                )
            iam.delete_role(RoleName=physical_id)

        ignore_missing(remove, "NoSuchEntity")


class Policy(ResourceProvider):
    type_name = "AWS::IAM::Policy"
    id_attribute = "Id"

    def _apply(self, ctx: ProviderContext, props: dict[str, Any], old: dict[str, Any]) -> None:
        iam = ctx.client("iam")
        document = json_text(props["PolicyDocument"])
        name = props["PolicyName"]
        for kind in ("role", "user", "group"):
            for principal in list_changes(props, old, f"{kind.capitalize()}s")[1]:
                ignore_missing(
                    lambda p=principal, k=kind: getattr(iam, f"delete_{k}_policy")(
                        **{f"{k.capitalize()}Name": p, "PolicyName": old["PolicyName"]}
                    )
                )
            for principal in props.get(f"{kind.capitalize()}s") or []:
                getattr(iam, f"put_{kind}_policy")(
                    **{f"{kind.capitalize()}Name": principal, "PolicyName": name, "PolicyDocument": document}
                )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        self._apply(ctx, props, {})
        return Created(ctx.physical_name(128))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        if props.get("PolicyName") != old.get("PolicyName"):
            self.delete(ctx, physical_id, old, attributes)
            old = {}
        self._apply(ctx, props, old)
        return Created(physical_id)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        iam = ctx.client("iam")
        for kind in ("role", "user", "group"):
            for principal in props.get(f"{kind.capitalize()}s") or []:
                ignore_missing(
                    lambda p=principal, k=kind: getattr(iam, f"delete_{k}_policy")(
                        **{f"{k.capitalize()}Name": p, "PolicyName": props["PolicyName"]}
                    ),
                    "NoSuchEntity",
                )


class ManagedPolicy(ResourceProvider):
    type_name = "AWS::IAM::ManagedPolicy"
    create_only = frozenset(("ManagedPolicyName", "Path", "Description"))

    def _attach(self, ctx: ProviderContext, arn: str, props: dict[str, Any], old: dict[str, Any]) -> None:
        iam = ctx.client("iam")
        for kind in ("role", "user", "group"):
            added, removed = list_changes(props, old, f"{kind.capitalize()}s")
            for principal in removed:
                ignore_missing(
                    lambda p=principal, k=kind: getattr(iam, f"detach_{k}_policy")(
                        **{f"{k.capitalize()}Name": p, "PolicyArn": arn}
                    )
                )
            for principal in added:
                getattr(iam, f"attach_{kind}_policy")(
                    **{f"{kind.capitalize()}Name": principal, "PolicyArn": arn}
                )

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        args: dict[str, Any] = {
            "PolicyName": props.get("ManagedPolicyName") or ctx.physical_name(128),
            "PolicyDocument": json_text(props["PolicyDocument"]),
            "Path": props.get("Path", "/"),
        }
        if props.get("Description"):
            args["Description"] = props["Description"]
        policy = ctx.client("iam").create_policy(**args)["Policy"]
        self._attach(ctx, policy["Arn"], props, {})
        return Created(policy["Arn"], {"PolicyArn": policy["Arn"], "PolicyId": policy["PolicyId"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        iam = ctx.client("iam")
        if props.get("PolicyDocument") != old.get("PolicyDocument"):
            for version in iam.list_policy_versions(PolicyArn=physical_id).get("Versions", []):
                if not version["IsDefaultVersion"]:
                    iam.delete_policy_version(PolicyArn=physical_id, VersionId=version["VersionId"])
            iam.create_policy_version(
                PolicyArn=physical_id, PolicyDocument=json_text(props["PolicyDocument"]), SetAsDefault=True
            )
        self._attach(ctx, physical_id, props, old)
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        iam = ctx.client("iam")

        def remove() -> None:
            entities = iam.list_entities_for_policy(PolicyArn=physical_id)
            for role in entities.get("PolicyRoles", []):
                iam.detach_role_policy(RoleName=role["RoleName"], PolicyArn=physical_id)
            for user in entities.get("PolicyUsers", []):
                iam.detach_user_policy(UserName=user["UserName"], PolicyArn=physical_id)
            for group in entities.get("PolicyGroups", []):
                iam.detach_group_policy(GroupName=group["GroupName"], PolicyArn=physical_id)
            for version in iam.list_policy_versions(PolicyArn=physical_id).get("Versions", []):
                if not version["IsDefaultVersion"]:
                    iam.delete_policy_version(PolicyArn=physical_id, VersionId=version["VersionId"])
            iam.delete_policy(PolicyArn=physical_id)

        ignore_missing(remove, "NoSuchEntity")


class User(ResourceProvider):
    type_name = "AWS::IAM::User"
    create_only = frozenset(("UserName",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        iam = ctx.client("iam")
        name = props.get("UserName") or ctx.physical_name(64)
        args: dict[str, Any] = {"UserName": name, "Path": props.get("Path", "/")}
        tags = tags_list(ctx, props)
        if tags:
            args["Tags"] = tags
        user = iam.create_user(**args)["User"]
        self.update(ctx, name, props, {}, {})
        return Created(name, {"Arn": user["Arn"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        iam = ctx.client("iam")
        _sync_inline(ctx, "user", physical_id, props, old)
        _sync_managed(ctx, "user", physical_id, props, old)
        added, removed = list_changes(props, old, "Groups")
        for group in removed:
            ignore_missing(lambda g=group: iam.remove_user_from_group(GroupName=g, UserName=physical_id))
        for group in added:
            iam.add_user_to_group(GroupName=group, UserName=physical_id)
        profile = props.get("LoginProfile")
        if profile and profile != old.get("LoginProfile"):
            if old.get("LoginProfile"):
                iam.update_login_profile(UserName=physical_id, Password=profile["Password"])
            else:
                iam.create_login_profile(
                    UserName=physical_id,
                    Password=profile["Password"],
                    PasswordResetRequired=bool(profile.get("PasswordResetRequired", False)),
                )
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        iam = ctx.client("iam")

        def remove() -> None:
            _empty_principal(ctx, "user", physical_id)
            for group in iam.list_groups_for_user(UserName=physical_id).get("Groups", []):
                iam.remove_user_from_group(GroupName=group["GroupName"], UserName=physical_id)
            for key in iam.list_access_keys(UserName=physical_id).get("AccessKeyMetadata", []):
                iam.delete_access_key(UserName=physical_id, AccessKeyId=key["AccessKeyId"])
            ignore_missing(lambda: iam.delete_login_profile(UserName=physical_id))
            iam.delete_user(UserName=physical_id)

        ignore_missing(remove, "NoSuchEntity")


class Group(ResourceProvider):
    type_name = "AWS::IAM::Group"
    create_only = frozenset(("GroupName",))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = props.get("GroupName") or ctx.physical_name(128)
        group = ctx.client("iam").create_group(GroupName=name, Path=props.get("Path", "/"))["Group"]
        _sync_inline(ctx, "group", name, props, {})
        _sync_managed(ctx, "group", name, props, {})
        return Created(name, {"Arn": group["Arn"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        _sync_inline(ctx, "group", physical_id, props, old)
        _sync_managed(ctx, "group", physical_id, props, old)
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        iam = ctx.client("iam")

        def remove() -> None:
            _empty_principal(ctx, "group", physical_id)
            for user in iam.get_group(GroupName=physical_id).get("Users", []):
                iam.remove_user_from_group(GroupName=physical_id, UserName=user["UserName"])
            iam.delete_group(GroupName=physical_id)

        ignore_missing(remove, "NoSuchEntity")


class UserToGroupAddition(ResourceProvider):
    type_name = "AWS::IAM::UserToGroupAddition"
    id_attribute = "Id"

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        for user in props.get("Users") or []:
            ctx.client("iam").add_user_to_group(GroupName=props["GroupName"], UserName=user)
        return Created(ctx.physical_name())

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        for user in props.get("Users") or []:
            ignore_missing(
                lambda u=user: ctx.client("iam").remove_user_from_group(
                    GroupName=props["GroupName"], UserName=u
                )
            )


class AccessKey(ResourceProvider):
    type_name = "AWS::IAM::AccessKey"
    id_attribute = "Id"
    create_only = frozenset(("UserName", "Serial"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        iam = ctx.client("iam")
        key = iam.create_access_key(UserName=props["UserName"])["AccessKey"]
        if props.get("Status") == "Inactive":
            iam.update_access_key(
                UserName=props["UserName"], AccessKeyId=key["AccessKeyId"], Status="Inactive"
            )
        return Created(key["AccessKeyId"], {"SecretAccessKey": key["SecretAccessKey"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        ctx.client("iam").update_access_key(
            UserName=props["UserName"], AccessKeyId=physical_id, Status=props.get("Status", "Active")
        )
        return Created(physical_id, attributes)

    delete = delete_call(
        "iam", "delete_access_key", "AccessKeyId", "NoSuchEntity", with_props={"UserName": "UserName"}
    )


class InstanceProfile(ResourceProvider):
    type_name = "AWS::IAM::InstanceProfile"
    create_only = frozenset(("InstanceProfileName", "Path"))

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        iam = ctx.client("iam")
        name = props.get("InstanceProfileName") or ctx.physical_name(128)
        profile = iam.create_instance_profile(InstanceProfileName=name, Path=props.get("Path", "/"))[
            "InstanceProfile"
        ]
        for role in props.get("Roles") or []:
            iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
        return Created(name, {"Arn": profile["Arn"]})

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        iam = ctx.client("iam")
        added, removed = list_changes(props, old, "Roles")
        for role in removed:
            ignore_missing(
                lambda r=role: iam.remove_role_from_instance_profile(
                    InstanceProfileName=physical_id, RoleName=r
                )
            )
        for role in added:
            iam.add_role_to_instance_profile(InstanceProfileName=physical_id, RoleName=role)
        return Created(physical_id, attributes)

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        iam = ctx.client("iam")

        def remove() -> None:
            for role in iam.get_instance_profile(InstanceProfileName=physical_id)["InstanceProfile"].get(
                "Roles", []
            ):
                iam.remove_role_from_instance_profile(
                    InstanceProfileName=physical_id, RoleName=role["RoleName"]
                )
            iam.delete_instance_profile(InstanceProfileName=physical_id)

        ignore_missing(remove, "NoSuchEntity")


PROVIDERS = [Role, Policy, ManagedPolicy, User, Group, UserToGroupAddition, AccessKey, InstanceProfile]
