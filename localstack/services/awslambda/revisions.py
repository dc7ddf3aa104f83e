"""RevisionId of a function's $LATEST, its published versions and its aliases: answered on every
configuration, alias and policy, changed by each change, and compared with the `RevisionId` a change
names (412 PreconditionFailedException when it differs). moto keeps none for functions, and keeps
its own fixed ids for aliases and policies, so ours live here."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any
from urllib.parse import parse_qsl, unquote

from werkzeug.wrappers import Response

from localstack.services.awslambda import functions
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.stores import AccountRegionStore, RegionStore

LATEST = "$LATEST"
FUNCTION_MISMATCH = (
    "The Revision Id provided does not match the latest Revision Id. "
    "Call the GetFunction/GetAlias API to retrieve the latest Revision Id"
)
POLICY_MISMATCH = (
    "The Revision Id provided does not match the latest Revision Id. "
    "Call the GetPolicy API to retrieve the latest Revision Id"
)
_PATH = re.compile(r"^/\d{4}-\d{2}-\d{2}/functions(?:/(?P<name>[^/]+)(?P<rest>/[^?]*)?)?/?$")


class Revisions(RegionStore):
    def __init__(self) -> None:
        self.ids: dict[str, dict[str, str]] = {}  # function name -> qualifier -> RevisionId


revisions = AccountRegionStore(Revisions)


def _new() -> str:
    # uuid4 draws from the request's seeded generator, so a replayed log makes the same ids.
    return str(uuid.uuid4())


def _stored(account: str, region: str, name: str, qualifier: str) -> str | None:
    return revisions[account][region].ids.get(name, {}).get(qualifier)


def _set(account: str, region: str, name: str, qualifier: str, revision: str) -> None:
    store = revisions[account][region]
    with store.lock:
        store.ids.setdefault(name, {})[qualifier] = revision


def _drop(account: str, region: str, name: str, qualifier: str | None) -> None:
    store = revisions[account][region]
    with store.lock:
        if qualifier is None:
            store.ids.pop(name, None)
        else:
            store.ids.get(name, {}).pop(qualifier, None)


def _derived(account: str, region: str, name: str, qualifier: str) -> str:
    """The id of a configuration no change of ours has touched (made by CloudFormation straight in
    moto, or before this module): fixed by what it is, so that it reads the same after a restart."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"lambda:{account}:{region}:{name}:{qualifier}"))


def _target(raw_name: str, qualifier: str | None, account: str, region: str) -> tuple[str, str, str, str]:
    """(account, region, function name, qualifier) a path's function names, `$LATEST` when unqualified."""
    account, region, name = functions.split_target(unquote(raw_name), account, region)
    name, _, derived = name.partition(":")
    return account, region, name, qualifier or derived or LATEST


def _current(account: str, region: str, name: str, qualifier: str) -> str:
    """The RevisionId a change must name: what we stored, else what the answer would show."""
    stored = _stored(account, region, name, qualifier)
    if stored is not None:
        return stored
    from moto.awslambda.models import lambda_backends

    backend = lambda_backends[account][region]
    try:
        if qualifier != LATEST and not qualifier.isdigit():
            return backend.get_alias(qualifier, name).revision_id
        backend.get_function(name, None if qualifier == LATEST else qualifier)
    except Exception:  # moto's not-found errors: moto answers the change itself
        return ""
    return _derived(account, region, name, qualifier)


def _refuse_mismatch(given: str | None, current: str, message: str) -> None:
    if given and current and given != current:
        raise AWSError("PreconditionFailedException", message, 412)


def check(method: str, path: str, data: bytes, account: str, region: str) -> None:
    """Refuse a change whose `RevisionId` is not the resource's current one (before moto applies it)."""
    match = _PATH.match(path.partition("?")[0])
    if not match or not match.group("name"):
        return
    query = dict(parse_qsl(path.partition("?")[2]))
    rest = match.group("rest") or ""
    if method == "DELETE" and rest.startswith("/policy/"):
        target = _target(match.group("name"), query.get("Qualifier"), account, region)
        _refuse_mismatch(query.get("RevisionId"), _current(*target), POLICY_MISMATCH)
        return
    if (method, rest) not in (
        ("PUT", "/code"),
        ("PUT", "/configuration"),
        ("POST", "/versions"),
        ("POST", "/policy"),
    ):
        if not (method == "PUT" and rest.startswith("/aliases/")):
            return
    try:
        body = json.loads(data or b"{}")
    except ValueError:
        return
    given = body.get("RevisionId") if isinstance(body, dict) else None
    if not isinstance(given, str) or not given:
        return
    if rest.startswith("/aliases/"):
        alias = unquote(rest.removeprefix("/aliases/"))
        target = _target(match.group("name"), alias, account, region)
        _refuse_mismatch(given, _current(*target), FUNCTION_MISMATCH)
    elif rest == "/policy":
        target = _target(match.group("name"), query.get("Qualifier"), account, region)
        _refuse_mismatch(given, _current(*target), POLICY_MISMATCH)
    else:
        target = _target(match.group("name"), LATEST, account, region)
        _refuse_mismatch(given, _current(*target), FUNCTION_MISMATCH)


