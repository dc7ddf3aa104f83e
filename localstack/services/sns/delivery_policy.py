"""The retry schedule of an HTTP/S delivery from its delivery policy, as AWS composes it: the
subscription's `healthyRetryPolicy` over the topic's `http.defaultHealthyRetryPolicy` (unless the topic
disables subscription overrides) over AWS's defaults.

    retry_delays(subscription_policy, topic_policy) -> [0.0, 0.0, 1.0, 2.5, ...] or None

A retry policy has four phases, in order: `numNoDelayRetries` at once, `numMinDelayRetries` after
`minDelayTarget` seconds, a backoff phase growing from `minDelayTarget` to `maxDelayTarget` by
`backoffFunction`, and `numMaxDelayRetries` after `maxDelayTarget`; `numRetries` counts them all.
None means no policy was set anywhere: the emulator then retries quickly (senders.py).
"""

from __future__ import annotations

import json
from typing import Any, Mapping

# The order in which AWS shows a retry policy's members.
RETRY_KEYS = (
    "minDelayTarget",
    "maxDelayTarget",
    "numRetries",
    "numMaxDelayRetries",
    "numNoDelayRetries",
    "numMinDelayRetries",
    "backoffFunction",
)
DEFAULT_REQUEST_POLICY = {"headerContentType": "text/plain; charset=UTF-8"}
DEFAULTS = {
    "minDelayTarget": 20,
    "maxDelayTarget": 20,
    "numRetries": 3,
    "numNoDelayRetries": 0,
    "numMinDelayRetries": 0,
    "numMaxDelayRetries": 0,
    "backoffFunction": "linear",
}


def _load(text: Any) -> dict[str, Any]:
    if isinstance(text, Mapping):
        return dict(text)
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def effective_policy(subscription_policy: Any, topic_policy: Any) -> dict[str, Any] | None:
    """The healthy retry policy in force, or None when neither the subscription nor the topic set one."""
    subscription = _load(subscription_policy).get("healthyRetryPolicy")
    topic_http = _load(topic_policy).get("http") or {}
    topic = topic_http.get("defaultHealthyRetryPolicy")
    if topic_http.get("disableSubscriptionOverrides"):
        subscription = None
    if not subscription and not topic:
        return None
    return {**DEFAULTS, **(topic or {}), **(subscription or {})}


def retry_delays(subscription_policy: Any, topic_policy: Any) -> list[float] | None:
    """Seconds to wait before each retry (its length is the number of retries), or None."""
    policy = effective_policy(subscription_policy, topic_policy)
    if policy is None:
        return None
    low, high = float(policy["minDelayTarget"]), float(policy["maxDelayTarget"])
    total = max(int(policy["numRetries"]), 0)
    immediate = min(int(policy["numNoDelayRetries"]), total)
    at_min = min(int(policy["numMinDelayRetries"]), total - immediate)
    at_max = min(int(policy["numMaxDelayRetries"]), total - immediate - at_min)
    backoff = total - immediate - at_min - at_max
    delays = [0.0] * immediate + [low] * at_min
    for step in range(1, backoff + 1):
        # The backoff phase climbs towards maxDelayTarget, which the max-delay phase then holds.
        delays.append(_backoff(low, high, step / (backoff + 1), str(policy["backoffFunction"])))
    return delays + [high] * at_max


def _backoff(low: float, high: float, fraction: float, function: str) -> float:
    """The delay at `fraction` (0..1] of the backoff phase, growing from low to high."""
    shape = {
        "linear": fraction,
        "arithmetic": fraction**2,
        "geometric": fraction**3,
        "exponential": (2 ** (10 * fraction) - 1) / (2**10 - 1),
    }.get(function, fraction)
    return round(low + (high - low) * shape, 3)


def content_type(subscription_policy: Any, topic_policy: Any) -> str | None:
    """The Content-Type of an HTTP/S delivery: the subscription's `requestPolicy.headerContentType`,
    else the topic's `http.defaultRequestPolicy.headerContentType`, else None (text/plain)."""
    subscription = (_load(subscription_policy).get("requestPolicy") or {}).get("headerContentType")
    topic = ((_load(topic_policy).get("http") or {}).get("defaultRequestPolicy") or {}).get(
        "headerContentType"
    )
    return subscription or topic or None


def _filled(retry: Any) -> dict[str, Any] | None:
    if not isinstance(retry, dict):
        return None
    return {key: retry.get(key, DEFAULTS[key]) for key in RETRY_KEYS}


def _subscription_form(healthy: Any, sickly: Any, throttle: Any, request: Any, guaranteed: Any) -> str:
    document = {
        "healthyRetryPolicy": _filled(healthy),
        "sicklyRetryPolicy": sickly,
        "throttlePolicy": throttle,
        "requestPolicy": request,
        "guaranteed": bool(guaranteed),
    }
    return json.dumps(document, separators=(",", ":"))


def subscription_policy_shown(text: Any) -> str | None:
    """A subscription's DeliveryPolicy as AWS shows it back: every section, retry members in order."""
    policy = _load(text)
    if not text or not policy:
        return None
    return _subscription_form(
        policy.get("healthyRetryPolicy"),
        policy.get("sicklyRetryPolicy"),
        policy.get("throttlePolicy"),
        policy.get("requestPolicy"),
        policy.get("guaranteed", False),
    )


def effective_subscription_policy(subscription_policy: Any, topic_policy: Any) -> str:
    """An HTTP/S subscription's EffectiveDeliveryPolicy: the topic's http defaults (or AWS's), each
    section replaced by the subscription's own unless the topic disables subscription overrides."""
    topic = _load(topic_policy).get("http") or {}
    healthy = topic.get("defaultHealthyRetryPolicy") or dict(DEFAULTS)
    throttle = topic.get("defaultThrottlePolicy")
    request = topic.get("defaultRequestPolicy") or dict(DEFAULT_REQUEST_POLICY)
    sickly, guaranteed = None, False
    subscription = {} if topic.get("disableSubscriptionOverrides") else _load(subscription_policy)
    healthy = subscription.get("healthyRetryPolicy") or healthy
    sickly = subscription.get("sicklyRetryPolicy", sickly)
    throttle = subscription.get("throttlePolicy") or throttle
    request = subscription.get("requestPolicy") or request
    guaranteed = subscription.get("guaranteed", guaranteed)
    return _subscription_form(healthy, sickly, throttle, request, guaranteed)


def topic_policy_shown(text: Any) -> Any:
    """A topic's DeliveryPolicy as AWS shows it back (recorded twice against AWS: LocalStack's
    test_topic_delivery_policy_crud and test_subscribe_external_http_endpoint_content_type): the `http`
    section with `disableSubscriptionOverrides` (false unless given) after the retry policies and before
    `defaultRequestPolicy`, in compact JSON; sections are kept as given (retry members not filled in)."""
    policy = _load(text)
    http = policy.get("http")
    if not isinstance(http, dict):
        return text
    request_key = "defaultRequestPolicy"
    shown = {k: v for k, v in http.items() if k not in ("disableSubscriptionOverrides", request_key)}
    shown["disableSubscriptionOverrides"] = http.get("disableSubscriptionOverrides", False)
    if request_key in http:
        shown[request_key] = http[request_key]
    return json.dumps({**policy, "http": shown}, separators=(",", ":"))
