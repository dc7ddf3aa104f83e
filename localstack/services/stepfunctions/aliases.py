"""State machine aliases as AWS checks them: routing to versions only, each once, weights summing to 100;
CreateStateMachineAlias repeated with the same request answers the alias it made, any other is a conflict."""

from __future__ import annotations

import random
from typing import Any

from moto.core.exceptions import AWSError


class ConflictException(AWSError):
    TYPE = "ConflictException"


class AliasNotFound(AWSError):
    TYPE = "ResourceNotFound"


def _is_version_arn(arn: str) -> bool:
    # arn:aws:states:<region>:<account>:stateMachine:<name>:<version number>
    parts = arn.split(":")
    return len(parts) == 8 and parts[5] == "stateMachine" and parts[7].isdigit()


def check_routing(routes: list[dict[str, Any]]) -> None:
    """The routing configuration's errors, in the wording AWS answers (recorded)."""
    from moto.stepfunctions.exceptions import ValidationException

    arns = [route.get("stateMachineVersionArn", "") for route in routes]
    if not all(_is_version_arn(arn) for arn in arns):
        raise ValidationException(
            f"Routing configuration must contain state machine version ARNs. Received: [{', '.join(arns)}]"
        )
    if len(set(arns)) != len(arns):
        raise ValidationException(
            "Routing configuration must contain distinct state machine version ARNs. "
            f"Received: [{', '.join(arns)}]"
        )
    weights = [route.get("weight", 0) for route in routes]
    if sum(weights) != 100:
        raise ValidationException(
            f"Sum of routing configuration weights must equal 100. Received: [{', '.join(map(str, weights))}]"
        )
    machines = {arn.rsplit(":", 1)[0] for arn in arns}
    if len(machines) > 1:
        raise ValidationException("Both stateMachineVersionArn values must belong to the same state machine.")


def _existing_alias(backend: Any, name: str, routes: list[dict[str, Any]]) -> Any:
    machine_arn = routes[0]["stateMachineVersionArn"].rsplit(":", 1)[0]
    machine = next((sm for sm in backend.state_machines if sm.arn == machine_arn), None)
    return None if machine is None else machine.aliases.get(name)


def resolve(backend: Any, arn: str) -> tuple[str, Any]:
    """(the ARN to run, the alias it came through or None): an alias ARN runs one of the versions it
    routes to, picked by weight."""
    machine_arn, _, name = arn.rpartition(":")
    if not machine_arn or name.isdigit() or ":stateMachine:" not in machine_arn:
        return arn, None
    machine = next((sm for sm in backend.state_machines if sm.arn == machine_arn), None)
    alias = None if machine is None else machine.aliases.get(name)
    if alias is None:
        return arn, None
    routes = alias.routing_configuration or []
    weights = [route["weight"] for route in routes]
    picked = random.choices(routes, weights=weights)[0] if sum(weights) else routes[0]
    return picked["stateMachineVersionArn"], alias


def _routing_key(routes: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return sorted((route["stateMachineVersionArn"], route["weight"]) for route in routes)


def install() -> None:
    from moto.core.responses import ActionResult, EmptyResult
    from moto.stepfunctions.exceptions import ResourceNotFound
    from moto.stepfunctions.responses import StepFunctionResponse

    original_create = StepFunctionResponse.create_state_machine_alias

    def create_state_machine_alias(self: Any) -> ActionResult:
        routes = self._get_param("routingConfiguration") or []
        check_routing(routes)
        alias = _existing_alias(self.stepfunction_backend, self._get_param("name"), routes)
        if alias is None:
            return original_create(self)
        same_routes = _routing_key(alias.routing_configuration or []) == _routing_key(routes)
        if not same_routes or alias.description != self._get_param("description"):
            raise ConflictException(
                "Failed to create alias because an alias with the same name and a different routing "
                "configuration already exists."
            )
        return ActionResult({"creationDate": alias.creation_date, "stateMachineAliasArn": alias.arn})

    original_delete = StepFunctionResponse.delete_state_machine_alias
    original_update = StepFunctionResponse.update_state_machine_alias

    def delete_state_machine_alias(self: Any) -> Any:
        try:
            return original_delete(self)
        except ResourceNotFound:
            return EmptyResult()  # gone already: deleting is idempotent (recorded)

    def update_state_machine_alias(self: Any) -> Any:
        try:
            return original_update(self)
        except ResourceNotFound:
            raise AliasNotFound("Request references a resource that does not exist.") from None

    StepFunctionResponse.create_state_machine_alias = create_state_machine_alias
    StepFunctionResponse.delete_state_machine_alias = delete_state_machine_alias
    StepFunctionResponse.update_state_machine_alias = update_state_machine_alias
    StepFunctionResponse._validate_routing_configuration = lambda self, routes: check_routing(routes)
