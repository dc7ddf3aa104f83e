"""The resource provider protocol: how the deployer creates, updates and deletes one resource type
through its service's own API, and what a provider reads of the stack it works for."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar

from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.internal_client import connect_to


@dataclass
class Created:
    """A created (or updated) resource: its physical id (what Ref returns) and its GetAtt attributes."""

    physical_id: str
    attributes: dict[str, Any] = field(default_factory=dict)
    ref: Any = None  # what Ref returns, when it is not the physical id


@dataclass
class ProviderContext:
    account_id: str
    region: str
    stack_name: str
    stack_id: str
    logical_id: str
    tags: list[dict[str, str]] = field(default_factory=list)
    resource_type: str = ""
    # Deploys a nested stack and waits for it (the deployer installs it).
    nested: Callable[..., Any] | None = None
    # The resource's CreationPolicy, and the signals SignalResource has sent it so far.
    creation_policy: dict[str, Any] = field(default_factory=dict)
    signals: Callable[[], dict[str, str]] = dict

    def client(self, service: str) -> Any:
        return connect_to(service, account_id=self.account_id, region=self.region)

    def physical_name(
        self, max_length: int = 128, lower: bool = False, separator: str = "-", ending: str = ""
    ) -> str:
        """A generated name as AWS makes them: stack name, logical id and a random suffix, then
        `ending` (a FIFO queue's or topic's ".fifo"), all within `max_length`."""
        suffix = "".join(random.choices(string.ascii_uppercase + string.digits, k=12))
        budget = max_length - len(ending) - len(suffix) - 2 * len(separator)
        stack_part = self.stack_name[: max(1, budget // 2)]
        logical_part = self.logical_id[: max(1, budget - len(stack_part))]
        name = separator.join((stack_part, logical_part, suffix))
        return (name.lower() if lower else name) + ending

    def arn(self, service: str, resource: str, region: bool = True) -> str:
        return f"arn:aws:{service}:{self.region if region else ''}:{self.account_id}:{resource}"


class ResourceProvider:
    """One resource type. `create` returns a Created; `update` returns a Created, or raises
    `NeedsReplacement`; `delete` ignores a resource that is already gone."""

    type_name: ClassVar[str] = ""
    # Properties whose change means a new resource (AWS's "Replacement: True").
    create_only: ClassVar[frozenset[str]] = frozenset()
    # The Fn::GetAtt attribute that is the physical id itself (the schema's primary identifier, as
    # `Id` of a QueuePolicy), when the type has one.
    id_attribute: ClassVar[str] = ""

    def create(self, ctx: ProviderContext, props: dict[str, Any]) -> Created:
        raise NotImplementedError

    def update(
        self,
        ctx: ProviderContext,
        physical_id: str,
        props: dict[str, Any],
        old: dict[str, Any],
        attributes: dict[str, Any],
    ) -> Created:
        raise NeedsReplacement()

    def delete(
        self, ctx: ProviderContext, physical_id: str, props: dict[str, Any], attributes: dict[str, Any]
    ) -> None:
        raise NotImplementedError


class NeedsReplacement(Exception):
    """An update this provider can only make by creating a new resource."""


class ResourceFailed(AWSError):
    """A resource operation failed with this reason (shown in the resource's *_FAILED event)."""

    def __init__(self, reason: str) -> None:
        super().__init__("ResourceFailed", reason)


def ignore_missing(call: Callable[[], Any], *codes: str) -> None:
    """Run a delete call, treating "already gone" as done."""
    from botocore.exceptions import ClientError

    try:
        call()
    except ClientError as error:
        code = error.response.get("Error", {}).get("Code", "")
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if code in codes or status == 404 or "NotFound" in code or "NoSuch" in code:
            return
        raise


def pause(seconds: float) -> None:
    """Wait `seconds` between polls of a resource that waits for an answer (signals, a custom resource's
    response); a stopping emulator ends the wait at once, so its stop never waits out a Timeout."""
    import time

    try:
        from localstack.services import infra

        stopped = infra.current().stopped
    except RuntimeError:
        time.sleep(seconds)
        return
    if stopped.wait(seconds):
        raise ResourceFailed("The emulator stopped while this resource was waiting")
