"""Serves CloudFormation's API ourselves (query protocol in, XML out): every operation is answered
here from our own deployer and state; moto's CloudFormation backend is never called."""

from __future__ import annotations

import logging
from typing import Any, Callable

from werkzeug.wrappers import Response

from localstack.services.cloudformation import (
    change_set_api,
    drift_api,
    query_api,
    stack_api,
    template_api,
)
from localstack.services.cloudformation.models import CloudFormationStore, stores
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError

LOG = logging.getLogger(__name__)

Operation = Callable[[CloudFormationStore, dict[str, Any]], dict[str, Any]]

OPERATIONS: dict[str, Operation] = {
    "CreateStack": stack_api.create_stack,
    "UpdateStack": stack_api.update_stack,
    "DeleteStack": stack_api.delete_stack,
    "DescribeStacks": stack_api.describe_stacks,
    "ListStacks": stack_api.list_stacks,
    "DescribeStackEvents": stack_api.describe_stack_events,
    "DescribeStackResources": stack_api.describe_stack_resources,
    "DescribeStackResource": stack_api.describe_stack_resource,
    "ListStackResources": stack_api.list_stack_resources,
    "UpdateTerminationProtection": stack_api.update_termination_protection,
    "ListExports": stack_api.list_exports,
    "ListImports": stack_api.list_imports,
    "SetStackPolicy": stack_api.set_stack_policy,
    "GetStackPolicy": stack_api.get_stack_policy,
    "CancelUpdateStack": stack_api.cancel_update_stack,
    "ContinueUpdateRollback": stack_api.continue_update_rollback,
    "SignalResource": stack_api.signal_resource,
    "DetectStackDrift": drift_api.detect_stack_drift,
    "DescribeStackDriftDetectionStatus": drift_api.describe_stack_drift_detection_status,
    "DescribeStackResourceDrifts": drift_api.describe_stack_resource_drifts,
    "DetectStackResourceDrift": drift_api.detect_stack_resource_drift,
    "CreateChangeSet": change_set_api.create_change_set,
    "DescribeChangeSet": change_set_api.describe_change_set,
    "ListChangeSets": change_set_api.list_change_sets,
    "ExecuteChangeSet": change_set_api.execute_change_set,
    "DeleteChangeSet": change_set_api.delete_change_set,
    "GetTemplate": template_api.get_template,
    "GetTemplateSummary": template_api.get_template_summary,
    "ValidateTemplate": template_api.validate_template,
}


def store_for(headers: Any, query: str) -> CloudFormationStore:
    account, region = request_context.account_and_region(headers, query)
    return stores[account][region]


class CloudformationListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        query = path.split("?", 1)[1] if "?" in path else ""
        params = query_api.form_params(query, data)
        action = params.get("Action", "")
        operation = OPERATIONS.get(action)
        if operation is None:
            if action in query_api.model().operation_names:
                raise AWSError(
                    "NotImplemented",
                    f"The operation {action} is not supported by this emulator.",
                    501,
                    sender=False,
                )
            raise AWSError(
                "InvalidAction", f"The action {action or '(none)'} is not valid for this web service."
            )
        request = query_api.parse_input(action, params)
        result = operation(store_for(headers, query), request)
        return query_api.xml_response(action, result)

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        return None
