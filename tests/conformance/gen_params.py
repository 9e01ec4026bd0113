#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
Generates the parameter sets of the conformance tests (Python stdlib only,
seeded, deterministic: the same seed writes the same bytes).

Each set is the JSON body of "Update a Gateway" (the API's own shape), one
file per set, named for what it tests:

  OUT/valid/<name>.json    every one must be accepted by the official schema
  OUT/invalid/<name>.json  every one breaks exactly one schema rule
  OUT/later/<name>.json    (with --later-schema) valid, plus one member that only
                           a later version's fragment names: this fragment takes
                           it as an unknown member, aigw built for this version
                           refuses it by name
  OUT/manifest.json        [{name, kind, file, id, rule, loc, sdk, note}]

  kind  "valid" | "invalid" | "later"
  id    the gateway id to put in the path (the path parameter is part of the
        request too: its bounds are tested like the body's)
  rule  the rule broken ("maxLength 1024", "required", "type", ...), invalid only
  loc   where a schema validator reports the violation, as a list of path
        segments under "body" (or ["path","id"]); for a missing member that is
        the object that lacks it. Every violation Prism reports must lie at or
        under loc, which proves the case breaks the rule it claims and no other.
  sdk   false when the official TypeScript SDK cannot carry the set unchanged
        (an integer above 2^53 loses precision in a JS number); the SDK
        differential lists those cases by name instead of silently skipping.

The generator walks the request schema of the official OpenAPI document, so
every constraint it holds (minimum, maximum, minLength, maxLength, maxItems,
enum, format, required, nullable, type) produces its boundary cases, and a
new constraint in the document produces new cases without editing this file.
Limits aigw sets on caller arrays (AIGW_MAX_* in include/aigw/aigw_config.h,
documented limits the schema does not have) are read from that header so the
valid sets stay within them.

The members of the newer versions (guardrails, spend_limits,
log_classification) are in the base sets when the fragment has them. Not
generated: invalid values inside spend_limits.rules[].metadata's entries (an
object of anyOf values): aigw keeps metadata as JSON text and checks only that
it is one JSON object, so those inner rules are Prism's alone; the valid sets
cover both variants, empty, many keys and unknown members there.

Usage: gen_params.py --schema ai-gateway.openapi.json --config aigw_config.h --out DIR [--seed N] [--random N]
                     [--later-schema NEWER.json]...
"""
import argparse
import copy
import json
import os
import random
import re
import sys

ACCOUNT_ID = "3ebbcb006d4d46d7bb6a8c7f14676cb0"
GATEWAY_ID = "my-gateway"
OP_PATH = "/accounts/{account_id}/ai-gateway/gateways/{id}"

# Characters of every UTF-8 length; AJV (Prism) and the API count string
# lengths in code points, so a 4-byte character counts as one.
CH1, CH2, CH3, CH4 = "a", "\u00e9", "\u65e5", "\U0001F600"
CH4B = "\U0001D11E"            # musical G clef (a second 4-byte character)
CH_MAX = "\U0010FFFF"         # the highest code point
ESCAPES = "q\"b\\s/\b\f\n\r\t\u0000\u0001\u001f\u007f\u2028\u2029\ufeff"
NON_ASCII_SAMPLES = [
    "caf\u00e9", "\u65e5\u672c\u8a9e", "\U0001F600\U0001F680", "\u0645\u0631\u062d\u0628\u0627",
    "e\u0301", "\U00020000" + CH_MAX, ESCAPES, "",
]

# URIs both RFC 3986 and AJV's "uri" format accept, and ones both refuse.
# (Where the two differ, e.g. "h:" which RFC 3986 allows and AJV refuses, the
# case is left out: it would test AJV's regex, not the schema.)
VALID_URIS = [
    "https://otel.example.com/v1/traces",
    "http://127.0.0.1:4318/v1/traces?a=b&c=d#frag",
    "http://[::1]:8080/p",
    "urn:isbn:0451450523",
    "mailto:a@b.c",
    "HTTPS://EXAMPLE.COM",
    "http://x/%20",
    "x+y.z-1:rest",
    "file:///etc/hosts",
    "http://%41.com/",
    "a:b",
    "data:,x",
    "tel:+1-816-555-1212",
    "http://user:pw@host:65536/",
]
INVALID_URIS = {
    "api_example_url": "url",            # the API page's own example value
    "empty": "",
    "no_scheme": "example.com/x",
    "space_in_host": "http://exa mple.com",
    "non_ascii_path": "http://example.com/\u00e4",
    "non_ascii_host": "http://\u00e4.com/",
    "empty_scheme": "://x",
    "scheme_starts_with_digit": "1http://x",
    "unclosed_ipv6": "http://[::1",
    "bad_percent": "http://x/%zz",
    "truncated_percent": "http://x/%",
    "angle_brackets": "http://x/<>",
    "braces": "http://x/{}",
    "two_fragments": "http://x/#a#b",
    "leading_space": " http://x/",
    "backslash": "http://x/\\",
}

# Gateway ids (path parameter: 1..64 characters).
VALID_IDS = {
    "id_len_1": "a",
    "id_len_64": "g" * 64,
    "id_len_64_4byte": CH4 * 64,
    "id_unreserved": "gw-1._~",
    "id_sub_delims": "gw:@!$&'()*+,;=",
    "id_space": "my gateway",
    "id_slash": "a/b",
    "id_query_chars": "gw?x#y",
    "id_percent": "100%25",
    "id_non_ascii": "\u65e5\u672c-gw-\u00e9",
}
INVALID_IDS = {
    "id_len_65": ("g" * 65, "maxLength 64"),
    "id_len_65_4byte": (CH4 * 65, "maxLength 64"),
}


def die(msg):
    sys.stderr.write("gen_params: " + msg + "\n")
    sys.exit(2)


def load_request_schema(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    put = doc["paths"][OP_PATH]["put"]
    return put["requestBody"]["content"]["application/json"]["schema"], put


def load_limits(config_path):
    """AIGW_MAX_* defaults from aigw_config.h (the library's documented limits)."""
    limits = {}
    with open(config_path, encoding="utf-8") as f:
        for m in re.finditer(r"#define\s+AIGW_MAX_(\w+)\s+(\d+)", f.read()):
            limits[m.group(1)] = int(m.group(2))
    for k in ("OTEL", "OTEL_HEADERS", "DLP_PROFILES", "DLP_POLICIES", "DLP_CHECKS",
              "USAGE_EVENTS", "EXTRA_MEMBERS", "SPEND_RULES", "LIST_ITEMS"):
        if k not in limits:
            die("AIGW_MAX_%s not found in %s" % (k, config_path))
    return limits


# ---------------------------------------------------------------- base sets

# Members of the newer API versions, each with a full valid value: a base set
# holds every one its fragment defines (base_v1); the older fragments' sets
# carry them as "later" cases (see Gen.gen_later).
NEWER_MEMBERS = {
    "guardrails": {"prompt": {"P1": "FLAG", "S1": "BLOCK", "S13": "FLAG"},
                   "response": {"S2": "BLOCK"}},
    "spend_limits": {"enabled": True, "rules": [{
        "enabled": True, "id": "rule-1", "limit": 12.75, "limitType": "cost",
        "metadata": {"team": {"mode": "partition"}, "env": {"mode": "filter", "values": ["prod", "dev"]}},
        "model": {"mode": "filter", "values": ["@cf/meta/llama", "gpt-4o"]},
        "provider": {"mode": "filter", "values": ["openai"]},
        "technique": "fixed", "window": 3600}]},
    "log_classification": True,
}


def base_v1(props=None):
    """Every field set; dlp in its first shape {action, enabled, profiles}.
    props: the fragment's body members (the newer members it defines are set too)."""
    d = base_v1_common()
    for k, v in NEWER_MEMBERS.items():
        if props is not None and k in props:
            d[k] = copy.deepcopy(v)
    return d


def base_v1_common():
    return {
        "cache_invalidate_on_update": True,
        "cache_ttl": 3600,
        "collect_logs": True,
        "rate_limiting_interval": 60,
        "rate_limiting_limit": 100,
        "authentication": True,
        "dlp": {"action": "BLOCK", "enabled": True, "profiles": ["prof-1", "prof-2"]},
        "log_management": 100000,
        "log_management_strategy": "DELETE_OLDEST",
        "logpush": True,
        "logpush_public_key": "-----BEGIN PUBLIC KEY-----MFkwEwYHKoZIzj0CAQ",
        "otel": [{
            "authorization": "Bearer otel-token",
            "headers": {"x-team": "ai"},
            "url": "https://otel.example.com/v1/traces",
            "content_type": "protobuf",
        }],
        "rate_limiting_technique": "sliding",
        "retry_backoff": "exponential",
        "retry_delay": 250,
        "retry_max_attempts": 3,
        "store_id": "store-123",
        "stripe": {"authorization": "sk_test_123", "usage_events": [{"payload": "{\"tokens\":1}"}]},
        "workers_ai_billing_mode": "postpaid",
        "zdr": False,
    }


def base_v2(props=None):
    """Every field set; dlp in its second shape {enabled, policies[]}."""
    d = base_v1(props)
    d["dlp"] = {"enabled": True, "policies": [{
        "id": "pol-1", "action": "FLAG", "check": ["REQUEST", "RESPONSE"],
        "enabled": True, "profiles": ["prof-1"],
    }]}
    return d


API_PAGE_EXAMPLE = {
    "cache_invalidate_on_update": True, "cache_ttl": 0, "collect_logs": True,
    "rate_limiting_interval": 0, "rate_limiting_limit": 0,
}


# ---------------------------------------------------------------- helpers

def get_at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def set_at(doc, path, value):
    get_at(doc, path[:-1])[path[-1]] = value


def del_at(doc, path):
    del get_at(doc, path[:-1])[path[-1]]


def pname(path):
    """Readable, file-safe name of a path: otel[0].headers.x-team -> otel0_headers_x-team."""
    out = []
    for p in path:
        out.append(str(p) if isinstance(p, int) else re.sub(r"[^A-Za-z0-9_-]", "_", p))
    return "_".join(out) if out else "body"


def loc(path):
    return [str(p) for p in path]


def string_of(n, ch):
    return ch * n


def json_type(schema):
    t = schema.get("type")
    if t is None and "properties" in schema:
        t = "object"
    return t


WRONG_TYPE_VALUES = {
    "string": [("number", 1), ("bool", True), ("array", []), ("object", {})],
    "integer": [("string", "1"), ("bool", True), ("float", 1.5), ("array", []), ("object", {})],
    "number": [("string", "1"), ("bool", True), ("array", []), ("object", {})],
    "boolean": [("string", "true"), ("number", 1), ("array", []), ("object", {})],
    "array": [("object", {}), ("string", "x"), ("number", 0)],
    "object": [("array", []), ("string", "x"), ("number", 0)],
}


class Gen:
    def __init__(self, schema, limits, seed, n_random):
        self.schema = schema
        self.limits = limits
        self.rng = random.Random(seed)
        self.n_random = n_random
        self.cases = []
        self.names = set()
        self.props = schema["properties"]

    # ------------------------------------------------------------ recording
    def add(self, kind, name, body, rule=None, where=None, gw_id=GATEWAY_ID, sdk=True,
            note=None, raw=None):
        name = kind[0] + "_" + name
        if name in self.names:
            die("duplicate case name " + name)
        self.names.add(name)
        self.cases.append({
            "name": name, "kind": kind, "id": gw_id, "rule": rule,
            "loc": where, "sdk": sdk, "note": note, "body": body, "raw": raw,
        })

    def valid(self, name, body, **kw):
        self.add("valid", name, body, **kw)

    def invalid(self, name, body, rule, where, **kw):
        self.add("invalid", name, body, rule=rule, where=["body"] + loc(where)
                 if where is not None else None, **kw)

    # ------------------------------------------------------------ schema walk
    def walk(self, schema, path, base, out):
        """Yield (path, schema, required, nullable) for every member of base under schema."""
        t = json_type(schema)
        if "anyOf" in schema:
            # dlp: the base holds one variant; walk the variant it matches
            val = get_at(base, path)
            for alt in schema["anyOf"]:
                if all(r in val for r in alt.get("required", [])):
                    self.walk_object(alt, path, base, out)
                    return
            die("no anyOf variant matches the base at " + pname(path))
        if t == "object":
            self.walk_object(schema, path, base, out)
        elif t == "array":
            val = get_at(base, path)
            if isinstance(val, list) and val:
                item = schema["items"]
                out.append((path + [0], item, True, bool(item.get("nullable"))))
                self.walk(item, path + [0], base, out)

    def walk_object(self, schema, path, base, out):
        val = get_at(base, path)
        req = schema.get("required", [])
        for k, sub in schema.get("properties", {}).items():
            if k in val:
                out.append((path + [k], sub, k in req, bool(sub.get("nullable"))))
                self.walk(sub, path + [k], base, out)
        ap = schema.get("additionalProperties")
        if isinstance(ap, dict) and "anyOf" not in ap:
            # (an object of anyOf values, spend_limits.rules[].metadata, is opaque:
            # aigw keeps it as JSON text and checks only that it is an object, so
            # its inner rules get valid cases (gen_valid_special), not invalid ones)
            for k in val:
                if k not in schema.get("properties", {}):
                    out.append((path + [k], ap, False, bool(ap.get("nullable"))))
                    self.walk(ap, path + [k], base, out)

    def members(self, base):
        out = []
        self.walk(self.schema, [], base, out)
        return out

    # ------------------------------------------------------------ valid sets
    def gen_valid(self):
        v1, v2 = base_v1(self.props), base_v2(self.props)
        self.valid("api_page_example", copy.deepcopy(API_PAGE_EXAMPLE))
        self.valid("full_dlp_v1", v1)
        self.valid("full_dlp_v2", v2)
        self.valid("required_nulls", {
            "cache_invalidate_on_update": False, "cache_ttl": None, "collect_logs": False,
            "rate_limiting_interval": None, "rate_limiting_limit": None})
        every_null = copy.deepcopy(v1)
        for k, sub in self.schema["properties"].items():
            if sub.get("nullable"):
                every_null[k] = None
        self.valid("every_nullable_null", every_null)

        for base_name, base in (("v1", v1), ("v2", v2)):
            for path, sub, required, nullable in self.members(base):
                key = base_name + "_" + pname(path)
                parent = get_at(base, path[:-1])
                own = base_name == "v1" or path[0] == "dlp"   # v2 differs from v1 only in dlp
                # omitted optional member (objects only: array items are positional)
                if isinstance(parent, dict) and not required and own:
                    d = copy.deepcopy(base)
                    del_at(d, path)
                    self.valid("omit_" + key, d)
                if nullable and own:
                    d = copy.deepcopy(base)
                    set_at(d, path, None)
                    self.valid("null_" + key, d)
                if not own:
                    continue
                for vname, value in self.valid_values(path, sub):
                    d = copy.deepcopy(base)
                    set_at(d, path, value)
                    self.valid("value_" + key + "_" + vname, d,
                               sdk=not (isinstance(value, int) and not isinstance(value, bool)
                                        and abs(value) > 2 ** 53 - 1),
                               note=None if not isinstance(value, int) or abs(value) <= 2 ** 53 - 1
                               else "integer above 2^53: a JS number cannot hold it exactly")
        self.gen_valid_special(v1, v2)
        for i in range(self.n_random):
            self.valid("random_%03d" % i, self.random_doc())

    def valid_values(self, path, sub):
        t = json_type(sub)
        vals = []
        if "enum" in sub:
            for e in sub["enum"]:
                vals.append(("enum_" + e, e))
            return vals
        if t == "number":
            lo = sub.get("minimum")
            if lo is None or not sub.get("exclusiveMinimum") or lo != 0 or "maximum" in sub:
                die("number bounds other than exclusiveMinimum 0 are not generated yet")
            vals += [("smallest_double", 5e-324), ("tiny", 1e-300), ("fraction", 0.5), ("one", 1),
                     ("cents", 12.75), ("int_form", 100), ("above_2p64", 18446744073709551616),
                     ("double_max", 1.7976931348623157e308), ("exp_form", 2.5e10)]
            return vals
        if t == "integer":
            lo, hi = sub.get("minimum"), sub.get("maximum")
            if lo is not None and sub.get("exclusiveMinimum") is True:
                lo += 1     # OpenAPI 3.0: exclusiveMinimum true makes minimum exclusive
            if lo is not None:
                vals += [("min", lo), ("min_plus_1", lo + 1)]
            if hi is not None:
                vals += [("max", hi), ("max_minus_1", hi - 1)]
            if hi is None:
                vals += [("2p53_minus_1", 2 ** 53 - 1), ("int64_max", 2 ** 63 - 1)]
            if lo is None:
                vals += [("int64_min", -2 ** 63)]
        elif t == "boolean":
            vals += [("true", True), ("false", False)]
        elif t == "string":
            lo, hi = sub.get("minLength"), sub.get("maxLength")
            if sub.get("format") == "uri":
                for i, u in enumerate(VALID_URIS):
                    vals.append(("uri%02d" % i, u))
                vals.append(("uri_maxlen", "https://e.example/" + "p" * (hi - len("https://e.example/"))))
                return vals
            for cname, ch in (("ascii", CH1), ("2byte", CH2), ("3byte", CH3), ("4byte", CH4)):
                if lo is not None:
                    vals.append(("minlen_" + cname, string_of(lo, ch)))
                if hi is not None:
                    vals.append(("maxlen_" + cname, string_of(hi, ch)))
            if hi is not None:
                # mixed widths, exactly at the limit
                mix = (CH1 + CH2 + CH3 + CH4) * (hi // 4) + CH4B * (hi % 4)
                vals.append(("maxlen_mixed", mix))
            if lo is None or lo == 0:
                vals.append(("empty", ""))
            for i, s in enumerate(NON_ASCII_SAMPLES):
                if s and (lo is None or len(s) >= lo) and (hi is None or len(s) <= hi):
                    vals.append(("text%d" % i, s))
            if lo is not None and lo > len(ESCAPES):
                vals.append(("escapes_padded", ESCAPES + "x" * (lo - len(ESCAPES))))
        elif t == "array":
            if "maxItems" not in sub:
                vals.append(("empty", []))
        elif t == "object" and isinstance(sub.get("additionalProperties"), dict):
            vals.append(("empty", {}))
        return vals

    def gen_valid_special(self, v1, v2):
        L = self.limits
        # arrays at the schema's maximum and at aigw's documented limits
        otel_item = v1["otel"][0]
        d = copy.deepcopy(v1)
        d["otel"] = []
        self.valid("otel_empty", d)
        d = copy.deepcopy(v1)
        d["otel"] = [dict(otel_item, url=VALID_URIS[i]) for i in range(5)]
        self.valid("otel_maxitems_5", d)
        d = copy.deepcopy(v1)
        d["otel"] = [{"authorization": "a", "headers": {}, "url": "a:b"}]
        self.valid("otel_without_content_type", d)
        d = copy.deepcopy(v1)
        d["otel"][0]["headers"] = {("h%02d-" % i) + CH3 * (i % 3): CH4 * i for i in range(L["OTEL_HEADERS"])}
        self.valid("otel_headers_at_aigw_limit", d)
        d = copy.deepcopy(v1)
        d["otel"][0]["headers"] = {"": "empty name", CH4 + " key": "v", "k\"\\\n": ESCAPES}
        self.valid("otel_header_names_odd", d)
        d = copy.deepcopy(v1)
        d["otel"][0]["headers"] = {"big-ascii": "v" * 4096, "big-4byte": CH4 * 4096}
        self.valid("otel_header_value_maxlen", d)
        d = copy.deepcopy(v1)
        d["dlp"]["profiles"] = ["p%d-%s" % (i, CH2 * (i % 4)) for i in range(L["DLP_PROFILES"])]
        self.valid("dlp_v1_profiles_at_aigw_limit", d)
        d = copy.deepcopy(v1)
        d["dlp"]["profiles"] = []
        self.valid("dlp_v1_profiles_empty", d)
        d = copy.deepcopy(v2)
        d["dlp"]["policies"] = [{
            "id": "pol-%d" % i, "action": ("FLAG", "BLOCK")[i % 2],
            "check": [["REQUEST"], ["RESPONSE"], ["REQUEST", "RESPONSE"], []][i % 4],
            "enabled": bool(i % 3), "profiles": ["p%d" % j for j in range(i % 5)],
        } for i in range(L["DLP_POLICIES"])]
        self.valid("dlp_v2_policies_at_aigw_limit", d)
        d = copy.deepcopy(v2)
        d["dlp"]["policies"] = []
        self.valid("dlp_v2_policies_empty", d)
        d = copy.deepcopy(v2)
        d["dlp"]["policies"][0]["check"] = (["REQUEST", "RESPONSE"] * L["DLP_CHECKS"])[:L["DLP_CHECKS"]]
        self.valid("dlp_v2_check_repeats_at_aigw_limit", d)   # no uniqueItems in the schema
        # both shapes' members at once: the object matches both variants of anyOf
        d = copy.deepcopy(v1)
        d["dlp"]["policies"] = copy.deepcopy(v2["dlp"]["policies"])
        self.valid("dlp_both_shapes", d)
        d = copy.deepcopy(v1)
        d["stripe"]["usage_events"] = []
        self.valid("stripe_usage_events_empty", d)
        d = copy.deepcopy(v1)
        d["stripe"]["usage_events"] = [{"payload": "e%d" % i + CH4 * (i % 3)}
                                       for i in range(L["USAGE_EVENTS"])]
        self.valid("stripe_usage_events_at_aigw_limit", d)
        # members no version of the schema names: allowed (no additionalProperties:
        # false). (The members a later version names are the "later" cases.)
        d = copy.deepcopy(v1)
        d["future_\u00e9"] = [1, -2.5e-3, "x", None, False, {"a": {}}]
        self.valid("unknown_members", d)
        self.gen_valid_newer(v1)
        # unknown members inside modelled objects (a newer API's nested fields)
        d = copy.deepcopy(v2)
        d["dlp"]["policies"][0]["severity"] = "high"
        d["otel"][0]["timeout_ms"] = 1500
        d["stripe"]["mode"] = {"live": False}
        d["stripe"]["usage_events"][0]["meter"] = "m-" + CH4
        self.valid("nested_unknown_members", d)
        d = copy.deepcopy(v1)
        d["dlp"]["x-future"] = [CH_MAX]
        self.valid("nested_unknown_member_dlp_v1", d)
        d = copy.deepcopy(API_PAGE_EXAMPLE)
        for i in range(L["EXTRA_MEMBERS"]):
            d["x_extra_%02d" % i] = i
        self.valid("extra_members_at_aigw_limit", d)
        # gateway ids at the path parameter's bounds and with characters to encode
        for name, gid in VALID_IDS.items():
            self.valid(name, copy.deepcopy(API_PAGE_EXAMPLE), gw_id=gid)
        # JSON text forms: pretty-printed, escaped solidus, uppercase hex escapes,
        # every non-ASCII character written as \u escapes (surrogate pairs for 4-byte)
        self.valid("text_pretty_printed", v2, raw=json.dumps(v2, indent=2, ensure_ascii=False))
        d = copy.deepcopy(v1)
        d["store_id"] = "a/b/" + CH2 + CH4
        raw = json.dumps(d, ensure_ascii=True).replace("a/b/", "a\\/b\\/").replace("\\u00e9", "\\u00E9")
        self.valid("text_escaped_solidus_uppercase_hex", d, raw=raw)
        d = copy.deepcopy(v1)
        d["logpush_public_key"] = CH4 * 16
        d["otel"][0]["authorization"] = CH_MAX * 256
        self.valid("text_all_escaped_4byte", d, raw=json.dumps(d, ensure_ascii=True))
        d = copy.deepcopy(API_PAGE_EXAMPLE)
        self.valid("text_whitespace", d, raw=" \r\n\t{ \"cache_invalidate_on_update\" :\ttrue ,\n"
                   "\"cache_ttl\":0,\"collect_logs\":true,\"rate_limiting_interval\":0,"
                   "\"rate_limiting_limit\":0 }\n")

    def gen_valid_newer(self, v1):
        """Valid sets for the members of the newer versions this fragment has."""
        L = self.limits
        P = self.props
        if "guardrails" in P:
            acts = sorted(P["guardrails"]["properties"]["prompt"]["properties"])
            d = copy.deepcopy(v1)
            d["guardrails"] = {"prompt": {}, "response": {}}
            self.valid("guardrails_empty_sides", d)
            d = copy.deepcopy(v1)
            d["guardrails"] = {"prompt": {k: ("FLAG", "BLOCK")[i % 2] for i, k in enumerate(acts)},
                               "response": {k: ("BLOCK", "FLAG")[i % 2] for i, k in enumerate(acts)}}
            self.valid("guardrails_every_category", d)
            d = copy.deepcopy(v1)
            d["guardrails"]["prompt"]["S99"] = "FLAG"          # a category no version names
            d["guardrails"]["x_future"] = {"a": 1}
            self.valid("guardrails_unknown_members", d)
        if "spend_limits" in P:
            rule = NEWER_MEMBERS["spend_limits"]["rules"][0]
            minimal = {"limit": 1, "limitType": "cost", "window": 1}
            for name, sl in (
                    ("spend_limits_empty", {}),
                    ("spend_limits_rules_empty", {"enabled": False, "rules": []}),
                    ("spend_limits_rule_minimal", {"rules": [dict(minimal)]}),
                    ("spend_limits_rules_at_max", {"enabled": True, "rules": [
                        dict(rule, id="r%02d" % i, limit=[0.01, 1, 12.75, 1e9][i % 4], window=i + 1,
                             technique=("fixed", "sliding")[i % 2])
                        for i in range(min(P["spend_limits"]["properties"]["rules"]["maxItems"],
                                           L["SPEND_RULES"]))]}),
                    ("spend_limits_metadata_empty", {"rules": [dict(minimal, metadata={})]}),
                    ("spend_limits_metadata_many", {"rules": [dict(minimal, metadata={
                        "k%02d-%s" % (i, CH3 * (i % 2)): ({"mode": "partition"} if i % 2 else
                                                          {"mode": "filter", "values": [CH4 * i, "v"][:i % 3]})
                        for i in range(12)})]}),
                    ("spend_limits_metadata_unknown_inside", {"rules": [dict(minimal, metadata={
                        "a": {"mode": "partition", "x": [1, {"y": None}]},
                        "\u00e9\"\\": {"mode": "filter", "values": [], "z": 1.5}})]}),
                    ("spend_limits_filters_empty_values", {"rules": [dict(
                        minimal, model={"mode": "filter", "values": []},
                        provider={"mode": "filter", "values": []})]}),
                    ("spend_limits_filter_values_at_aigw_limit", {"rules": [dict(
                        minimal, model={"mode": "filter", "values": ["m%d%s" % (i, CH2 * (i % 3))
                                                                     for i in range(L["LIST_ITEMS"])]})]}),
                    ("spend_limits_unknown_members", {"enabled": True, "x_budget": {"a": 1}, "rules": [dict(
                        minimal, x_rule=[True], model={"mode": "filter", "values": ["m"], "x_m": None})]})):
                d = copy.deepcopy(v1)
                d["spend_limits"] = sl
                self.valid(name, d)
            # the limit's number text as written (the body is the same JSON value)
            for name, text in (("upper_exponent", "1E+2"), ("fraction_exponent", "0.5e-3"),
                               ("trailing_zeros", "1.000"), ("long_fraction", "0.00000000000000000000001"),
                               ("big_integer", "123456789012345678901234567890")):
                d = copy.deepcopy(API_PAGE_EXAMPLE)
                d["spend_limits"] = {"rules": [dict(minimal, limit=json.loads(text))]}
                raw = json.dumps(d).replace('"limit": %s' % json.dumps(json.loads(text)), '"limit": ' + text)
                self.valid("spend_limits_limit_text_" + name, d, raw=raw,
                           sdk=name != "big_integer", note="integer above 2^53: a JS number cannot hold it exactly"
                           if name == "big_integer" else None)

    def gen_invalid_newer(self, v1):
        P = self.props
        if "spend_limits" in P:
            mx = P["spend_limits"]["properties"]["rules"]["maxItems"]
            d = copy.deepcopy(v1)
            d["spend_limits"]["rules"] = [dict(d["spend_limits"]["rules"][0], id="r%d" % i) for i in range(mx + 1)]
            self.invalid("spend_limits_rules_maxitems_%d" % (mx + 1), d, "maxItems %d" % mx,
                         ["spend_limits", "rules"])
            minimal = {"limitType": "cost", "window": 1}
            for name, text in (("zero_exponent", "0e5"), ("negative_zero", "-0"), ("zero_fraction", "0.000"),
                               ("negative_exponent_form", "-1E-2")):
                d = copy.deepcopy(API_PAGE_EXAMPLE)
                d["spend_limits"] = {"rules": [dict(minimal, limit=json.loads(text))]}
                raw = json.dumps(d).replace('"limit": %s' % json.dumps(json.loads(text)), '"limit": ' + text)
                if raw == json.dumps(d):
                    die("limit text %s not placed" % text)
                self.invalid("spend_limits_limit_text_" + name, d, "exclusiveMinimum 0",
                             ["spend_limits", "rules", 0, "limit"], raw=raw)

    def gen_later(self, later_props):
        """Members a later version names and this one does not: the fragment takes
        them as unknown members, aigw built for this version refuses them by name."""
        v1 = base_v1(self.props)
        for k in sorted(later_props):
            if k in self.props:
                continue
            if k not in NEWER_MEMBERS:
                die("no value for the later member %s (NEWER_MEMBERS)" % k)
            d = copy.deepcopy(v1)
            d[k] = copy.deepcopy(NEWER_MEMBERS[k])
            self.add("later", k, d, rule="not in this schema version", where=["body", k])

    # random documents: every field independently omitted, null, or a valid value
    def random_doc(self):
        r = self.rng
        L = self.limits

        def s(lo=0, hi=24):
            n = r.randint(lo, hi)
            alphabet = [CH1, "Z", "0", " ", "-", CH2, CH3, CH4, CH4B, "\"", "\\", "\n", "\u0000", "/"]
            return "".join(r.choice(alphabet) for _ in range(n))

        def opt(d, k, gen, nullable):
            x = r.random()
            if x < 0.25:
                return
            if nullable and x < 0.40:
                d[k] = None
                return
            d[k] = gen()

        def intval(lo, hi):
            return r.choice([lo, hi, r.randint(lo, hi)])

        d = {}
        d["cache_invalidate_on_update"] = r.random() < 0.5
        d["cache_ttl"] = None if r.random() < 0.2 else intval(0, 2 ** 31)
        d["collect_logs"] = r.random() < 0.5
        d["rate_limiting_interval"] = None if r.random() < 0.2 else intval(0, 86400)
        d["rate_limiting_limit"] = None if r.random() < 0.2 else intval(0, 10 ** 9)
        opt(d, "authentication", lambda: r.random() < 0.5, False)

        def dlp():
            if r.random() < 0.5:
                return {"action": r.choice(["BLOCK", "FLAG"]), "enabled": r.random() < 0.5,
                        "profiles": [s(0, 12) for _ in range(r.randint(0, 4))]}
            return {"enabled": r.random() < 0.5, "policies": [{
                "id": s(0, 10), "action": r.choice(["FLAG", "BLOCK"]),
                "check": [r.choice(["REQUEST", "RESPONSE"]) for _ in range(r.randint(0, min(3, L["DLP_CHECKS"])))],
                "enabled": r.random() < 0.5, "profiles": [s(0, 8) for _ in range(r.randint(0, 3))],
            } for _ in range(r.randint(0, 3))]}
        opt(d, "dlp", dlp, False)
        opt(d, "log_management", lambda: intval(10000, 10000000), True)
        opt(d, "log_management_strategy", lambda: r.choice(["STOP_INSERTING", "DELETE_OLDEST"]), True)
        opt(d, "logpush", lambda: r.random() < 0.5, False)
        opt(d, "logpush_public_key", lambda: s(16, 64), True)

        def otel():
            items = []
            for _ in range(r.randint(0, 5)):
                it = {"authorization": s(0, 40),
                      "headers": {s(0, 8): s(0, 30) for _ in range(r.randint(0, 4))},
                      "url": r.choice(VALID_URIS)}
                if r.random() < 0.6:
                    it["content_type"] = r.choice(["json", "protobuf"])
                items.append(it)
            return items
        opt(d, "otel", otel, True)
        opt(d, "rate_limiting_technique", lambda: r.choice(["fixed", "sliding"]), True)
        opt(d, "retry_backoff", lambda: r.choice(["constant", "linear", "exponential"]), True)
        opt(d, "retry_delay", lambda: intval(0, 5000), True)
        opt(d, "retry_max_attempts", lambda: intval(1, 5), True)
        opt(d, "store_id", lambda: s(0, 30), True)
        opt(d, "stripe", lambda: {"authorization": s(0, 30),
                                  "usage_events": [{"payload": s(0, 40)} for _ in range(r.randint(0, 3))]}, True)
        opt(d, "workers_ai_billing_mode", lambda: r.choice(self.props["workers_ai_billing_mode"]["enum"]), False)
        opt(d, "zdr", lambda: r.random() < 0.5, False)
        P = self.props
        if "log_classification" in P:
            opt(d, "log_classification", lambda: r.random() < 0.5, False)
        if "guardrails" in P:
            cats = sorted(P["guardrails"]["properties"]["prompt"]["properties"])
            side = lambda: {c: r.choice(["FLAG", "BLOCK"]) for c in r.sample(cats, r.randint(0, 4))}
            opt(d, "guardrails", lambda: {"prompt": side(), "response": side()}, True)
        if "spend_limits" in P:
            def flt():
                return {"mode": "filter", "values": [s(0, 10) for _ in range(r.randint(0, 3))]}

            def rule():
                ru = {"limit": r.choice([1, 0.5, 99.99, 1e-6, r.randint(1, 10 ** 6)]), "limitType": "cost",
                      "window": r.choice([1, 60, 86400, r.randint(1, 2 ** 31)])}
                for k, gen in (("enabled", lambda: r.random() < 0.5), ("id", lambda: s(1, 12)),
                               ("technique", lambda: r.choice(["fixed", "sliding"])), ("model", flt),
                               ("provider", flt),
                               ("metadata", lambda: {s(0, 6): r.choice([{"mode": "partition"}, flt()])
                                                     for _ in range(r.randint(0, 3))})):
                    if r.random() < 0.5:
                        ru[k] = gen()
                return ru
            sl = {}
            if r.random() < 0.7:
                sl["enabled"] = r.random() < 0.5
            if r.random() < 0.8:
                sl["rules"] = [rule() for _ in range(r.randint(0, 4))]
            opt(d, "spend_limits", lambda: sl, True)
        # key order does not matter in JSON: shuffle it now and then
        if r.random() < 0.3:
            items = list(d.items())
            r.shuffle(items)
            d = dict(items)
        return d

    # ------------------------------------------------------------ invalid sets
    def gen_invalid(self):
        v1, v2 = base_v1(self.props), base_v2(self.props)
        # the body is not an object
        for tname, val in WRONG_TYPE_VALUES["object"]:
            self.invalid("type_body_" + tname, val, "type", [])
        # (a body of JSON null is left out: the schema's requestBody is not
        # "required", and Prism takes null for "no body", which is allowed)
        seen = set()
        for base_name, base in (("v1", v1), ("v2", v2)):
            for path, sub, required, nullable in self.members(base):
                if base_name == "v2" and path[0] != "dlp":
                    continue
                key = pname(path) if path[0] != "dlp" else base_name + "_" + pname(path)
                if key in seen:
                    continue
                seen.add(key)
                # the place a violation is reported: inside dlp's anyOf, at dlp
                where = path if path[0] != "dlp" or len(path) == 1 else ["dlp"]
                parent = get_at(base, path[:-1])
                if isinstance(parent, dict) and required:
                    d = copy.deepcopy(base)
                    del_at(d, path)
                    self.invalid("missing_" + key, d, "required",
                                 path[:-1] if path[0] != "dlp" else ["dlp"])
                if not nullable:
                    d = copy.deepcopy(base)
                    set_at(d, path, None)
                    self.invalid("null_" + key, d, "not nullable", where)
                for vname, value, rule in self.invalid_values(sub):
                    d = copy.deepcopy(base)
                    set_at(d, path, value)
                    self.invalid(key + "_" + vname, d, rule, where)
        # otel over maxItems
        d = copy.deepcopy(v1)
        d["otel"] = [copy.deepcopy(v1["otel"][0]) for _ in range(6)]
        self.invalid("otel_maxitems_6", d, "maxItems 5", ["otel"])
        # dlp matching neither shape
        for name, dl in (
                ("dlp_empty_object", {}),
                ("dlp_enabled_only", {"enabled": True}),
                ("dlp_v1_without_action", {"enabled": True, "profiles": []}),
                ("dlp_v2_policies_object", {"enabled": True, "policies": {}}),
                ("dlp_mixed_missing_both", {"action": "BLOCK", "policies": []})):
            d = copy.deepcopy(v1)
            d["dlp"] = dl
            self.invalid(name, d, "anyOf", ["dlp"])
        # one broken rule inside an object that also holds a member the schema
        # does not name (allowed by itself): the unknown member must not hide
        # the broken one from a validator
        for name, base, path, member, value, rule, where in (
                ("nested_unknown_dlp_v1_action_enum", v1, ["dlp", "action"], ["dlp", "x-future"],
                 "NOPE", "enum", ["dlp"]),
                ("nested_unknown_dlp_v2_policy_check_enum", v2, ["dlp", "policies", 0, "check", 0],
                 ["dlp", "policies", 0, "severity"], "BOTH", "enum", ["dlp"]),
                ("nested_unknown_otel_url_format", v1, ["otel", 0, "url"], ["otel", 0, "timeout_ms"],
                 "url", "format uri", ["otel", 0, "url"]),
                ("nested_unknown_otel_authorization_maxlength", v1, ["otel", 0, "authorization"],
                 ["otel", 0, "timeout_ms"], "a" * 257, "maxLength 256", ["otel", 0, "authorization"]),
                ("nested_unknown_stripe_authorization_type", v1, ["stripe", "authorization"],
                 ["stripe", "mode"], 7, "type string", ["stripe", "authorization"]),
                ("nested_unknown_usage_event_payload_null", v1, ["stripe", "usage_events", 0, "payload"],
                 ["stripe", "usage_events", 0, "meter"], None, "not nullable",
                 ["stripe", "usage_events", 0, "payload"])):
            d = copy.deepcopy(base)
            set_at(d, member, 1)
            set_at(d, path, value)
            self.invalid(name, d, rule, where)
        for name, base, obj, member, missing in (
                ("nested_unknown_otel_missing_url", v1, ["otel", 0], "timeout_ms", "url"),
                ("nested_unknown_stripe_missing_usage_events", v1, ["stripe"], "mode", "usage_events"),
                ("nested_unknown_dlp_v2_policy_missing_id", v2, ["dlp", "policies", 0], "severity", "id")):
            d = copy.deepcopy(base)
            get_at(d, obj)[member] = 1
            del get_at(d, obj)[missing]
            self.invalid(name, d, "required", obj if obj[0] != "dlp" else ["dlp"])
        self.gen_invalid_newer(v1)
        # gateway ids past the path parameter's bounds
        for name, (gid, rule) in INVALID_IDS.items():
            self.add("invalid", name, copy.deepcopy(API_PAGE_EXAMPLE), rule=rule,
                     where=["path", "id"], gw_id=gid)

    def invalid_values(self, sub):
        t = json_type(sub)
        out = []
        if t in WRONG_TYPE_VALUES and "anyOf" not in sub:
            for tname, val in WRONG_TYPE_VALUES[t]:
                out.append(("type_" + tname, val, "type " + t))
        if "enum" in sub:
            for e in sub["enum"][:1]:
                out.append(("enum_lowercase" if e != e.lower() else "enum_uppercase",
                            e.lower() if e != e.lower() else e.upper(), "enum"))
                out.append(("enum_trailing_space", e + " ", "enum"))
            out.append(("enum_empty", "", "enum"))
            # a value of no version first (the newer fragment's "unified" is one of
            # workers_ai_billing_mode's values only from 20260817)
            out.append(("enum_unknown", next(x for x in ("unified", "OTHER") if x not in sub["enum"]), "enum"))
            return out
        if t == "number":
            lo = sub.get("minimum")
            if lo is not None and sub.get("exclusiveMinimum") is True:
                rule = "exclusiveMinimum %s" % lo
                out += [("at_min", lo, rule), ("at_min_float", float(lo), rule), ("below_min", lo - 1, rule),
                        ("below_min_tiny", lo - 1e-300, rule), ("far_below_min", -1.5e300, rule)]
            elif lo is not None:
                die("number minimum without exclusiveMinimum is not generated yet")
        if t == "integer":
            lo, hi = sub.get("minimum"), sub.get("maximum")
            if lo is not None and sub.get("exclusiveMinimum") is True:
                out.append(("at_exclusive_min", lo, "exclusiveMinimum %d" % lo))
                lo += 1
            if lo is not None:
                out.append(("below_min", lo - 1, "minimum %d" % lo))
                out.append(("far_below_min", lo - 2 ** 40, "minimum %d" % lo))
                out.append(("fraction_at_min", lo + 0.5, "type integer"))
            if hi is not None:
                out.append(("above_max", hi + 1, "maximum %d" % hi))
                out.append(("far_above_max", hi + 2 ** 40, "maximum %d" % hi))
        elif t == "string":
            lo, hi = sub.get("minLength"), sub.get("maxLength")
            for cname, ch in (("ascii", CH1), ("2byte", CH2), ("3byte", CH3), ("4byte", CH4)):
                if lo:
                    out.append(("minlen_minus_1_" + cname, string_of(lo - 1, ch), "minLength %d" % lo))
                if hi is not None:
                    out.append(("maxlen_plus_1_" + cname, string_of(hi + 1, ch), "maxLength %d" % hi))
            if lo:
                out.append(("empty", "", "minLength %d" % lo))
            if sub.get("format") == "uri":
                for uname, u in INVALID_URIS.items():
                    out.append(("uri_" + uname, u, "format uri"))
                out.append(("uri_maxlen_plus_1", "https://e.example/" + "p" * (hi + 1 - len("https://e.example/")),
                            "maxLength %d" % hi))
        elif t == "array":
            if "maxItems" in sub:
                pass    # otel_maxitems_6 above (needs valid items)
        return out

    # ------------------------------------------------------------ output
    def write(self, out_dir):
        for sub in ("valid", "invalid", "later"):
            os.makedirs(os.path.join(out_dir, sub), exist_ok=True)
            for f in os.listdir(os.path.join(out_dir, sub)):
                os.unlink(os.path.join(out_dir, sub, f))
        manifest = []
        for i, c in enumerate(self.cases):
            rel = os.path.join(c["kind"], c["name"] + ".json")
            if c["raw"] is not None:
                text = c["raw"]
                if json.loads(text) != c["body"]:
                    die("raw text of %s does not hold its body" % c["name"])
            else:
                # a third of the files spell non-ASCII as \u escapes (surrogate
                # pairs for 4-byte characters), the rest as raw UTF-8
                text = json.dumps(c["body"], ensure_ascii=(i % 3 == 2), separators=(",", ":"))
            with open(os.path.join(out_dir, rel), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            manifest.append({k: c[k] for k in ("name", "kind", "id", "rule", "loc", "sdk", "note")}
                            | {"file": rel})
        with open(os.path.join(out_dir, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump({"account_id": ACCOUNT_ID, "cases": manifest}, f, ensure_ascii=False, indent=1)
        return manifest


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--schema", required=True)
    ap.add_argument("--config", required=True, help="include/aigw/aigw_config.h")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=20260701)
    ap.add_argument("--random", type=int, default=200, help="number of random valid sets")
    ap.add_argument("--later-schema", action="append", default=[],
                    help="a later version's fragment: its members this one lacks become 'later' sets")
    a = ap.parse_args()
    schema, _ = load_request_schema(a.schema)
    g = Gen(schema, load_limits(a.config), a.seed, a.random)
    g.gen_valid()
    g.gen_invalid()
    later = set()
    for path in a.later_schema:
        later |= set(load_request_schema(path)[0]["properties"])
    g.gen_later(later)
    m = g.write(a.out)
    n = {k: sum(1 for c in m if c["kind"] == k) for k in ("valid", "invalid", "later")}
    print("gen_params: %d valid, %d invalid, %d later sets in %s" % (n["valid"], n["invalid"], n["later"], a.out))


if __name__ == "__main__":
    main()
