"""No malformed request gets a 5xx: for every operation of the botocore models of our JSON, rest-json,
query, ec2, rest-xml and rpc-v2-cbor services (the last in the JSON protocol they also speak),
requests with one member mutated (null, a wrong JSON type, an empty object, an oversized number) are
sent signed through the edge, and each answer is a 4xx in AWS's error shape (or
a success, or 501 for an operation moto lacks).

Operations and mutations are sampled deterministically to keep the run short; `NO_5XX_FULL=1` sends
every mutation of every operation (minutes, for hunting; `NO_5XX_SERVICES=ssm,logs` narrows it)."""

from __future__ import annotations

import json
import os
import time
import zlib
from typing import Any, Iterator
from urllib.parse import urlencode

import botocore.session
import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.serialize import create_serializer

from localstack import constants

# An account and region of their own: what the mutated calls create stays out of the other tests' way.
ACCOUNT = "555566667777"
REGION = "sa-east-1"
FULL = os.environ.get("NO_5XX_FULL") == "1"
# Services with their own package here, every operation; moto-only services, a sample of each.
PACKAGED = (
    "ssm",
    "secretsmanager",
    "logs",
    "kinesis",
    "stepfunctions",
    "lambda",
    "apigateway",
    "iam",
    "sts",
    "kms",
    "sqs",
    "sns",
    "events",
    "dynamodb",
    "cloudformation",
)
SAMPLED = {"ec2": 10}  # every Nth operation
MOTO_ONLY_OPERATIONS = 5  # operations per moto-only service
MUTATIONS_PER_OPERATION = 3  # per operation of a packaged service; 2 for the sampled ones
PROTOCOLS = ("json", "rest-json", "query", "ec2", "rest-xml")
# Services swept elsewhere with cases of their own.
ELSEWHERE: frozenset[str] = frozenset()
BIG = 10**40
# Operations whose backend still crashes on a request of the right shape (moto's own defects), not yet
# answered in front of moto. Each one fixed leaves this list. A backend crash on a lookup of what the
# request names is answered by utils/aws/crash_blame.py; these crash otherwise:
KNOWN_5XX = frozenset(
    (
        # S3 is the S3 package's (another helper's area): moto's S3 has no bucket metadata configurations
        # and crashes reading their bodies (KeyError 'key' in _bucket_response_post).
        ("s3", "CreateBucketMetadataConfiguration"),
        ("s3", "CreateBucketMetadataTableConfiguration"),
    )
)

# 500s AWS itself answers (recorded), in AWS's error shape: UpdateArchive naming only an archive that does
# not exist gets a retryable InternalException (tests/integration/test_events_fidelity.py).
RECORDED_5XX = {("events", "UpdateArchive"): b"Service encountered unexpected problem. Please try again."}

_session = botocore.session.get_session()
_http = requests.Session()  # kept-alive connections: a third of the run is connection set-up otherwise


def _services() -> list[str]:
    chosen = os.environ.get("NO_5XX_SERVICES")
    if chosen:
        return chosen.split(",")
    names = list(PACKAGED) + list(SAMPLED)
    names += sorted(
        name
        for name, protocol in constants.PROTOCOLS.items()
        if name not in names and protocol in PROTOCOLS + ("smithy-rpc-v2-cbor",) and name not in ELSEWHERE
    )
    return names


def _protocol(model: Any) -> str:
    """The protocol the sweep speaks: a CBOR service whose model also lists JSON gets JSON (the CBOR
    listener passes it through to moto as it is; CBOR's own hostile cases are its tests')."""
    if model.protocol == "smithy-rpc-v2-cbor" and "json" in model.metadata.get("protocols", ()):
        return "json"
    return model.protocol


