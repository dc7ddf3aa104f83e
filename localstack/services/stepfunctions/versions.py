"""State machine versions by their own operations (PublishStateMachineVersion, ListStateMachineVersions,
DeleteStateMachineVersion), which moto's responses lack; its backend already keeps the versions that
CreateStateMachine/UpdateStateMachine publish."""

from __future__ import annotations

import uuid
from typing import Any

from localstack.services.stepfunctions.aliases import ConflictException


def revision_of(instance: Any) -> tuple[Any, ...]:
    """What a version freezes of its state machine: publishing an unchanged revision again answers the
    version already published (the API reference: PublishStateMachineVersion is idempotent)."""
    return (
        instance.definition,
        instance.roleArn,
        repr(instance.loggingConfiguration),
        repr(instance.tracingConfiguration),
        repr(instance.encryptionConfiguration),
    )


def publish_if_changed(machine: Any, description: str | None) -> Any:
    """The machine's latest version, published now unless it already freezes the current revision."""
    latest = machine.latest_version
    if latest is None or revision_of(latest) != revision_of(machine):
        machine.publish(description)
        latest = machine.latest_version
        latest.revision_id = getattr(machine, "revision_id", None)
    return latest


def update_revision(machine: Any, before: tuple[Any, ...]) -> None:
    """An update that changed what a version freezes makes a new revision (recorded: an update that
    changed nothing answers no revisionId)."""
    if revision_of(machine) != before:
        machine.revision_id = str(uuid.uuid4())


def _checked_by_the_machine(self: Any, name: str, execution_input: str | None) -> None:
    """A version's executions are the machine's: the backend checks names against the machine's."""
    return None


def install() -> None:
    from moto.core.responses import ActionResult, EmptyResult
    from moto.stepfunctions.exceptions import InvalidArn, StateMachineDoesNotExist
    from moto.stepfunctions.responses import StepFunctionResponse

    def base_machine(backend: Any, arn: str) -> Any:
        machine = next((sm for sm in backend.state_machines if sm.arn == arn), None)
        if machine is None:
            backend._validate_machine_arn(arn)
            raise StateMachineDoesNotExist(f"State Machine Does Not Exist: '{arn}'")
        return machine

    def publish_state_machine_version(self: Any) -> ActionResult:
        machine = base_machine(self.stepfunction_backend, self._get_param("stateMachineArn"))
        current = getattr(machine, "revision_id", None)
        expected = self._get_param("revisionId")
        if expected is not None and expected != current:
            raise ConflictException(
                f"Failed to publish the State Machine version for revision {expected}. "
                f"The current State Machine revision is {current}."
            )
        latest = publish_if_changed(machine, self._get_param("description"))
        return ActionResult({"creationDate": latest.creation_date, "stateMachineVersionArn": latest.arn})

    def list_state_machine_versions(self: Any) -> ActionResult:
        machine = base_machine(self.stepfunction_backend, self._get_param("stateMachineArn"))
        versions = [machine.versions[number] for number in sorted(machine.versions, reverse=True)]
        token = self._get_param("nextToken")
        start = int(token) if isinstance(token, str) and token.isdigit() else 0
        limit = self._get_param("maxResults") or 100
        page = versions[start : start + limit]
        answer: dict[str, Any] = {
            "stateMachineVersions": [
                {"stateMachineVersionArn": version.arn, "creationDate": version.creation_date}
                for version in page
            ]
        }
        if start + limit < len(versions):
            answer["nextToken"] = str(start + limit)
        return ActionResult(answer)

    def delete_state_machine_version(self: Any) -> EmptyResult:
        arn = self._get_param("stateMachineVersionArn")
        source, _, number = arn.rpartition(":")
        if not number.isdigit():
            raise InvalidArn(f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
        machine = next((sm for sm in self.stepfunction_backend.state_machines if sm.arn == source), None)
        if machine is None or int(number) not in machine.versions:
            return EmptyResult()  # already gone: deleting is idempotent, as DeleteStateMachine is
        aliases = [
            alias.name
            for alias in machine.aliases.values()
            if any(route.get("stateMachineVersionArn") == arn for route in alias.routing_configuration or [])
        ]
        if aliases:
            raise ConflictException(
                "Version to be deleted must not be referenced by an alias. Current list of aliases "
                f"referencing this version: [{', '.join(aliases)}]"
            )
        version = machine.versions.pop(int(number))
        if machine.latest_version is version:
            machine.latest_version = None
        return EmptyResult()

    original_update = StepFunctionResponse.update_state_machine
    original_describe = StepFunctionResponse._describe_state_machine

    def update_state_machine(self: Any) -> ActionResult:
        """UpdateStateMachine answers the revision it made (the backend makes it), if any (recorded)."""
        answer = original_update(self)
        machine = base_machine(self.stepfunction_backend, self._get_param("stateMachineArn"))
        revision = getattr(machine, "revision_id", None)
        if revision:
            answer.result["revisionId"] = revision
        return answer

    def describe_state_machine(self: Any, arn: str) -> ActionResult:
        answer = original_describe(self, arn)
        revision = getattr(self.stepfunction_backend.describe_state_machine(arn), "revision_id", None)
        if revision:
            answer.result["revisionId"] = revision
        return answer

    from moto.stepfunctions.models import StateMachineVersion

    StateMachineVersion._handle_name_input_idempotency = _checked_by_the_machine
    StepFunctionResponse.update_state_machine = update_state_machine
    StepFunctionResponse._describe_state_machine = describe_state_machine
    StepFunctionResponse.publish_state_machine_version = publish_state_machine_version
    StepFunctionResponse.list_state_machine_versions = list_state_machine_versions
    StepFunctionResponse.delete_state_machine_version = delete_state_machine_version