def answer(method: str, path: str, response: Response, account: str, region: str) -> Response | None:
    """Record the change a successful answer made, and put the RevisionIds into the answer."""
    match = _PATH.match(path.partition("?")[0])
    if not match:
        return None
    raw = response.get_data()
    try:
        body = json.loads(raw) if raw else {}
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    query = dict(parse_qsl(path.partition("?")[2]))
    raw_name, rest = match.group("name"), match.group("rest") or ""
    answered: str | None = None  # the id this answer shows, when it is not the stored one
    if raw_name is None:
        if method == "POST" and body.get("FunctionName"):
            answered = _settle(account, region, body["FunctionName"], LATEST)
    else:
        target = _target(raw_name, query.get("Qualifier"), account, region)
        t_account, t_region, name, qualifier = target
        if method == "PUT" and rest in ("/code", "/configuration"):
            answered = _settle(t_account, t_region, name, LATEST)
        elif method == "POST" and rest == "/versions" and body.get("Version"):
            _set(t_account, t_region, name, str(body["Version"]), _new())
            _set(t_account, t_region, name, LATEST, _new())  # publishing changes $LATEST's id too
        elif method in ("POST", "PUT") and rest.startswith("/aliases") and body.get("Name"):
            _set(t_account, t_region, name, body["Name"], _new())
        elif method == "DELETE" and rest.startswith("/aliases/"):
            _drop(t_account, t_region, name, unquote(rest.removeprefix("/aliases/")))
        elif (method == "POST" and rest == "/policy") or (method == "DELETE" and rest.startswith("/policy/")):
            _set(t_account, t_region, name, qualifier, _new())
        elif method == "DELETE" and not rest:
            _drop(t_account, t_region, name, None if qualifier == LATEST else qualifier)
        if rest == "/policy" and method == "GET" and "RevisionId" in body:
            body["RevisionId"] = _current(*target)
    if not raw:
        return None  # a 204: the change is recorded, the answer stays empty
    _show(body, answered)
    response.set_data(json.dumps(body).encode())
    return response


def _settle(account: str, region: str, name: str, qualifier: str) -> str:
    """A create or update answers one id and, once it has settled (AWS: Pending -> Active, or
    InProgress -> Successful), the function has another."""
    answered = _new()
    _set(account, region, name, qualifier, _new())
    return answered


def _show(body: dict[str, Any], answered: str | None) -> None:
    if isinstance(body.get("Configuration"), dict):
        _show_configuration(body["Configuration"], None)
    for key in ("Functions", "Versions"):
        for config in body.get(key) or []:
            if isinstance(config, dict):
                _show_configuration(config, None)
    for alias in body.get("Aliases") or []:
        if isinstance(alias, dict):
            _show_alias(alias)
    if "FunctionArn" in body and "Version" in body and "FunctionName" in body:
        _show_configuration(body, answered)
    elif "AliasArn" in body:
        _show_alias(body)


def _show_configuration(config: dict[str, Any], answered: str | None) -> None:
    arn = str(config.get("FunctionArn") or "")
    parts = arn.split(":")
    if len(parts) < 7:
        return
    qualifier = str(config.get("Version") or LATEST)
    stored = _stored(parts[4], parts[3], parts[6], qualifier)
    config["RevisionId"] = answered or stored or _derived(parts[4], parts[3], parts[6], qualifier)


def _show_alias(alias: dict[str, Any]) -> None:
    parts = str(alias.get("AliasArn") or "").split(":")
    if len(parts) < 8:
        return
    stored = _stored(parts[4], parts[3], parts[6], parts[7])
    if stored is not None:
        alias["RevisionId"] = stored
