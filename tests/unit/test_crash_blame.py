"""The 4xx a backend crash on what a request names is answered with (utils/aws/crash_blame.py)."""

from __future__ import annotations

import json

import pytest

from localstack.services.ec2.not_found import not_found
from localstack.utils.aws.crash_blame import blame_crash, register_not_found
from localstack.utils.http import Request

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def from_moto(exc: BaseException) -> BaseException:
    """The exception as a backend raises it: with a traceback through a moto module."""
    try:
        exec(compile("raise exc", "/site-packages/moto/backend.py", "exec"), {"exc": exc})
    except BaseException as raised:  # noqa: BLE001
        return raised
    raise AssertionError("unreachable")


def form(body: str) -> Request:
    return Request("POST", "/", body.encode(), dict(FORM))


def test_a_load_balancer_moto_found_as_none_is_elbs_not_found():
    request = form("Action=DescribeLoadBalancerAttributes&Version=2012-06-01&LoadBalancerName=nofive")
    crash = from_moto(AttributeError("'NoneType' object has no attribute 'attributes'"))
    error = blame_crash("elb", request, crash)
    assert (error.code, error.status) == ("LoadBalancerNotFound", 400)
    assert "nofive" in error.message


def test_an_ec2_key_error_on_the_id_sent_is_ec2s_not_found_code():
    register_not_found("ec2", not_found)
    request = form("Action=DeleteTransitGateway&Version=2016-11-15&TransitGatewayId=tgw-0nofive")
    error = blame_crash("ec2", request, from_moto(KeyError("tgw-0nofive")))
    assert (error.code, error.status) == ("InvalidTransitGatewayID.NotFound", 400)
    request = form("Action=DeleteNatGateway&Version=2016-11-15&NatGatewayId=nat-1")
    crash = from_moto(AttributeError("'NoneType' object has no attribute 'state'"))
    error = blame_crash("ec2", request, crash)
    assert error.code == "NatGatewayNotFound"


def test_a_paging_token_moto_cannot_find_is_the_services_token_error():
    request = form("Action=DescribeAutoScalingGroups&Version=2011-01-01&NextToken=bogus")
    error = blame_crash("autoscaling", request, from_moto(ValueError("'bogus' is not in list")))
    assert (error.code, error.status) == ("InvalidNextToken", 400)


def test_a_required_member_left_out_is_missing_whatever_moto_tripped_on():
    request = form(
        "Action=CreateRule&Version=2015-12-01&ListenerArn=arn&Priority=1&Actions.member.1.Type=forward"
    )
    error = blame_crash("elbv2", request, from_moto(KeyError("Conditions")))
    assert (error.code, error.message) == (
        "MissingParameter",
        "The request must contain the parameter Conditions.",
    )


def test_a_rest_json_label_naming_nothing_is_the_modeled_not_found():
    request = Request(
        "PUT", "/2015-02-01/file-systems/fs-0nofive/policy", json.dumps({"Policy": "{}"}).encode(), {}
    )
    error = blame_crash("efs", request, from_moto(KeyError("fs-0nofive")))
    assert (error.code, error.status) == ("FileSystemNotFound", 404)


@pytest.mark.parametrize(
    "exc", [ZeroDivisionError("x"), KeyError("not-in-the-request"), RuntimeError("boom")]
)
def test_a_crash_the_request_does_not_explain_stays_a_server_fault(exc):
    request = form("Action=DescribeLoadBalancerAttributes&Version=2012-06-01&LoadBalancerName=nofive")
    assert blame_crash("elb", request, from_moto(exc)) is None


def test_a_crash_in_our_own_code_stays_a_server_fault():
    request = form("Action=DescribeLoadBalancerAttributes&Version=2012-06-01&LoadBalancerName=nofive")
    assert blame_crash("elb", request, KeyError("nofive")) is None


def test_a_bare_exception_moto_words_is_the_services_validation_error():
    request = Request("POST", "/", b"{}", {"X-Amz-Target": "AmazonEC2ContainerServiceV20141113.StopTask"})
    error = blame_crash("ecs", request, from_moto(Exception("Cluster default has no registered tasks")))
    assert (error.code, error.status) == ("InvalidParameterException", 400)
    assert error.message == "Cluster default has no registered tasks"
