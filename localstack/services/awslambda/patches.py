"""Corrections to moto's lambda backend, applied by the starter before the backend is built."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote


def apply() -> None:
    from moto.awslambda import models

    from localstack.services.awslambda.event_sources import moto_fixes

    # Mappings made by any path (CloudFormation too) are served by our pollers, never inline by moto.
    moto_fixes.apply()
    _keep_dead_letter_config(models)
    _put_event_invoke_config_replaces(models)
    _show_zero_concurrency(models)
    _refuse_duplicates(models)
    _url_invoke_mode_enum(models)
    _account_concurrency_quota()
    _layer_references(models)
    _versions_of_a_missing_function(models)
    _policy_revisions_checked_by_us()
    _invoke_config_names_latest()


def _account_concurrency_quota() -> None:
    """An account's concurrency is 1,000 by default, and reservations must leave 100 unreserved
    (PutFunctionConcurrency's "decreases account's UnreservedConcurrentExecution below its minimum
    value of [100]"). moto checks that only when this variable names the quota."""
    import os

    os.environ.setdefault("MOTO_LAMBDA_CONCURRENCY_QUOTA", "1000")


def _refuse_duplicates(models: Any) -> None:
    """AddPermission of a statement id the policy holds, and a second CreateFunctionUrlConfig, are
    refused (ResourceConflictException, 409); moto added a second statement and replaced the URL."""
    from moto.awslambda.exceptions import LambdaClientError
    from moto.awslambda.policy import Policy

    add_statement = Policy.add_statement

    def add_statement_once(self: Any, raw: str, qualifier: str | None = None) -> Any:
        sid = json.loads(raw).get("StatementId")
        if sid is not None and any(statement.get("Sid") == sid for statement in self.statements):
            raise _Conflict(
                f"The statement id ({sid}) provided already exists. Please provide a new statement id, "
                "or remove the existing statement."
            )
        return add_statement(self, raw, qualifier)

    create_url_config = models.LambdaFunction.create_url_config

    def create_url_config_once(self: Any, config: dict[str, Any]) -> Any:
        if self.url_config is not None:
            raise _Conflict(
                f"Failed to create function url config for [functionArn = {self.function_arn}]. "
                "Error message:  FunctionUrlConfig exists for this Lambda function"
            )
        return create_url_config(self, config)

    class _Conflict(LambdaClientError):
        code = 409

        def __init__(self, message: str) -> None:
            super().__init__("ResourceConflictException", message)

    Policy.add_statement = add_statement_once
    models.LambdaFunction.create_url_config = create_url_config_once
    _alias_conflicts(models, _Conflict)
    _statement_lookups(Policy)


def _alias_conflicts(models: Any, conflict: type) -> None:
    """CreateAlias of a name the function has is ResourceConflictException (moto: ConflictException,
    a code Lambda's model does not have); DeleteFunction of a version an alias points to (or routes
    to) is refused, where moto deleted it from under the alias."""
    models.ConflictException = conflict
    backend = models.LambdaBackend
    if getattr(backend.delete_function, "_ls_alias_guard", False):
        return
    delete_function = backend.delete_function

    def guarded_delete(self: Any, function_name: str, qualifier: str | None = None) -> None:
        # A qualifier in the name (`fn:1`) is one too; an ARN's is passed separately by moto.
        name, _, named_qualifier = (
            ("", "", "") if function_name.startswith("arn:") else function_name.partition(":")
        )
        version = qualifier or named_qualifier
        if version.isdigit():
            aliases = self._lambdas._get_function_aliases(name if named_qualifier else function_name)
            users = [
                alias.name
                for alias in aliases.values()
                if alias.function_version == version
                or version in ((alias.routing_config or {}).get("AdditionalVersionWeights") or {})
            ]
            if users:
                listed = ", ".join(users)
                raise conflict(
                    f"Unable to delete version because the following aliases reference it: [{listed}]"
                )
        delete_function(self, function_name, qualifier)

    guarded_delete._ls_alias_guard = True  # type: ignore[attr-defined]
    backend.delete_function = guarded_delete


def _statement_lookups(policy: Any) -> None:
    """RemovePermission of a statement id a policy does not hold names it (AWS's sentence); moto said
    the function had no policy at all, which AWS says only when it has none."""
    from moto.awslambda.exceptions import LambdaClientError

    del_statement = policy.del_statement

    class _Missing(LambdaClientError):
        code = 404

    def del_known_statement(self: Any, sid: str, revision: str = "") -> None:
        if self.statements and not any(statement.get("Sid") == sid for statement in self.statements):
            raise _Missing("ResourceNotFoundException", f"Statement {sid} is not found in resource policy.")
        del_statement(self, sid, revision)

    policy.del_statement = del_known_statement


def _url_invoke_mode_enum(models: Any) -> None:
    """A function URL's InvokeMode is the InvokeMode enum (BUFFERED by default); moto answered `Buffered`."""
    to_dict = models.FunctionUrlConfig.to_dict

    def to_dict_with_enum(self: Any) -> dict[str, Any]:
        answer = to_dict(self)
        answer["InvokeMode"] = str(answer.get("InvokeMode") or "BUFFERED").upper()
        return answer

    models.FunctionUrlConfig.to_dict = to_dict_with_enum


def _show_zero_concurrency(models: Any) -> None:
    """moto omits Concurrency from GetFunction when ReservedConcurrentExecutions is 0 (every invoke
    throttled): AWS shows it."""
    function = models.LambdaFunction
    if getattr(function, "_ls_zero_concurrency", False):
        return
    original = function.get_code

    def get_code(self: Any) -> dict:
        code = original(self)
        if self.reserved_concurrency is not None and str(self.reserved_concurrency) == "0":
            code["Concurrency"] = {"ReservedConcurrentExecutions": 0}
        return code

    function.get_code = get_code
    function._ls_zero_concurrency = True


def _keep_dead_letter_config(models: Any) -> None:
    """moto drops DeadLetterConfig from CreateFunction/UpdateFunctionConfiguration; async invokes need it."""
    function = models.LambdaFunction
    if getattr(function, "_ls_dead_letter", False):
        return
    original_init = function.__init__
    original_configuration = function.get_configuration
    original_update = function.update_configuration

    def __init__(self: Any, account_id: str, spec: dict, *args: Any, **kwargs: Any) -> None:
        original_init(self, account_id, spec, *args, **kwargs)
        self.dead_letter_config = spec.get("DeadLetterConfig") or None

    def get_configuration(self: Any, *args: Any, **kwargs: Any) -> dict:
        configuration = original_configuration(self, *args, **kwargs)
        target = (getattr(self, "dead_letter_config", None) or {}).get("TargetArn")
        if target:
            configuration["DeadLetterConfig"] = {"TargetArn": target}
        return configuration

    def update_configuration(self: Any, updates: dict) -> dict:
        if "DeadLetterConfig" in updates:
            self.dead_letter_config = updates["DeadLetterConfig"] or None
        return original_update(self, updates)

    function.__init__ = __init__
    function.get_configuration = get_configuration
    function.update_configuration = update_configuration
    function._ls_dead_letter = True


def _put_event_invoke_config_replaces(models: Any) -> None:
    """moto appends on every Put and reads the first: a second PutFunctionEventInvokeConfig was ignored.
    AWS replaces the config on Put and merges the given fields on Update."""
    backend = models.LambdaBackend
    if getattr(backend, "_ls_invoke_config", False):
        return

    def put(self: Any, function_name: str, config: dict) -> dict:
        function = self.get_function(function_name)
        event_config = models.EventInvokeConfig(function.function_arn, function.last_modified, config)
        function.event_invoke_config = [event_config]
        return event_config.response()

    def update(self: Any, function_name: str, config: dict) -> dict:
        function = self.get_function(function_name)
        current = function.event_invoke_config[0].config if function.event_invoke_config else {}
        return put(self, function_name, {**current, **config})

    backend.put_function_event_invoke_config = put
    backend.update_function_event_invoke_config = update
    backend._ls_invoke_config = True


def _layer_references(models: Any) -> None:
    """A function references at most 5 layers, each an existing layer version; moto allowed any
    number and answered a missing one with ResourceNotFoundException naming the whole list."""
    from moto.awslambda.exceptions import InvalidParameterValueException

    get_layers_data = models.LambdaFunction._get_layers_data

    def checked(self: Any, layers_versions_arns: list[str]) -> Any:
        if len(layers_versions_arns) > 5:
            raise InvalidParameterValueException("Cannot reference more than 5 layers.")
        backend = models.get_backend(self.account_id, self.region)
        for arn in layers_versions_arns:
            if not backend.layers_versions_by_arn(arn):
                raise InvalidParameterValueException(f"Layer version {arn} does not exist.")
        return get_layers_data(self, layers_versions_arns)

    models.LambdaFunction._get_layers_data = checked


def _versions_of_a_missing_function(models: Any) -> None:
    """ListVersionsByFunction of a function that does not exist is ResourceNotFoundException; moto
    answered an empty list (also for every function named by its ARN)."""
    from moto.awslambda.exceptions import UnknownFunctionException

    list_versions = models.LambdaStorage.list_versions_by_function

    def list_versions_by_function(self: Any, name: str) -> Any:
        name = unquote(name)  # moto passes the path's label still quoted (an ARN's colons)
        if name.startswith("arn:") and len(name.split(":")) > 6:
            name = name.split(":")[6]
        if name not in self._functions:
            raise UnknownFunctionException(models.make_function_arn(self.region_name, self.account_id, name))
        return list_versions(self, name)

    models.LambdaStorage.list_versions_by_function = list_versions_by_function


def _policy_revisions_checked_by_us() -> None:
    """A function policy's `RevisionId` is the function's (revisions.py checks it before moto runs);
    moto compared it with a policy id of its own that nothing else answers. A layer version's policy
    keeps its own id, refused in AWS's recorded words (PreconditionFailedException, 412)."""
    from moto.awslambda.exceptions import LambdaClientError
    from moto.awslambda.models import LayerVersion
    from moto.awslambda.policy import Policy

    add_statement, del_statement = Policy.add_statement, Policy.del_statement

    class _PreconditionFailed(LambdaClientError):
        code = 412

        def __init__(self, message: str) -> None:
            super().__init__("PreconditionFailedException", message)

    def check_layer(policy: Any, revision: str | None) -> None:
        if isinstance(policy.parent, LayerVersion) and revision and revision != policy.revision:
            raise _PreconditionFailed(
                "The Revision Id provided does not match the latest Revision Id. "
                "Call the GetLayerPolicy API to retrieve the latest Revision Id"
            )

    def add_checked(self: Any, raw: str, qualifier: str | None = None) -> Any:
        # (A layer's AddLayerVersionPermission names its RevisionId in the query: request_rules.py.)
        request = json.loads(raw)
        request.pop("RevisionId", None)
        return add_statement(self, json.dumps(request), qualifier)

    def del_checked(self: Any, sid: str, revision: Any = "") -> None:
        if isinstance(revision, list):  # moto passes the query string's list of values
            revision = revision[0] if revision else ""
        check_layer(self, revision)
        del_statement(self, sid, "")

    Policy.add_statement = add_checked
    Policy.del_statement = del_checked


def _invoke_config_names_latest() -> None:
    """A function without an event invoke config is named with `:$LATEST` when unqualified, as AWS's
    recorded answer has it; moto named the bare function ARN."""
    from moto.awslambda.exceptions import UnknownEventConfig

    init = UnknownEventConfig.__init__

    def init_naming_latest(self: Any, arn: str) -> None:
        init(self, f"{arn}:$LATEST" if len(arn.split(":")) == 7 else arn)

    UnknownEventConfig.__init__ = init_naming_latest  # type: ignore[method-assign]
