#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write a large but realistic "Get/Update a Gateway" 200 response, for the
memory budget table of docs/PORTING.md: 5 otel exporters (the schema's
maximum) with several headers each, DLP in its policies shape with 20
policies, a PEM Logpush key (escaped newlines), Stripe usage events with
JSON payloads (escaped quotes), and members of newer API versions aigw does
not model (guardrails, spend_limits, log_classification: kept verbatim).
Deterministic: the same bytes every run. Usage: gen_realistic.py OUT.json"""
import json
import sys


def uuid(i, salt):
    h = "%032x" % ((i + 1) * 0x9E3779B97F4A7C15 * (salt + 3) % (1 << 128))
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:32])


def main():
    key_b64 = "".join("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"[(i * 7) % 40] for i in range(392))
    pem = "-----BEGIN PUBLIC KEY-----\n" + "\n".join(key_b64[i:i + 64] for i in range(0, len(key_b64), 64)) \
        + "\n-----END PUBLIC KEY-----\n"
    otel = []
    for i in range(5):
        otel.append({
            "authorization": "Bearer " + uuid(i, 1).replace("-", "") + uuid(i, 2).replace("-", "")[:8],
            "headers": {"x-honeycomb-team": uuid(i, 3), "x-honeycomb-dataset": "ai-gateway-%d" % i,
                        "x-environment": "production"},
            "url": "https://otel-collector-%d.observability.example.com:4318/v1/traces" % i,
            "content_type": "json" if i % 2 == 0 else "protobuf",
        })
    policies = []
    for i in range(20):
        policies.append({
            "id": "policy-%02d-%s" % (i, uuid(i, 4)[:8]),
            "action": "BLOCK" if i % 3 == 0 else "FLAG",
            "check": ["REQUEST", "RESPONSE"] if i % 2 == 0 else ["REQUEST"],
            "enabled": i % 5 != 4,
            "profiles": [uuid(i * 4 + k, 5) for k in range(4)],
        })
    usage = [{"payload": json.dumps({"event_name": "ai_gateway_tokens", "stripe_customer_id": "cus_%06d" % i,
                                     "value": "{{tokens}}"})} for i in range(5)]
    result = {
        "id": "production-gateway-eu",
        "cache_invalidate_on_update": True, "cache_ttl": 3600, "collect_logs": True,
        "created_at": "2025-03-14T09:26:53.589Z", "modified_at": "2026-08-17T12:00:00.000Z",
        "rate_limiting_interval": 60, "rate_limiting_limit": 1200, "authentication": True,
        "dlp": {"enabled": True, "policies": policies},
        "is_default": False, "log_management": 1000000, "log_management_strategy": "DELETE_OLDEST",
        "logpush": True, "logpush_public_key": pem, "otel": otel,
        "rate_limiting_technique": "sliding", "retry_backoff": "exponential", "retry_delay": 250,
        "retry_max_attempts": 3, "store_id": "store_" + uuid(0, 6).replace("-", ""),
        "stripe": {"authorization": "sk_live_" + uuid(0, 7).replace("-", ""), "usage_events": usage},
        "workers_ai_billing_mode": "postpaid", "zdr": False,
        "guardrails": {"prompt": {"P1": "BLOCK", "S1": "FLAG", "S2": "BLOCK", "S10": "FLAG"},
                       "response": {"S1": "FLAG", "S3": "BLOCK"}},
        "spend_limits": {"enabled": True, "rules": [
            {"enabled": True, "id": "%08x" % (0x733545e2 + i), "limit": 250.0 * (i + 1), "limitType": "cost",
             "metadata": {"team": {"mode": "filter", "values": ["ml-platform", "search"]}}} for i in range(3)]},
        "log_classification": True,
    }
    body = {"result": result, "success": True, "errors": [], "messages": []}
    with open(sys.argv[1], "w") as f:
        json.dump(body, f, separators=(",", ":"))  # compact, as the API sends it
        f.write("\n")


if __name__ == "__main__":
    main()