def _example(shape: Any, depth: int = 0) -> Any:
    """A value of the shape a real call could carry: required members only, minimal sizes."""
    kind = shape.type_name
    if kind == "structure":
        if depth > 4:
            return {}
        return {name: _example(shape.members[name], depth + 1) for name in shape.required_members}
    if kind == "list":
        return [_example(shape.member, depth + 1)] if shape.metadata.get("min", 0) > 0 else []
    if kind == "map":
        return {"k": _example(shape.value, depth + 1)} if shape.metadata.get("min", 0) > 0 else {}
    if kind == "string":
        if shape.enum:
            return shape.enum[0]
        size = max(int(shape.metadata.get("min", 1)), 1)
        return ("nofive" * (size // 6 + 1))[:size] if size < 2048 else "a" * size
    if kind in ("integer", "long"):
        return int(shape.metadata.get("min", 1))
    if kind in ("double", "float"):
        return float(shape.metadata.get("min", 1))
    if kind == "boolean":
        return True
    if kind == "timestamp":
        return 1_700_000_000
    if kind == "blob":
        return b"a"
    return "x"


def _junk(shape: Any) -> list[Any]:
    """Null, a wrong JSON type, an empty object and an oversized number for a member of this shape."""
    kind = shape.type_name
    wrong = {"structure": [1], "list": "x", "map": [1], "string": {"a": 1}, "blob": 5, "boolean": "x"}
    return [None, wrong.get(kind, "x"), {}, BIG if kind in ("integer", "long", "double", "float") else -BIG]


def _body_members(shape: Any) -> dict[str, Any]:
    return {
        name: member for name, member in shape.members.items() if not member.serialization.get("location")
    }


def _mutations(op: Any) -> Iterator[tuple[str, list, Any]]:
    """(description, path of wire names, junk): one member at the top or one level down."""
    shape = op.input_shape
    if shape is None:
        return
    for name, member in _body_members(shape).items():
        wire = member.serialization.get("name", name)
        for junk in _junk(member):
            yield f"{name}={junk!r}", [wire], junk
        inner = member.member if member.type_name == "list" else member
        if inner.type_name == "structure":
            for sub_name, sub in inner.members.items():
                path = [wire, 0, sub_name] if member.type_name == "list" else [wire, sub_name]
                for junk in _junk(sub)[:2]:
                    yield f"{name}.{sub_name}={junk!r}", path, junk


def _wire(shape: Any, value: Any) -> Any:
    """Base params keyed by wire names, as a JSON body carries them (blobs base64, as botocore does)."""
    if shape.type_name == "structure" and isinstance(value, dict):
        out = {}
        for name, item in value.items():
            member = shape.members[name]
            if member.serialization.get("location"):
                continue
            out[member.serialization.get("name", name)] = _wire(member, item)
        return out
    if shape.type_name == "list" and isinstance(value, list):
        return [_wire(shape.member, item) for item in value]
    if shape.type_name == "map" and isinstance(value, dict):
        return {key: _wire(shape.value, item) for key, item in value.items()}
    if shape.type_name == "blob" and isinstance(value, bytes):
        return "YQ=="
    return value


def _put(body: dict, path: list, junk: Any) -> dict:
    """A copy of the body with `junk` at `path` (list index 0 and missing structures made on the way)."""
    body = json.loads(json.dumps(body))
    target: Any = body
    for position, segment in enumerate(path[:-1]):
        empty: Any = [] if isinstance(path[position + 1], int) else {}
        if isinstance(segment, int):
            if not target:
                target.append(empty)
            target = target[segment]
        else:
            if not isinstance(target.get(segment), type(empty)):
                target[segment] = empty
            target = target[segment]
    if isinstance(path[-1], int) and not target:
        target.append(junk)
    else:
        target[path[-1]] = junk
    return body


def _sampled(service: str, model: Any) -> list[str]:
    names = sorted(model.operation_names)
    if FULL:
        return names
    if service in SAMPLED:
        return names[:: SAMPLED[service]]
    if service in PACKAGED:
        return names
    step = max(len(names) // MOTO_ONLY_OPERATIONS, 1)
    return names[::step][:MOTO_ONLY_OPERATIONS]


def _cases() -> Iterator[tuple[str, str, str, list, Any]]:
    for service in _services():
        try:
            model = _session.get_service_model(service)
        except Exception:
            continue
        if _protocol(model) not in PROTOCOLS:
            continue
        for operation in _sampled(service, model):
            mutations = list(_mutations(model.operation_model(operation)))
            cap = MUTATIONS_PER_OPERATION if service in PACKAGED else MUTATIONS_PER_OPERATION - 1
            if not FULL and len(mutations) > cap:
                # A different slice per operation, so that over all operations every kind is sent.
                start = zlib.crc32(operation.encode()) % len(mutations)
                stride = max(len(mutations) // cap, 1)
                picks = range(cap)
                mutations = [mutations[(start + i * stride) % len(mutations)] for i in picks]
            for description, path, junk in mutations:
                yield service, operation, description, path, junk


def _request(base_url: str, service: str, operation: str, path: list, junk: Any) -> requests.Response:
    model = _session.get_service_model(service)
    op = model.operation_model(operation)
    params = _example(op.input_shape) if op.input_shape is not None else {}
    protocol = _protocol(model)
    headers: dict[str, str] = {}
    if protocol == "json":
        url = base_url + "/"
        version = model.metadata.get("jsonVersion", "1.0")
        headers["X-Amz-Target"] = f"{model.metadata['targetPrefix']}.{operation}"
        headers["Content-Type"] = f"application/x-amz-json-{version}"
        body = json.dumps(_put(_wire(op.input_shape, params), path, junk)).encode()
        method = "POST"
    elif protocol == "rest-xml":
        serialized = _rest_xml_request(op, params, path, junk)
        url = base_url + serialized["url_path"]
        if serialized["query_string"]:
            url += "?" + urlencode(serialized["query_string"], doseq=True)
        headers.update({k: v for k, v in serialized["headers"].items() if isinstance(v, str)})
        method = serialized["method"]
        body = serialized["body"] if isinstance(serialized["body"], bytes) else b""
    else:
        serialized = create_serializer(protocol, include_validation=False).serialize_to_request(params, op)
        url = base_url + serialized["url_path"]
        if serialized["query_string"]:
            url += "?" + urlencode(serialized["query_string"], doseq=True)
        headers.update({k: v for k, v in serialized["headers"].items() if isinstance(v, str)})
        method = serialized["method"]
        if protocol == "rest-json":
            payload = op.input_shape.serialization.get("payload") if op.input_shape else None
            if payload:
                body = serialized["body"] if isinstance(serialized["body"], bytes) else b""
            else:
                body = json.dumps(_put(_wire(op.input_shape, params), path, junk)).encode()
                headers["Content-Type"] = "application/json"
        else:
            form = dict(serialized["body"])
            # `path[0]` is the JSON wire name (EC2's `dryRun`); the form spells it by the member.
            members = op.input_shape.members if op.input_shape else {}
            name = next((n for n, m in members.items() if m.serialization.get("name", n) == path[0]), path[0])
            member = members.get(name)
            wire = _query_wire(member, name, protocol == "ec2") if member is not None else path[0]
            if junk is None:
                form.pop(wire, None)
            else:
                form[wire] = "" if junk == {} else str(junk)
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8"
    request = AWSRequest(method=method, url=url, data=body, headers=headers)
    signing = model.signing_name
    SigV4Auth(Credentials(ACCOUNT, "secret"), signing, REGION).add_auth(request)
    return _http.request(method, url, data=body, headers=dict(request.headers), timeout=30)


def _rest_xml_request(op: Any, params: dict, path: list, junk: Any) -> dict:
    """botocore's rest-xml request for params with `junk` at `path` (wire names, as `_mutations`
    gives them); junk the serializer cannot write as the member's type goes as its text."""
    serializer = create_serializer("rest-xml", include_validation=False)
    mutated = json.loads(json.dumps(params, default=lambda value: "YQ=="))
    target, shape = mutated, op.input_shape
    for position, segment in enumerate(path):
        last = position == len(path) - 1
        if isinstance(segment, int):
            continue  # the list's first item: entered with its member below
        spelled = {m.serialization.get("name", n): n for n, m in shape.members.items()}
        name = spelled.get(segment, segment)
        member = shape.members.get(name)
        if member is None or not isinstance(target, dict):
            return serializer.serialize_to_request(params, op)
        if last:
            if junk is None:
                target.pop(name, None)
            else:
                target[name] = junk
            break
        inner = member.member if member.type_name == "list" else member
        default: Any = [{}] if member.type_name == "list" else {}
        if not isinstance(target.get(name), type(default)) or not target.get(name):
            target[name] = default
        target = target[name][0] if member.type_name == "list" else target[name]
        shape = inner
    try:
        return serializer.serialize_to_request(mutated, op)
    except Exception:  # noqa: BLE001 - junk botocore cannot write as that type: send its text
        if junk is not None:
            target[name] = "" if junk == {} else str(junk)
        try:
            return serializer.serialize_to_request(mutated, op)
        except Exception:  # noqa: BLE001
            return serializer.serialize_to_request(params, op)


def _query_wire(shape: Any, name: str, ec2: bool) -> str:
    if not ec2:
        return shape.serialization.get("name", name)
    wire = shape.serialization.get("queryName") or shape.serialization.get("name") or name
    return wire[0].upper() + wire[1:]


def _well_formed_error(response: requests.Response) -> bool:
    body = response.content
    if b"Traceback" in body or b"<html" in body.lower()[:200]:
        return False
    if response.headers.get("x-amzn-ErrorType"):
        return True
    stripped = body.lstrip()
    if stripped.startswith(b"{"):
        try:
            document = json.loads(body)
        except ValueError:
            return False
        return isinstance(document, dict) and any(key in document for key in ("__type", "code", "Code"))
    return b"<Code>" in body


def _failure(response: requests.Response) -> str | None:
    status = response.status_code
    if status == 501 and (b"NotImplemented" in response.content or b"Not implemented by" in response.content):
        return None  # an operation moto lacks
    if status >= 500:
        return f"{status} {response.content[:300]!r}"
    if status >= 400 and not _well_formed_error(response):
        return f"{status} not AWS-shaped: {response.content[:300]!r}"
    return None


@pytest.fixture(scope="module")
def served(server) -> frozenset[str]:
    health = requests.get(f"{server.edge_url}/_localstack/health", timeout=10).json()
    return frozenset(health.get("services", {}))


def test_no_mutated_request_gets_a_server_error(server, served):
    failures = []
    sent = 0
    timing: dict[str, float] = {}
    for service, operation, description, path, junk in _cases():
        known = (service, operation) in KNOWN_5XX or (service, "*") in KNOWN_5XX
        if service not in served or known and not FULL:
            continue
        started = time.perf_counter()
        response = _request(server.edge_url, service, operation, path, junk)
        timing[service] = timing.get(service, 0.0) + time.perf_counter() - started
        sent += 1
        problem = _failure(response)
        recorded = RECORDED_5XX.get((service, operation))
        if problem and recorded and response.status_code == 500 and recorded in response.content:
            problem = None
        if problem:
            failures.append(f"{service} {operation} {description}: {problem}")
    if os.environ.get("NO_5XX_REPORT"):
        with open(os.environ["NO_5XX_REPORT"], "w") as report:
            report.write(f"sent {sent}\n" + json.dumps(timing, indent=1) + "\n" + "\n".join(failures))
    assert sent > (1000 if not os.environ.get("NO_5XX_SERVICES") else 0)
    assert failures == [], f"{len(failures)} of {sent}"


def _json_call(server, service: str, operation: str, body: dict) -> requests.Response:
    model = _session.get_service_model(service)
    headers = {
        "X-Amz-Target": f"{model.metadata['targetPrefix']}.{operation}",
        "Content-Type": f"application/x-amz-json-{model.metadata.get('jsonVersion', '1.0')}",
    }
    data = json.dumps(body).encode()
    request = AWSRequest(method="POST", url=server.edge_url + "/", data=data, headers=headers)
    SigV4Auth(Credentials(ACCOUNT, "secret"), model.signing_name, REGION).add_auth(request)
    return _http.post(server.edge_url + "/", data=data, headers=dict(request.headers), timeout=30)


def test_null_members_are_read_as_absent(server):
    # AWS's deserializers read a null member as one not sent: these were moto's 500s.
    response = _json_call(
        server,
        "ssm",
        "GetParametersByPath",
        {"Path": "/nofive", "ParameterFilters": [{"Key": "Type", "Option": "Equals", "Values": None}]},
    )
    # Values absent: SSM's own answer for a Type filter without values, no longer a crash.
    assert response.status_code == 400, response.text
    assert response.json()["__type"] == "InvalidFilterValue"
    response = _json_call(server, "secretsmanager", "ListSecrets", {"Filters": None, "MaxResults": None})
    assert response.status_code == 200, response.text
    assert "SecretList" in response.json()


def test_a_required_null_member_is_awss_validation_error(server):
    response = _json_call(server, "ssm", "GetParametersByPath", {"Path": None})
    assert response.status_code == 400
    assert response.json()["__type"].endswith("ValidationException")
    message = response.json().get("message") or response.json().get("Message")
    assert message == (
        "1 validation error detected: Value null at 'path' failed to satisfy constraint: "
        "Member must not be null"
    )
    response = _json_call(
        server, "secretsmanager", "TagResource", {"SecretId": "s", "Tags": [{"Value": "v"}]}
    )
    assert response.status_code == 400
    assert "Value null at 'tags.1.member.key'" in response.text


def test_list_executions_needs_a_state_machine_or_map_run(server):
    response = _json_call(server, "stepfunctions", "ListExecutions", {})
    assert response.status_code == 400
    assert response.json()["__type"].endswith("ValidationException")


def test_start_query_reads_log_group_identifiers(server, aws_client):
    logs = aws_client("logs")
    name = "nofive-query-group"
    logs.create_log_group(logGroupName=name)
    try:
        arn = f"arn:aws:logs:us-east-1:000000000000:log-group:{name}"
        query = logs.start_query(
            logGroupIdentifiers=[arn], startTime=0, endTime=1, queryString="fields @message"
        )
        assert query["queryId"]
        with pytest.raises(logs.exceptions.InvalidParameterException):
            logs.start_query(startTime=0, endTime=1, queryString="fields @message")
    finally:
        logs.delete_log_group(logGroupName=name)


def test_patch_baseline_for_a_patch_group_defaults_to_windows(server, aws_client):
    ssm = aws_client("ssm")
    answer = ssm.get_patch_baseline_for_patch_group(PatchGroup="nofive-group")
    assert answer["OperatingSystem"] == "WINDOWS"
    assert answer["BaselineId"]
    linux = ssm.get_patch_baseline_for_patch_group(
        PatchGroup="nofive-group", OperatingSystem="AMAZON_LINUX_2"
    )
    assert linux["OperatingSystem"] == "AMAZON_LINUX_2" and linux["BaselineId"] != answer["BaselineId"]


def test_a_malformed_saml_assertion_is_an_invalid_identity_token(server, aws_client):
    sts = aws_client("sts")
    with pytest.raises(sts.exceptions.InvalidIdentityTokenException):
        sts.assume_role_with_saml(
            RoleArn="arn:aws:iam::000000000000:role/nofive",
            PrincipalArn="arn:aws:iam::000000000000:saml-provider/nofive",
            SAMLAssertion="bm90IHNhbWw=" * 2,
        )


def test_put_rest_api_takes_a_document_and_refuses_anything_else(server, aws_client):
    apigateway = aws_client("apigateway")
    api = apigateway.create_rest_api(name="nofive-put")["id"]
    try:
        document = b'{"openapi": "3.0.1", "info": {"title": "nofive-put", "version": "1"}, "paths": {}}'
        assert apigateway.put_rest_api(restApiId=api, mode="overwrite", body=document)["id"] == api
        with pytest.raises(apigateway.exceptions.BadRequestException):
            apigateway.put_rest_api(restApiId=api, mode="overwrite", body=b"5")
    finally:
        apigateway.delete_rest_api(restApiId=api)


@pytest.mark.parametrize(
    "operation, params",
    [
        ("Encrypt", {"KeyId": "nofive", "Plaintext": "YQ=="}),
        ("CreateGrant", {"KeyId": "nofive", "GranteePrincipal": "p", "Operations": ["Decrypt"]}),
        ("ListGrants", {"KeyId": "nofive"}),
    ],
)
def test_a_key_id_that_names_no_key_is_not_found(server, operation, params):
    response = _json_call(server, "kms", operation, params)
    assert response.status_code == 400, response.text
    assert response.json() == {"__type": "NotFoundException", "message": "Invalid keyId 'nofive'"}


@pytest.mark.parametrize("value", ["x", -(10**40)])
def test_a_timestamp_that_reads_as_no_date_is_a_serialization_error(server, value):
    response = _json_call(server, "dynamodb", "ListBackups", {"TimeRangeLowerBound": value})
    assert response.status_code == 400, response.text
    assert response.json()["__type"] == "com.amazon.coral.service#SerializationException"


def test_list_exports_without_a_table_lists_every_export(server):
    response = _json_call(server, "dynamodb", "ListExports", {})
    assert response.status_code == 200, response.text
    assert response.json()["ExportSummaries"] == []


def _code(error: Any) -> tuple[str, int]:
    return error.value.response["Error"]["Code"], error.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_an_id_that_names_nothing_is_ec2s_not_found(server, aws_client):
    from botocore.exceptions import ClientError

    ec2 = aws_client("ec2")
    with pytest.raises(ClientError) as error:
        ec2.delete_transit_gateway(TransitGatewayId="tgw-0nofive")
    assert _code(error) == ("InvalidTransitGatewayID.NotFound", 400)
    assert "tgw-0nofive" in error.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as error:
        ec2.delete_nat_gateway(NatGatewayId="nat-0nofive")
    assert _code(error) == ("NatGatewayNotFound", 400)
    with pytest.raises(ClientError) as error:
        ec2.describe_image_attribute(ImageId="ami-0nofive", Attribute="description")
    assert _code(error) == ("InvalidAMIID.NotFound", 400)
    with pytest.raises(ClientError) as error:
        ec2.describe_instances(NextToken="nofive")
    assert _code(error) == ("InvalidPaginationToken", 400)
    with pytest.raises(ClientError) as error:
        ec2.allocate_hosts(InstanceType="m5.large", AvailabilityZone="us-east-1a")
    assert _code(error) == ("MissingParameter", 400)


def test_a_load_balancer_that_does_not_exist_is_elbs_not_found(server, aws_client):
    from botocore.exceptions import ClientError

    elb = aws_client("elb")
    with pytest.raises(elb.exceptions.AccessPointNotFoundException) as error:
        elb.describe_load_balancer_attributes(LoadBalancerName="nofive")
    assert _code(error) == ("LoadBalancerNotFound", 400)
    with pytest.raises(ClientError) as error:
        elb.describe_load_balancers(Marker="nofive")
    assert _code(error)[1] == 400


def test_an_auto_scaling_group_that_does_not_exist_is_a_validation_error(server, aws_client):
    from botocore.exceptions import ClientError

    autoscaling = aws_client("autoscaling")
    with pytest.raises(ClientError) as error:
        autoscaling.suspend_processes(AutoScalingGroupName="nofive")
    assert _code(error) == ("ValidationError", 400)
    assert "nofive" in error.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as error:
        autoscaling.describe_auto_scaling_groups(NextToken="nofive")
    assert _code(error) == ("InvalidNextToken", 400)


def test_a_proxy_that_does_not_exist_is_rds_not_found(server, aws_client):
    rds = aws_client("rds")
    with pytest.raises(rds.exceptions.DBProxyNotFoundFault) as error:
        rds.deregister_db_proxy_targets(DBProxyName="nofive", DBInstanceIdentifiers=["db"])
    assert _code(error) == ("DBProxyNotFoundFault", 404)


def test_a_required_member_left_out_is_the_services_missing_member_error(server):
    # moto's Route 53 reads the absent HealthCheckConfig as a dict; AWS refuses with InvalidInput.
    url = server.edge_url + "/2013-04-01/healthcheck"
    body = b'<CreateHealthCheckRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
    body += b"<CallerReference>nofive</CallerReference></CreateHealthCheckRequest>"
    request = AWSRequest(method="POST", url=url, data=body, headers={"Content-Type": "application/xml"})
    SigV4Auth(Credentials(ACCOUNT, "secret"), "route53", "us-east-1").add_auth(request)
    response = _http.post(url, data=body, headers=dict(request.headers), timeout=30)
    assert response.status_code == 400, response.text
    assert b"<Code>InvalidInput</Code>" in response.content
    assert b"Value null at 'healthCheckConfig'" in response.content


def test_a_price_that_is_no_number_is_ec2s_invalid_parameter_value(server, aws_client):
    from botocore.exceptions import ClientError

    ec2 = aws_client("ec2")
    with pytest.raises(ClientError) as error:
        ec2.request_spot_instances(SpotPrice="cheap", LaunchSpecification={"ImageId": "ami-0nofive"})
    assert _code(error) == ("InvalidParameterValue", 400)
    assert "cheap" in error.value.response["Error"]["Message"]


def test_an_unknown_emr_release_label_is_an_invalid_request(server):
    # moto opens a data file named after the release label; none exists for an unknown one.
    response = _json_call(server, "emr", "ListSupportedInstanceTypes", {"ReleaseLabel": "emr-0.nofive"})
    assert response.status_code == 400, response.text
    assert response.json()["__type"].endswith("InvalidRequestException")
    assert "emr-0.nofive" in response.text


def test_delete_vpc_of_an_empty_id_changes_nothing(server, aws_client):
    from botocore.exceptions import ClientError

    ec2 = aws_client("ec2")
    defaults = {"Name": "group-name", "Values": ["default"]}
    before = ec2.describe_security_groups(Filters=[defaults])["SecurityGroups"]
    assert before
    for bad in ("", "vpc-0nofive"):
        with pytest.raises(ClientError) as error:
            ec2.delete_vpc(VpcId=bad)
        assert _code(error) == ("InvalidVpcID.NotFound", 400)
    # moto removed the default group of every VPC before it found no VPC to delete.
    assert ec2.describe_security_groups(Filters=[defaults])["SecurityGroups"] == before


def test_insight_selectors_need_a_trail_or_an_event_data_store(server):
    response = _json_call(server, "cloudtrail", "PutInsightSelectors", {"InsightSelectors": []})
    assert response.status_code == 400, response.text
    assert response.json() == {
        "__type": "ValidationException",
        "message": "1 validation error detected: Value null at 'trailName' failed to satisfy constraint: "
        "Member must not be null",
    }
