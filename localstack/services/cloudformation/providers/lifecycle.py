"""Lifecycle steps that many resource types share, declared on a provider instead of written out:
`delete = delete_call(...)`, `update = keep_on_update`, `delete = nothing_to_delete`, and
`PutResource` for a type whose create and update are the same put call."""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Mapping

from localstack.services.cloudformation.providers.base import (
    Created,
    ProviderContext,
    ResourceProvider,
    ignore_missing,
)

Delete = Callable[[ResourceProvider, ProviderContext, str, dict[str, Any], dict[str, Any]], None]


def delete_call(
    service: str,
    operation: str,
    id_parameter: str | None,
    *missing: str,
    with_props: Mapping[str, str] | None = None,
    fixed: Mapping[str, Any] | None = None,
) -> Delete:
    """A provider's `delete` that is one call of `operation`: the physical id goes in `id_parameter`,
    `with_props` maps further parameters to the properties that hold them, `fixed` adds constant ones.
    `missing` are the error codes that mean "already gone" (404s, *NotFound* and NoSuch* always do)."""
    from_props = dict(with_props or {})
    constants = dict(fixed or {})

    def delete(
        self: ResourceProvider,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        attributes: dict[str, Any],
    ) -> None:
        args = {parameter: props[key] for parameter, key in from_props.items()}
        if id_parameter:
            args[id_parameter] = physical_id
        args.update(constants)
        ignore_missing(lambda: getattr(ctx.client(service), operation)(**args), *missing)

    delete.__doc__ = f"Delete with {service} {operation}."
    return delete


def keep_on_update(
    self: ResourceProvider,
    ctx: ProviderContext,
    physical_id: str,
    props: dict[str, Any],
    old: dict[str, Any],
    attributes: dict[str, Any],
) -> Created:
    """An update that calls nothing: the type's updatable properties need no call (or it has none),
    so the resource stays as it is, attributes and all."""
    return Created(physical_id, attributes)


def nothing_to_delete(
    self: ResourceProvider,
    ctx: ProviderContext,
    physical_id: str,
    props: dict[str, Any],
    attributes: dict[str, Any],
) -> None:
    """Nothing to remove: what the resource made outlives it, or belongs to another resource."""


class PutResource(ResourceProvider):
    """A resource whose create and update are the same put call. Its physical id is `new_id`: by
    default the `name_property`, or a name generated up to `name_length` characters."""

    name_property: ClassVar[str] = ""
    name_length: ClassVar[int] = 128

    def put(self, ctx: ProviderContext, name: str, props: dict[str, Any]) -> None:
        raise NotImplementedError

    def new_id(self, ctx: ProviderContext, props: dict[str, Any]) -> str:
        return props.get(self.name_property) or ctx.physical_name(self.name_length)

    def attributes(self, ctx: ProviderContext, name: str) -> dict[str, Any]:
        """What Fn::GetAtt reads of the resource."""
        return {}

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        name = self.new_id(ctx, props)
        self.put(ctx, name, props)
        return Created(name, self.attributes(ctx, name))

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        self.put(ctx, physical_id, props)
        return Created(physical_id, attributes)
