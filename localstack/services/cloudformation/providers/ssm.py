"""SSM resources: Parameter."""

from __future__ import annotations

import random
import string
from typing import Any

from localstack.services.cloudformation.providers.base import Created, ProviderContext, ResourceProvider
from localstack.services.cloudformation.providers.conversions import tags_list
from localstack.services.cloudformation.providers.lifecycle import delete_call


class Parameter(ResourceProvider):
    type_name = "AWS::SSM::Parameter"
    create_only = frozenset(("Name",))

    def _put(self, ctx: ProviderContext, name: str, props: dict[str, Any], overwrite: bool) -> None:
        args: dict[str, Any] = {
            "Name": name,
            "Value": str(props["Value"]),
            "Type": props.get("Type", "String"),
            "Overwrite": overwrite,
        }
        for key in ("Description", "AllowedPattern", "Tier", "DataType", "Policies"):
            if props.get(key):
                args[key] = props[key]
        ctx.client("ssm").put_parameter(**args)

    def _attributes(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> dict[str, Any]:
        # A parameter's ARN names it without its leading slash.
        return {
            "Type": props.get("Type", "String"),
            "Value": str(props["Value"]),
            "Arn": ctx.arn("ssm", f"parameter/{name.lstrip('/')}"),
        }

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        # AWS names a parameter CFN-<logical id>-<12 random letters, digits> (recorded: CFN-A-xvqPt7CmcHKX).
        suffix = "".join(random.choices(string.ascii_letters + string.digits, k=12))
        name = props.get("Name") or f"CFN-{ctx.logical_id}-{suffix}"
        self._put(ctx, name, props, False)
        tags = tags_list(ctx, props)
        if tags:
            ctx.client("ssm").add_tags_to_resource(ResourceType="Parameter", ResourceId=name, Tags=tags)
        return Created(name, self._attributes(ctx, name, props))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self._put(ctx, physical_id, props, True)
        return Created(physical_id, self._attributes(ctx, physical_id, props))

    delete = delete_call("ssm", "delete_parameter", "Name", "ParameterNotFound")


PROVIDERS = [Parameter]
