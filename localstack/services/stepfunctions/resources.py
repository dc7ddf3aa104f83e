"""ARN checks and tag lookups of the stepfunctions backend, answered with AWS's codes and messages."""

from __future__ import annotations

import re
from typing import Any, Pattern

from moto.stepfunctions.exceptions import InvalidArn, ResourceNotFound

# arn:partition:states:region:account:type:...
_ARN = re.compile(r"^arn:[^:]+:states:[^:]*:[^:]*:(?P<type>[^:]+)(?::|$)")


class ResourceChecks:
    """Mixed into the backend before moto's StepFunctionBackend (whose methods it refines)."""

    state_machines: list[Any]
    activities: dict[str, Any]

    def _validate_arn(self, arn: str, regex: Pattern[str], invalid_msg: str) -> None:
        # AWS checks the prefix, then the resource type, then the rest, the same way for every ARN
        # parameter; moto answered "Invalid State Machine Arn: 'x'" or "Execution Does Not Exist: 'x'".
        if not arn or not arn.startswith("arn:"):
            raise InvalidArn(f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
        if not regex.match(arn):
            match = _ARN.match(arn)
            if match is not None and f":{match.group('type')}:" not in regex.pattern:
                raise InvalidArn(
                    f"Invalid Arn: 'Resource type not valid in this context: {match.group('type')}'"
                )
            if ":states:" in regex.pattern:
                raise InvalidArn(f"Invalid Arn: '{arn}'")
            super()._validate_arn(arn, regex, invalid_msg)  # type: ignore[misc]

    def _require_taggable(self, arn: str) -> None:
        """State machines and activities carry tags; AWS refuses any other ARN as not found."""
        if not arn or not arn.startswith("arn:"):
            raise InvalidArn(f"Invalid Arn: 'Invalid ARN prefix: {arn}'")
        if arn in self.activities or any(machine.arn == arn for machine in self.state_machines):
            return
        raise ResourceNotFound(arn)

    def tag_resource(self, arn: str, tags: dict[str, str]) -> None:
        self._require_taggable(arn)
        super().tag_resource(arn, tags)  # type: ignore[misc]

    def untag_resource(self, arn: str, tag_keys: list[str]) -> None:
        self._require_taggable(arn)
        super().untag_resource(arn, tag_keys)  # type: ignore[misc]

    def list_tags_for_resource(self, arn: str) -> dict[str, list[dict[str, str]]]:
        self._require_taggable(arn)
        return super().list_tags_for_resource(arn)  # type: ignore[misc,no-any-return]
