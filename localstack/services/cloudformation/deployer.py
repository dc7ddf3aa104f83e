"""The stack lifecycle: create, update (in place or by replacement) and delete every resource in
dependency order through its provider, with events, outputs, exports and rollback."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any, Callable

from localstack.services.cloudformation import graph, intrinsics, providers
from localstack.services.cloudformation.models import CloudFormationStore, Stack, StackResource, now
from localstack.services.cloudformation.parameters import ResolvedParameter
from localstack.services.cloudformation.providers.base import NeedsReplacement, ProviderContext
from localstack.services.cloudformation.stack_view import StackView
from localstack.utils.aws.errors import AWSError

LOG = logging.getLogger(__name__)

# How long an API call waits for a quick stack operation before answering (tools then find it done
# on their first poll instead of sleeping through a waiter delay).
ANSWER_WAIT_SECONDS = 2.0
# Independent resources created at the same time, at most.
PARALLEL_RESOURCES = 4


class ResourceFailure(Exception):
    def __init__(self, logical_id: str, reason: str, operation: str = "create") -> None:
        super().__init__(reason)
        self.logical_id = logical_id
        self.reason = reason
        # What the resource failed to do ("create" or "update"), as the stack's reason says it.
        self.operation = operation
        # Every resource that failed beside it (resources made side by side), itself included.
        self.together: list[ResourceFailure] = [self]


# The status a stack is left in when its operation breaks off unexpectedly.
_FAILED_STATUS = {
    "CREATE_IN_PROGRESS": "CREATE_FAILED",
    "ROLLBACK_IN_PROGRESS": "ROLLBACK_FAILED",
    "DELETE_IN_PROGRESS": "DELETE_FAILED",
}


def settle_failed(stack: Stack, reason: str) -> bool:
    """Leave a stack whose operation broke off in the failed status of that operation (not
    IN_PROGRESS forever); False when no operation was running."""
    if not stack.status.endswith("_IN_PROGRESS") or stack.status == "REVIEW_IN_PROGRESS":
        return False
    stack.set_status(_FAILED_STATUS.get(stack.status, "UPDATE_ROLLBACK_FAILED"), reason)
    return True


def run_guarded(stack: Stack, name: str, work: Callable[[], None]) -> None:
    """Run a stack operation; an unexpected error is logged and fails the stack."""
    try:
        work()
    except Exception:
        LOG.exception("CloudFormation %s of %s failed", name, stack.name)
        settle_failed(stack, "Internal failure")


def run_in_background(stack: Stack, name: str, work: Callable[[], None]) -> None:
    """Run a stack operation off the request thread; wait briefly so quick ones answer finished."""
    stack.done.clear()

    def target(*_: Any) -> None:
        try:
            run_guarded(stack, name, work)
        finally:
            stack.done.set()

    try:
        from localstack.services import infra

        infra.current().start_worker(f"cfn-{name}-{stack.name}", target)
    except RuntimeError:
        threading.Thread(target=target, name=f"ls-cfn-{name}", daemon=True).start()
    stack.done.wait(ANSWER_WAIT_SECONDS)


def failure_reason(error: BaseException) -> str:
    """The reason a resource failed, in the words of the service that refused it."""
    from botocore.exceptions import ClientError

    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        code = details.get("Code", "")
        message = details.get("Message", str(error))
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
        return (
            f'Resource handler returned message: "{message}" (Status Code: {status}, '
            f"HandlerErrorCode: {code})"
        )
    if isinstance(error, AWSError):
        return error.message
    if isinstance(error, (KeyError, TypeError, ValueError)):
        return f"Properties validation failed for resource: {error}"
    return str(error) or type(error).__name__


def _context(
    stack: Stack, logical_id: str, resource_type: str = "", definition: dict[str, Any] | None = None
) -> ProviderContext:
    from localstack.services.cloudformation import nested

    policy = (definition or {}).get("CreationPolicy")
    return ProviderContext(
        stack.account_id,
        stack.region,
        stack.name,
        stack.stack_id,
        logical_id,
        tags=list(stack.tags),
        resource_type=resource_type,
        nested=lambda props, stack_id=None: nested.deploy_child(stack, logical_id, props, stack_id),
        creation_policy=policy if isinstance(policy, dict) else {},
        signals=lambda: dict(stack.signals.get(logical_id, {})),
    )


def _provider(resource_type: str) -> Any:
    provider = providers.provider_for(resource_type)
    if provider is None:
        raise AWSError("ValidationError", f"Resource type {resource_type} is not supported")
    return provider


class _Run:
    """One create or update of a stack: what it made, changed and replaced, to finish or undo."""

    def __init__(
        self,
        stack: Stack,
        store: CloudFormationStore,
        template: dict[str, Any],
        parameters: dict[str, ResolvedParameter],
    ) -> None:
        self.stack = stack
        self.store = store
        self.template = template
        self.parameters = parameters
        self.old = dict(stack.resources)
        self.resources: dict[str, StackResource] = {}
        self.view = StackView(stack, store, template, parameters, self.resources)
        self.created: list[str] = []  # logical ids created new in this run
        self.updated: list[tuple[str, StackResource]] = []  # (logical id, previous state) updated in place
        self.replaced: list[StackResource] = []  # previous states of replaced resources
        self.creating = not self.old and stack.status == "CREATE_IN_PROGRESS"

    def apply(self) -> None:
        definitions = self.template.get("Resources") or {}
        included = {name: d for name, d in definitions.items() if self.view.included(d)}
        dependency_graph = graph.dependencies(included, set(self.parameters), set(definitions))
        for level in graph.levels(dependency_graph):
            self._apply_level(level, included)
        self.stack.conditions = self.view.all_conditions()
        outputs = self._outputs()
        self._check_exports(outputs)
        self.stack.outputs = outputs
        self.stack.imports = self.view.imports

    def _apply_level(self, level: list[str], included: dict[str, Any]) -> None:
        """Resources that need nothing from each other, side by side; a failure stops the run after
        the level, naming every resource of the level that failed (as AWS's stack reason does)."""
        if len(level) == 1:
            self._apply_one(level[0], included[level[0]])
            return
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(
            max_workers=min(PARALLEL_RESOURCES, len(level)), thread_name_prefix="ls-cfn"
        ) as pool:
            futures = [pool.submit(self._apply_one, name, included[name]) for name in level]
        errors = [error for future in futures if (error := future.exception()) is not None]
        if not errors:
            return
        failures = [error for error in errors if isinstance(error, ResourceFailure)]
        if len(failures) < len(errors):
            raise errors[0]
        failures[0].together = failures
        raise failures[0]

    def _apply_one(self, name: str, definition: dict[str, Any]) -> None:
        resource_type = definition["Type"]
        previous = self.old.get(name)
        try:
            props = self.view.resolve(definition.get("Properties") or {})
        except AWSError as error:
            self._fail_new(name, resource_type, error.message, previous)
        except Exception as error:  # a template value no intrinsic can make sense of
            self._fail_new(name, resource_type, failure_reason(error), previous)
        if previous is not None and previous.resource_type == resource_type and previous.physical_id:
            self._update(name, definition, props, previous)
        else:
            if previous is not None:
                self.replaced.append(previous)
            self._create(name, definition, props, "CREATE")

    def _fail_new(self, name: str, resource_type: str, reason: str, previous: StackResource | None) -> None:
        status = "UPDATE_FAILED" if previous is not None else "CREATE_FAILED"
        self.stack.add_event(name, resource_type, status, previous.physical_id if previous else "", reason)
        if previous is None:
            self.resources[name] = StackResource(name, resource_type, {}, status=status, reason=reason)
        raise ResourceFailure(name, reason, "update" if previous is not None else "create")

    def _create(
        self,
        name: str,
        definition: dict[str, Any],
        props: dict[str, Any],
        verb: str,
        replacing: StackResource | None = None,
    ) -> None:
        resource_type = definition["Type"]
        stack = self.stack
        prefix = "UPDATE" if replacing is not None else "CREATE"
        shown = _event_properties(props)
        stack.add_event(
            name,
            resource_type,
            f"{prefix}_IN_PROGRESS",
            replacing.physical_id if replacing else "",
            "Requested update requires the creation of a new physical resource; hence creating one."
            if replacing
            else None,
            properties=shown,
        )
        resource = StackResource(name, resource_type, definition, props, status=f"{prefix}_IN_PROGRESS")
        self.resources[name] = resource
        try:
            created = _provider(resource_type).create(_context(stack, name, resource_type, definition), props)
        except Exception as error:
            reason = failure_reason(error)
            if not isinstance(error, AWSError):
                LOG.info("CloudFormation: %s %s failed: %s", resource_type, name, reason)
            resource.status, resource.reason = f"{prefix}_FAILED", reason
            physical_id = replacing.physical_id if replacing else ""
            stack.add_event(name, resource_type, f"{prefix}_FAILED", physical_id, reason, shown)
            if replacing is not None:
                self.resources[name] = replacing
            else:
                self.created.append(name)
            raise ResourceFailure(name, reason, prefix.lower()) from None
        resource.physical_id = created.physical_id
        resource.attributes = created.attributes
        resource.ref = created.ref
        if replacing is None:
            initiated = "Resource creation Initiated"
            stack.add_event(name, resource_type, "CREATE_IN_PROGRESS", created.physical_id, initiated, shown)
            self.created.append(name)
        resource.status, resource.updated = f"{prefix}_COMPLETE", now()
        stack.add_event(name, resource_type, f"{prefix}_COMPLETE", created.physical_id, properties=shown)

    def _update(
        self, name: str, definition: dict[str, Any], props: dict[str, Any], previous: StackResource
    ) -> None:
        resource_type = definition["Type"]
        if props == previous.properties and _attributes_of(definition) == _attributes_of(previous.definition):
            self.resources[name] = previous
            return
        provider = _provider(resource_type)
        changed = {
            key
            for key in set(props) | set(previous.properties)
            if props.get(key) != previous.properties.get(key)
        }
        if changed & provider.create_only:
            return self._replace(name, definition, props, previous)
        stack = self.stack
        shown = _event_properties(props)
        stack.add_event(name, resource_type, "UPDATE_IN_PROGRESS", previous.physical_id, properties=shown)
        try:
            updated = provider.update(
                _context(stack, name, resource_type),
                previous.physical_id,
                props,
                previous.properties,
                previous.attributes,
            )
        except NeedsReplacement:
            return self._replace(name, definition, props, previous)
        except Exception as error:
            reason = failure_reason(error)
            stack.add_event(name, resource_type, "UPDATE_FAILED", previous.physical_id, reason, shown)
            self.resources[name] = previous
            raise ResourceFailure(name, reason, "update") from None
        resource = StackResource(
            name,
            resource_type,
            definition,
            props,
            updated.physical_id or previous.physical_id,
            "UPDATE_COMPLETE",
            attributes={**previous.attributes, **updated.attributes},
            ref=updated.ref if updated.ref is not None else previous.ref,
        )
        self.resources[name] = resource
        self.updated.append((name, previous))
        stack.add_event(name, resource_type, "UPDATE_COMPLETE", resource.physical_id, properties=shown)

    def _replace(
        self, name: str, definition: dict[str, Any], props: dict[str, Any], previous: StackResource
    ) -> None:
        self._create(name, definition, props, "UPDATE", replacing=previous)
        self.replaced.append(previous)

    def _outputs(self) -> list[dict[str, Any]]:
        outputs = []
        for key, output in (self.template.get("Outputs") or {}).items():
            if not self.view.included(output):
                continue
            try:
                value = self.view.resolve(output.get("Value"))
                export = output.get("Export")
                export_name = self.view.resolve(export.get("Name")) if isinstance(export, dict) else None
            except AWSError as error:
                raise ResourceFailure(self.stack.name, error.message) from None
            if value is intrinsics.NO_VALUE:
                continue
            item: dict[str, Any] = {"OutputKey": key, "OutputValue": _output_text(value)}
            if output.get("Description") is not None:
                item["Description"] = self.view.resolve(output["Description"])
            if export_name is not None:
                item["ExportName"] = str(export_name)
            outputs.append(item)
        return outputs

    def _check_exports(self, outputs: list[dict[str, Any]]) -> None:
        mine = {item["ExportName"]: item["OutputValue"] for item in outputs if "ExportName" in item}
        for name, (_, owner) in self.store.exports().items():
            if name in mine and owner.stack_id != self.stack.stack_id:
                raise ResourceFailure(
                    self.stack.name, f"Export with name {name} is already exported by stack {owner.name}"
                )
        for name, value in self.stack.exports().items():
            if mine.get(name) == value:
                continue
            users = [s.name for s in self.store.importers(name) if s.stack_id != self.stack.stack_id]
            if users:
                verb = "update" if name in mine else "delete"
                raise ResourceFailure(
                    self.stack.name, f"Cannot {verb} export {name} as it is in use by {', '.join(users)}"
                )

    def commit(self) -> None:
        self.stack.resources = self.resources

    def cleanup(self) -> None:
        """After an update: delete what the template dropped and what replacements superseded."""
        removed = [self.old[name] for name in reversed(list(self.old)) if name not in self.resources]
        for resource in [*reversed(self.replaced), *removed]:
            if resource.physical_id:
                _delete_resource(
                    self.stack,
                    resource,
                    policy_key="UpdateReplacePolicy" if resource not in removed else "DeletionPolicy",
                )

    def rollback(self) -> None:
        """Undo this run: delete what it created, restore what it updated or replaced."""
        stack = self.stack
        for name in reversed(self.created):
            resource = self.resources.get(name)
            if resource is not None and resource.physical_id:
                _delete_resource(stack, resource, ignore_retain=not self.creating)
            elif resource is not None:
                stack.add_event(name, resource.resource_type, "DELETE_COMPLETE", "")
        for previous in self.replaced:
            current = self.resources.get(previous.logical_id)
            if (
                current is not None
                and current is not previous
                and current.physical_id != previous.physical_id
                and current.physical_id
            ):
                _delete_resource(stack, current, ignore_retain=True)
        for name, previous in reversed(self.updated):
            stack.add_event(name, previous.resource_type, "UPDATE_IN_PROGRESS", previous.physical_id)
            try:
                _provider(previous.resource_type).update(
                    _context(stack, name, previous.resource_type),
                    previous.physical_id,
                    previous.properties,
                    self.resources[name].properties,
                    previous.attributes,
                )
                stack.add_event(name, previous.resource_type, "UPDATE_COMPLETE", previous.physical_id)
            except Exception as error:
                stack.add_event(
                    name, previous.resource_type, "UPDATE_FAILED", previous.physical_id, failure_reason(error)
                )


def _attributes_of(definition: dict[str, Any]) -> tuple:
    return (
        definition.get("DeletionPolicy"),
        definition.get("UpdateReplacePolicy"),
        definition.get("Metadata"),
    )


def _event_properties(props: dict[str, Any]) -> str:
    return json.dumps(props, default=str)


def _output_text(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def _delete_resource(
    stack: Stack, resource: StackResource, policy_key: str = "DeletionPolicy", ignore_retain: bool = False
) -> bool:
    """Delete one resource with its events; False if it failed."""
    policy = resource.definition.get(policy_key) if resource.definition else None
    shown = _event_properties(resource.properties) if resource.properties else None
    logical, resource_type, physical_id = resource.logical_id, resource.resource_type, resource.physical_id
    if policy == "Retain" and not ignore_retain:
        resource.status = "DELETE_SKIPPED"
        stack.add_event(logical, resource_type, "DELETE_SKIPPED", physical_id, properties=shown)
        return True
    stack.add_event(logical, resource_type, "DELETE_IN_PROGRESS", physical_id, properties=shown)
    resource.status = "DELETE_IN_PROGRESS"
    provider = providers.provider_for(resource.resource_type)
    try:
        if provider is not None and resource.physical_id:
            provider.delete(
                _context(stack, resource.logical_id, resource.resource_type),
                resource.physical_id,
                resource.properties,
                resource.attributes,
            )
    except Exception as error:
        reason = failure_reason(error)
        resource.status, resource.reason = "DELETE_FAILED", reason
        stack.add_event(logical, resource_type, "DELETE_FAILED", physical_id, reason, shown)
        return False
    resource.status = "DELETE_COMPLETE"
    stack.add_event(logical, resource_type, "DELETE_COMPLETE", physical_id, properties=shown)
    return True


def _apply_guarded(run: _Run) -> None:
    """Apply a run; an unexpected error fails the stack (it is logged) instead of leaving it IN_PROGRESS."""
    try:
        run.apply()
    except (ResourceFailure, AWSError):
        raise
    except Exception as error:
        LOG.exception("CloudFormation: unexpected error deploying %s", run.stack.name)
        raise ResourceFailure(run.stack.name, f"Internal failure: {failure_reason(error)}") from None


def _failure_summary(stack: Stack, error: ResourceFailure | AWSError) -> tuple[str, bool]:
    """The stack's status reason for a failed create or update, and whether a resource (not the
    stack itself) failed. A resource that an update adds failed to create, as AWS words it."""
    if isinstance(error, ResourceFailure) and error.logical_id != stack.name:
        summary = ""
        for operation in ("create", "update"):
            names = sorted(f.logical_id for f in error.together if f.operation == operation)
            if names:
                summary += f"The following resource(s) failed to {operation}: [{', '.join(names)}]. "
        return summary, True
    return (error.reason if isinstance(error, ResourceFailure) else error.message), False


def create(stack: Stack, store: CloudFormationStore) -> None:
    """Create every resource of a new stack (its status is CREATE_IN_PROGRESS), or roll back."""
    run = _Run(stack, store, stack.template, stack.parameters)
    run.creating = True
    # DescribeStackResources shows a new stack's resources while they are made, as AWS does.
    stack.resources = run.resources
    try:
        _apply_guarded(run)
    except (ResourceFailure, AWSError) as error:
        run.commit()
        summary, by_resource = _failure_summary(stack, error)
        if stack.disable_rollback:
            stack.set_status("CREATE_FAILED", summary)
            return
        requested = "Rollback requested by user." if by_resource else ""
        stack.set_status("ROLLBACK_IN_PROGRESS", summary + requested)
        run.rollback()
        stack.outputs = []
        stack.set_status("ROLLBACK_COMPLETE")
        return
    run.commit()
    stack.set_status("CREATE_COMPLETE")


def update(
    stack: Stack,
    store: CloudFormationStore,
    template: dict[str, Any],
    body: str,
    parameters: dict[str, ResolvedParameter],
) -> None:
    """Apply a new template and parameters to a live stack (status UPDATE_IN_PROGRESS already set)."""
    previous = (
        stack.template,
        stack.template_body,
        stack.parameters,
        stack.outputs,
        stack.conditions,
        stack.imports,
    )
    stack.template, stack.template_body, stack.parameters = template, body, parameters
    run = _Run(stack, store, template, parameters)
    try:
        _apply_guarded(run)
    except (ResourceFailure, AWSError) as error:
        stack.set_status("UPDATE_ROLLBACK_IN_PROGRESS", _failure_summary(stack, error)[0])
        run.rollback()
        stack.resources = {name: res for name, res in run.old.items()}
        for resource in stack.resources.values():
            resource.status = "UPDATE_COMPLETE" if resource.status.startswith("UPDATE") else resource.status
        (
            stack.template,
            stack.template_body,
            stack.parameters,
            stack.outputs,
            stack.conditions,
            stack.imports,
        ) = previous
        stack.set_status("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
        stack.set_status("UPDATE_ROLLBACK_COMPLETE")
        return
    run.commit()
    stack.updated = now()
    stack.set_status("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    run.cleanup()
    stack.set_status("UPDATE_COMPLETE")


def delete(stack: Stack, store: CloudFormationStore, retain: frozenset[str] = frozenset()) -> None:
    """Delete every resource in reverse order, honouring DeletionPolicy: Retain and the
    RetainResources of a DeleteStack retried after DELETE_FAILED."""
    for name in stack.exports():
        users = [s.name for s in store.importers(name) if s.stack_id != stack.stack_id]
        if users:
            stack.set_status(
                "DELETE_FAILED", f"Export {name} cannot be deleted as it is in use by {', '.join(users)}"
            )
            return
    stack.set_status("DELETE_IN_PROGRESS", "User Initiated")
    failed = []
    for resource in reversed(_deletion_order(stack)):
        if resource.status == "DELETE_COMPLETE" or (
            not resource.physical_id and resource.status.endswith("FAILED")
        ):
            continue
        if resource.logical_id in retain:
            resource.status = "DELETE_SKIPPED"
            stack.add_event(
                resource.logical_id, resource.resource_type, "DELETE_SKIPPED", resource.physical_id
            )
            continue
        if not _delete_resource(stack, resource):
            failed.append(resource.logical_id)
    if failed:
        stack.set_status(
            "DELETE_FAILED", f"The following resource(s) failed to delete: [{', '.join(failed)}]. "
        )
        return
    stack.outputs = []
    stack.deleted = now()
    stack.set_status("DELETE_COMPLETE")


def _deletion_order(stack: Stack) -> list[StackResource]:
    """Resources in creation order (from the template's graph), so reversed is a safe deletion order."""
    resources = stack.resources
    definitions = {name: res.definition for name, res in resources.items() if res.definition}
    try:
        dependency_graph = graph.dependencies(
            definitions, set(stack.parameters), set(stack.template.get("Resources") or {}) | set(definitions)
        )
        order = graph.creation_order(dependency_graph)
    except AWSError:
        order = list(resources)
    ordered = [resources[name] for name in order if name in resources]
    ordered += [res for name, res in resources.items() if name not in definitions]
    return ordered
