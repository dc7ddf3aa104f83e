"""Hooks around the route53 backend: the refusals of validation.py before moto stores anything."""

from __future__ import annotations

import re
from typing import Any

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.route53 import validation
from localstack.utils.aws import request_context

_CHANGE_BATCH = re.compile(r"^/2013-04-01/hostedzone/([^/]+)/rrset/?$")
_HOSTED_ZONES = re.compile(r"^/2013-04-01/hostedzone/?$")
_HOSTED_ZONE = re.compile(r"^/2013-04-01/hostedzone/([^/]+)/?$")


def _backend(headers: Any) -> Any:
    from moto.route53.models import route53_backends

    account = request_context.account_for_access_key(request_context.access_key_of(headers))
    return route53_backends[account]["aws"]


def _vpc_exists(headers: Any, region: str, vpc_id: str) -> bool:
    from moto.ec2.models import ec2_backends

    account = request_context.account_for_access_key(request_context.access_key_of(headers))
    try:
        return vpc_id in ec2_backends[account][region].vpcs
    except KeyError:
        return False  # a region EC2 does not know


class Route53Listener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        path = path.partition("?")[0]
        if method == "DELETE" and (match := _HOSTED_ZONE.match(path)):
            zone = _backend(headers).zones.get(match.group(1))
            if zone is not None:
                validation.check_zone_deletion(zone)
            return True
        if method != "POST":
            return True
        if _HOSTED_ZONES.match(path):
            document = validation.parse(data)
            validation.check_caller_reference(_backend(headers).zones.values(), document)
            validation.check_zone_vpc(document, lambda region, vpc_id: _vpc_exists(headers, region, vpc_id))
        elif match := _CHANGE_BATCH.match(path):
            zone = _backend(headers).zones.get(match.group(1))
            if zone is not None:
                validation.check_change_batch(zone, validation.parse(data))
        return True
