"""What intrinsic functions see of a stack while it deploys: parameters, conditions, mappings, the
resources made so far, and the exports of the other stacks of its account and region."""

from __future__ import annotations

from typing import Any

from localstack.services.cloudformation import intrinsics, providers
from localstack.services.cloudformation.models import CloudFormationStore, Stack, StackResource
from localstack.services.cloudformation.parameters import ResolvedParameter
from localstack.utils.aws.errors import AWSError


class StackView:
    def __init__(
        self,
        stack: Stack,
        store: CloudFormationStore | None,
        template: dict[str, Any],
        parameters: dict[str, ResolvedParameter],
        resources: dict[str, StackResource] | None = None,
    ) -> None:
        self.stack = stack
        self.store = store
        self.template = template
        self.parameters = parameters
        self.resources = resources if resources is not None else {}
        self.account_id = stack.account_id
        self.region = stack.region
        self.stack_name = stack.name
        self.stack_id = stack.stack_id
        self.notification_arns = stack.notification_arns
        self.imports: set[str] = set()
        self._conditions: dict[str, bool] = {}
        self._evaluating: set[str] = set()

    # -- what intrinsics ask --
    def parameter(self, name: str) -> Any | None:
        parameter = self.parameters.get(name)
        return None if parameter is None else parameter.value

    def is_resource(self, name: str) -> bool:
        return name in (self.template.get("Resources") or {})

    def ref_resource(self, name: str) -> Any:
        resource = self.resources.get(name)
        if resource is None or not resource.physical_id:
            raise AWSError("ValidationError", f"Template error: resource {name} is not available for Ref")
        return resource.ref if resource.ref is not None else resource.physical_id

    def get_att(self, name: str, attribute: str) -> Any:
        resource = self.resources.get(name)
        if resource is None or not resource.physical_id:
            raise AWSError(
                "ValidationError", f"Template error: resource {name} is not available for Fn::GetAtt"
            )
        if attribute in resource.attributes:
            return resource.attributes[attribute]
        provider = providers.provider_for(resource.resource_type)
        if provider is not None and attribute == provider.id_attribute:
            return resource.physical_id
        raise AWSError(
            "ValidationError",
            f"Template error: resource {name} does not support attribute type {attribute} in Fn::GetAtt",
        )

    def import_value(self, name: str) -> Any:
        exports = self.store.exports() if self.store is not None else {}
        if name not in exports:
            raise AWSError("ValidationError", f"No export named {name} found.")
        self.imports.add(name)
        return exports[name][0]

    def mapping(self, name: str) -> dict[str, Any] | None:
        return (self.template.get("Mappings") or {}).get(name)

    def condition(self, name: str) -> bool:
        if name in self._conditions:
            return self._conditions[name]
        definitions = self.template.get("Conditions") or {}
        if name not in definitions:
            raise AWSError(
                "ValidationError", f"Template format error: Unresolved condition dependency {name} in Fn::If"
            )
        if name in self._evaluating:
            raise AWSError("ValidationError", f"Template error: Circular condition dependency {name}")
        self._evaluating.add(name)
        try:
            value = intrinsics.resolve(self, definitions[name])
        finally:
            self._evaluating.discard(name)
        result = value.lower() == "true" if isinstance(value, str) else bool(value)
        self._conditions[name] = result
        return result

    # -- what the deployer asks --
    def all_conditions(self) -> dict[str, bool]:
        return {name: self.condition(name) for name in self.template.get("Conditions") or {}}

    def included(self, definition: dict[str, Any]) -> bool:
        name = definition.get("Condition")
        return True if name is None else self.condition(str(name))

    def resolve(self, value: Any) -> Any:
        return intrinsics.resolve(self, value)
