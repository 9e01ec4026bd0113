#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Local stand-in for Cloudflare's AI Gateway "Update a Gateway" API (PUT and GET of
/client/v4/accounts/{account_id}/ai-gateway/gateways/{id}) over HTTPS, for aigw's tests and demo.

Shares no code with the C client: Python 3 standard library only, TLS by the ssl module (OpenSSL).
It is deliberately strict where a sloppy client would otherwise pass unnoticed (CRLF line endings,
integers written as integers, duplicate JSON keys, lone surrogates) and has fault switches that
break the transport in the ways a real network and a real edge do.

Usage (all flags; see --help):
  aigw_emulator.py --cert server.pem --key server.key [--host 127.0.0.1] [--port 0 --port-file F]
                   [--token T] [--email E] [--key-auth K] [--account A] [--seed-gateway ID|ACCOUNT/ID]...
                   [--schema FILE] [--no-prefix | --prefix /client/v4] [--fault SPEC]...
                   [--idle-timeout S] [--tls-min 1.2] [--tls-max 1.3] [--no-tickets]
                   [--full-envelope] [--path-body-prefix] [--no-format-check] [--verbose]

Behaviour, in the order a request meets it:
  1. HTTP/1.1 framing: request line and headers must end in CRLF (a bare LF is 400); Host is required
     for HTTP/1.1; a body is framed by Content-Length or Transfer-Encoding: chunked (both -> 400);
     Expect: 100-continue is honoured. Protocol errors -> 400 {"code":10400,...} and the connection closes.
  2. Route: {prefix}/accounts/{account_id}/ai-gateway/gateways/{id}; the segments are percent-decoded
     after splitting on "/". Anything else -> 404 {"code":7000,"message":"No route for that URI"};
     a method other than GET/PUT there -> 405 {"code":7001,"message":"Method X not available for that URI."}.
  3. Authentication: "Authorization: Bearer <token>" (scheme case-insensitive) is used when an
     Authorization header is present; otherwise X-Auth-Email + X-Auth-Key. No usable credentials (no
     header, wrong scheme, one of email/key missing) -> 401; credentials present but not the accepted
     values -> 403. Both carry {"code":10000,"message":"Authentication error"}.
  4. Path parameters against the schema (id: 1..64 code points) -> 400 code 7001, path ["id"].
  5. PUT body: not UTF-8 / not JSON / NaN or Infinity / duplicate keys / lone surrogates -> 400 code 7001
     with path [] ("Malformed JSON ..."). Then the full schema check (the requestBody schema of the
     --schema file); each violation is one entry {"code":7001,"message":...,"path":[...]} where the path
     names object keys as strings and array indexes as integers, e.g. ["otel",2,"url"] (with
     --path-body-prefix: ["body","otel",2,"url"], the style of Cloudflare's chanfana framework).
     Properties the schema does not name are accepted and stored (the live API grows over time).
  6. Store lookup by (account_id, id): unknown -> 404 {"code":7002,"message":"Not Found"}.
  7. PUT replaces the object: the stored result becomes the body's fields plus id (from the path),
     created_at (kept), modified_at (now, RFC 3339 UTC with milliseconds, strictly increasing) and
     is_default (kept); those four are ignored if the body carries them. GET returns the stored object.
  Success: 200 {"result":{...},"success":true} (the API page's shape; --full-envelope adds
  "errors":[] and "messages":[] as the live API does). Errors: {"success":false,"errors":[...],
  "messages":[],"result":null}. Headers: Content-Type: application/json, Content-Length, Date,
  cf-ray: <16 hex>-SJC, Connection: keep-alive (close when the client asked or a fault says so).

Control endpoints (same server, no authentication, never affected by faults, not counted as API
requests): see the docstring of class Control; fault objects: see CONTROL_HELP. Both are in --help.
"""

import argparse
import base64
import copy
import email.utils
import http
import http.server
import json
import os
import re
import secrets
import select
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.normpath(os.path.join(HERE, "..", "..", "tools", "upstream", "api", "ai-gateway.openapi.json"))
API_PATH = "/accounts/{account_id}/ai-gateway/gateways/{id}"

# Defaults are the example credentials and account of the API page.
DEFAULT_TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"
DEFAULT_EMAIL = "user@example.com"
DEFAULT_AUTH_KEY = "144c9defac04969c7bfad8efaa8ea194"
DEFAULT_ACCOUNT = "3ebbcb006d4d46d7bb6a8c7f14676cb0"

# The API page's example result: what --seed-gateway stores (with the id replaced).
EXAMPLE_RESULT = {
    "id": "my-gateway",
    "cache_invalidate_on_update": True,
    "cache_ttl": 0,
    "collect_logs": True,
    "created_at": "2019-12-27T18:11:19.117Z",
    "modified_at": "2019-12-27T18:11:19.117Z",
    "rate_limiting_interval": 0,
    "rate_limiting_limit": 0,
    "authentication": True,
    "dlp": {"action": "BLOCK", "enabled": True, "profiles": ["string"]},
    "is_default": True,
    "log_management": 10000,
    "log_management_strategy": "STOP_INSERTING",
    "logpush": True,
    "logpush_public_key": "xxxxxxxxxxxxxxxx",
    "otel": [{"authorization": "authorization", "headers": {"foo": "string"}, "url": "url",
              "content_type": "json"}],
    "rate_limiting_technique": "fixed",
    "retry_backoff": "constant",
    "retry_delay": 0,
    "retry_max_attempts": 1,
    "store_id": "store_id",
    "stripe": {"authorization": "authorization", "usage_events": [{"payload": "payload"}]},
    "workers_ai_billing_mode": "postpaid",
    "zdr": True,
}
SERVER_MANAGED = ("id", "created_at", "modified_at", "is_default")

MAX_HEAD = 64 * 1024
MAX_BODY = 1024 * 1024


# --------------------------------------------------------------------------------------------
# Schema validation (the OpenAPI 3.0 subset the schema files use, plus the few neighbours
# newer copies might use: allOf/oneOf, exclusiveMinimum/Maximum, pattern, min/maxItems ...)
# --------------------------------------------------------------------------------------------

URI_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
DATE_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$")


def type_name(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def type_ok(v, t):
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "string":
        return isinstance(v, str)
    if t == "boolean":
        return isinstance(v, bool)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    return True  # an unknown type name constrains nothing rather than rejecting everything


def json_equal(a, b):
    # 1 == True in Python; JSON does not think so.
    if type_name(a) != type_name(b) and not (type_name(a) in ("integer", "number") and type_name(b) in ("integer", "number")):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return a == b


class Validator:
    def __init__(self, doc, check_format=True):
        self.doc = doc
        self.check_format = check_format

    def resolve(self, s):
        seen = 0
        while isinstance(s, dict) and "$ref" in s:
            ref = s["$ref"]
            if not ref.startswith("#/"):
                raise ValueError("unsupported $ref %r" % ref)
            node = self.doc
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            s = node
            seen += 1
            if seen > 64:
                raise ValueError("$ref loop at %r" % ref)
        return s

    def validate(self, v, s, path=()):
        """Returns a list of (path tuple, message); empty when v satisfies s."""
        s = self.resolve(s)
        if not isinstance(s, dict):
            return []
        if v is None:
            if s.get("nullable") is True:
                return []
            if "type" in s:
                return [(path, "Expected %s, received null" % s["type"])]
            # No type here (e.g. anyOf): null is still not allowed unless nullable (OpenAPI 3.0).
            if any(k in s for k in ("anyOf", "oneOf", "allOf", "properties", "enum")):
                return [(path, "Expected a value, received null")]
            return []
        t = s.get("type")
        if t is not None and not type_ok(v, t):
            return [(path, "Expected %s, received %s" % (t, type_name(v)))]
        errs = []
        if "enum" in s and not any(json_equal(v, e) for e in s["enum"]):
            errs.append((path, "Invalid enum value. Expected %s, received %s" % (
                " | ".join(json.dumps(e) for e in s["enum"]), json.dumps(v, ensure_ascii=False))))
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            errs += self._number(v, s, path)
        if isinstance(v, str):
            errs += self._string(v, s, path)
        if isinstance(v, list):
            errs += self._array(v, s, path)
        if isinstance(v, dict):
            errs += self._object(v, s, path)
        for sub in s.get("allOf", []):
            errs += self.validate(v, sub, path)
        if "anyOf" in s:
            errs += self._any_of(v, s["anyOf"], path, "anyOf")
        if "oneOf" in s:
            results = [self.validate(v, sub, path) for sub in s["oneOf"]]
            ok = [i for i, r in enumerate(results) if not r]
            if len(ok) > 1:
                errs.append((path, "Value matches more than one oneOf branch (%s)" % ok))
            elif not ok:
                errs += self._best_branch(results, path, "oneOf")
        return errs

    def _number(self, v, s, path):
        errs = []
        mn, mx = s.get("minimum"), s.get("maximum")
        emn, emx = s.get("exclusiveMinimum"), s.get("exclusiveMaximum")
        if mn is not None:
            if emn is True and not v > mn:
                errs.append((path, "Number must be greater than %s" % mn))
            elif emn is not True and v < mn:
                errs.append((path, "Number must be greater than or equal to %s" % mn))
        if isinstance(emn, (int, float)) and not isinstance(emn, bool) and not v > emn:
            errs.append((path, "Number must be greater than %s" % emn))
        if mx is not None:
            if emx is True and not v < mx:
                errs.append((path, "Number must be less than %s" % mx))
            elif emx is not True and v > mx:
                errs.append((path, "Number must be less than or equal to %s" % mx))
        if isinstance(emx, (int, float)) and not isinstance(emx, bool) and not v < emx:
            errs.append((path, "Number must be less than %s" % emx))
        mo = s.get("multipleOf")
        if mo and (v / mo) != int(v / mo):
            errs.append((path, "Number must be a multiple of %s" % mo))
        return errs

    def _string(self, v, s, path):
        errs = []
        n = len(v)  # code points: JSON decoding already joined surrogate pairs
        if "minLength" in s and n < s["minLength"]:
            errs.append((path, "String must contain at least %d character(s)" % s["minLength"]))
        if "maxLength" in s and n > s["maxLength"]:
            errs.append((path, "String must contain at most %d character(s)" % s["maxLength"]))
        if "pattern" in s and not re.search(s["pattern"], v):
            errs.append((path, "String must match pattern %s" % s["pattern"]))
        fmt = s.get("format")
        if self.check_format and fmt == "uri" and not URI_RE.match(v):
            errs.append((path, "Invalid url (format uri: an absolute URI per RFC 3986 is required)"))
        if self.check_format and fmt == "date-time" and not DATE_TIME_RE.match(v):
            errs.append((path, "Invalid datetime (format date-time, RFC 3339)"))
        return errs

    def _array(self, v, s, path):
        errs = []
        if "minItems" in s and len(v) < s["minItems"]:
            errs.append((path, "Array must contain at least %d element(s)" % s["minItems"]))
        if "maxItems" in s and len(v) > s["maxItems"]:
            errs.append((path, "Array must contain at most %d element(s)" % s["maxItems"]))
        if s.get("uniqueItems"):
            for i in range(len(v)):
                if any(json_equal(v[i], v[j]) for j in range(i)):
                    errs.append((path + (i,), "Array items must be unique"))
        if "items" in s:
            for i, item in enumerate(v):
                errs += self.validate(item, s["items"], path + (i,))
        return errs

    def _object(self, v, s, path):
        errs = []
        props = s.get("properties", {})
        for name in s.get("required", []):
            if name not in v:
                errs.append((path + (name,), "Required"))
        if "minProperties" in s and len(v) < s["minProperties"]:
            errs.append((path, "Object must have at least %d properties" % s["minProperties"]))
        if "maxProperties" in s and len(v) > s["maxProperties"]:
            errs.append((path, "Object must have at most %d properties" % s["maxProperties"]))
        extra = s.get("additionalProperties", True)
        for k, item in v.items():
            if k in props:
                errs += self.validate(item, props[k], path + (k,))
            elif extra is False:
                errs.append((path + (k,), "Unrecognized key: %s" % json.dumps(k, ensure_ascii=False)))
            elif isinstance(extra, dict):
                errs += self.validate(item, extra, path + (k,))
        return errs

    def _any_of(self, v, branches, path, word):
        results = []
        for sub in branches:
            r = self.validate(v, sub, path)
            if not r:
                return []
            results.append(r)
        return self._best_branch(results, path, word)

    @staticmethod
    def _best_branch(results, path, word):
        # Report the branch that got furthest (deepest error path); ties go to the first branch,
        # so the answer is deterministic.
        best = max(range(len(results)), key=lambda i: (max(len(p) for p, _ in results[i]), -i))
        return [(p, "%s (%s branch %d of %d)" % (m, word, best, len(results))) for p, m in results[best]]


class DuplicateKey(ValueError):
    pass


def _pairs_no_dupes(pairs):
    d = {}
    for k, v in pairs:
        if k in d:
            raise DuplicateKey("duplicate key %s" % json.dumps(k, ensure_ascii=False))
        d[k] = v
    return d


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def _find_lone_surrogate(v, path=()):
    if isinstance(v, str):
        return path if any(0xD800 <= ord(c) <= 0xDFFF for c in v) else None
    if isinstance(v, list):
        for i, x in enumerate(v):
            p = _find_lone_surrogate(x, path + (i,))
            if p is not None:
                return p
    if isinstance(v, dict):
        for k, x in v.items():
            p = _find_lone_surrogate(k, path + (k,))
            if p is None:
                p = _find_lone_surrogate(x, path + (k,))
            if p is not None:
                return p
    return None


def parse_json_strict(raw):
    """Returns (value, None) or (None, reason)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, "body is not UTF-8 (byte %d)" % e.start
    if text.startswith("\ufeff"):
        return None, "byte order mark before JSON"
    try:
        v = json.loads(text, object_pairs_hook=_pairs_no_dupes, parse_constant=_reject_constant)
    except DuplicateKey as e:
        return None, str(e)
    except ValueError as e:
        return None, str(e)
    p = _find_lone_surrogate(v)
    if p is not None:
        return None, "unpaired surrogate escape in a string at %s" % json.dumps(list(p), ensure_ascii=False)
    return v, None


# --------------------------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------------------------

FAULT_MODES = {
    # mode: allowed parameters (besides the common ones)
    "delay": {"ms"},
    "delay_body": {"ms", "body_ms"},
    "status": {"code", "retry_after", "retry_after_date", "retry_after_ms", "html", "body",
               "content_type", "headers", "date"},
    "messages": {"messages"},
    "close_headers": {"bytes", "notify"},
    "close_body": {"bytes", "notify"},
    "reset": {"bytes"},
    "bytewise": {"interval_ms"},
    "chunked": {"chunk_size", "ext", "trailer"},
    "close": set(),
    "idle_close": {"after_ms"},
    "eof_body": set(),
    "stall": {"bytes", "ms"},
}
FAULT_COMMON = {"mode", "count", "method", "skip", "apply"}
CONTROL_HELP = """faults: {"mode": M | [M, ...], "count": N (default 1, -1 = until cleared), "method": "PUT"|"GET"
(only requests with that method), "skip": K (let K matching requests pass first), "apply": bool
(whether the request still changes the store; default true, false for "status"), ...mode parameters}.
Modes and parameters:
  delay {ms}                 wait ms before the first byte of the response
  delay_body {ms|body_ms}    send the head, wait, then the body
  status {code=503, retry_after (int seconds or raw string), retry_after_date (seconds -> HTTP-date),
          retry_after_ms (int -> retry-after-ms header), html (bool: text/html body), body (raw string),
          content_type, headers {name: value}, date (false: no Date header)}
                             answer with that status instead (no store change)
  messages {messages: [{code, message, ...}]}  the answer's JSON envelope carries these messages[]
  close_headers {bytes}      send that many bytes of the head (default half; < head length), then FIN
  close_body {bytes}         send the head and that many body bytes (default half), then FIN
                             (no TLS close_notify unless notify=true)
  reset {bytes}              RST (SO_LINGER 0) after that many response bytes (default 0: no response)
  bytewise {interval_ms}     one byte per write (one TLS record, TCP_NODELAY), optional pause between
  chunked {chunk_size=16, ext (true or ";x=y" string), trailer (true or {name: value})}
                             Transfer-Encoding: chunked instead of Content-Length
  close                      Connection: close, then close (TLS close_notify, FIN)
  idle_close {after_ms=0}    keep-alive response, then close the connection silently after_ms later
  eof_body                   no Content-Length or chunking: the body ends at connection close
  stall {bytes=0, ms}        send that many bytes, then never answer (until ms, peer close or stop)
"""


class FaultError(ValueError):
    pass


def normalize_fault(f):
    if not isinstance(f, dict):
        raise FaultError("a fault is a JSON object")
    modes = f.get("mode")
    if isinstance(modes, str):
        modes = [m for m in modes.split("+") if m]
    if not isinstance(modes, list) or not modes or not all(isinstance(m, str) for m in modes):
        raise FaultError("fault needs \"mode\": a mode name or a list of them")
    allowed = set(FAULT_COMMON)
    for m in modes:
        if m not in FAULT_MODES:
            raise FaultError("unknown fault mode %r (known: %s)" % (m, ", ".join(sorted(FAULT_MODES))))
        allowed |= FAULT_MODES[m]
    for k in f:
        if k not in allowed:
            raise FaultError("parameter %r does not belong to mode(s) %s" % (k, "+".join(modes)))
    g = dict(f)
    g["mode"] = modes
    count = g.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or (count < 1 and count != -1):
        raise FaultError("count must be a positive integer or -1")
    g["count"] = count
    skip = g.get("skip", 0)
    if not isinstance(skip, int) or isinstance(skip, bool) or skip < 0:
        raise FaultError("skip must be a non-negative integer")
    g["skip"] = skip
    if "method" in g and not isinstance(g["method"], str):
        raise FaultError("method must be a string")
    for k in ("ms", "body_ms", "bytes", "interval_ms", "after_ms", "chunk_size", "retry_after_ms",
              "retry_after_date", "code"):
        if k in g and (not isinstance(g[k], int) or isinstance(g[k], bool) or g[k] < 0):
            raise FaultError("%s must be a non-negative integer" % k)
    if "chunk_size" in g and g["chunk_size"] < 1:
        raise FaultError("chunk_size must be >= 1")
    if "code" in g and not 100 <= g["code"] <= 599:
        raise FaultError("code must be an HTTP status 100..599")
    if "headers" in g and not (isinstance(g["headers"], dict) and all(isinstance(v, str) for v in g["headers"].values())):
        raise FaultError("headers must be an object of strings")
    if "date" in g and not isinstance(g["date"], bool):
        raise FaultError("date must be true or false")
    if "messages" in g and not (isinstance(g["messages"], list) and all(isinstance(m, dict) for m in g["messages"])):
        raise FaultError("messages must be a list of objects")
    if "apply" not in g:
        g["apply"] = "status" not in modes
    return g


def parse_fault_cli(spec):
    """--fault SPEC: a JSON object, or MODE[+MODE...][:key=value,...] (values: integers, true/false,
    otherwise strings), e.g. status:code=429,retry_after=2,count=3 or chunked+bytewise:chunk_size=5."""
    spec = spec.strip()
    if spec.startswith("{"):
        return normalize_fault(json.loads(spec))
    mode, _, rest = spec.partition(":")
    f = {"mode": mode}
    if rest:
        for item in rest.split(","):
            k, eq, val = item.partition("=")
            if not eq:
                raise FaultError("expected key=value in %r" % item)
            if re.fullmatch(r"-?\d+", val):
                f[k] = int(val)
            elif val in ("true", "false"):
                f[k] = val == "true"
            else:
                f[k] = val
    return normalize_fault(f)


# --------------------------------------------------------------------------------------------
# Shared state
# --------------------------------------------------------------------------------------------

def rfc3339_ms(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (int(t * 1000) % 1000)


class State:
    def __init__(self, args, validator, id_schema):
        self.args = args
        self.validator = validator
        self.id_schema = id_schema
        self.lock = threading.Lock()
        self.cli_faults = list(args.fault)
        self.last_modified_ms = 0
        self.conn_seq = 0
        self.reset()

    def seeds(self):
        store = {}
        for spec in self.args.seed_gateway:
            acct, _, gid = spec.rpartition("/")
            acct = acct or self.args.account
            obj = copy.deepcopy(EXAMPLE_RESULT)
            obj["id"] = gid
            store[(acct, gid)] = obj
        return store

    def reset(self):
        with self.lock:
            self.store = self.seeds()
            self.faults = [copy.deepcopy(f) for f in self.cli_faults]
            self.stats = {
                "requests": 0, "control_requests": 0, "connections": 0, "api_connections": 0,
                "tls_handshakes": {"full": 0, "resumed": 0, "failed": 0},
                "tls_versions": {}, "by_status": {}, "by_method": {}, "faults_applied": {},
                "idle_timeouts": 0, "bad_requests": 0,
                "last_request": None, "last_handshake_error": None, "recent_connections": [],
            }

    def next_modified(self):
        # Strictly increasing, so two quick PUTs still show different modified_at values.
        with self.lock:
            ms = max(int(time.time() * 1000), self.last_modified_ms + 1)
            self.last_modified_ms = ms
        return rfc3339_ms(ms / 1000.0)

    def take_fault(self, method):
        with self.lock:
            for f in self.faults:
                if "method" in f and f["method"].upper() != method:
                    continue
                if f["skip"] > 0:
                    f["skip"] -= 1
                    return None
                if f["count"] != -1:
                    f["count"] -= 1
                    if f["count"] == 0:
                        self.faults.remove(f)
                for m in f["mode"]:
                    self.stats["faults_applied"][m] = self.stats["faults_applied"].get(m, 0) + 1
                return f
        return None

    def bump(self, key, sub=None, n=1):
        with self.lock:
            if sub is None:
                self.stats[key] += n
            else:
                d = self.stats[key]
                d[sub] = d.get(sub, 0) + n


# --------------------------------------------------------------------------------------------
# HTTP
# --------------------------------------------------------------------------------------------

class BadRequest(Exception):
    def __init__(self, msg, status=400):
        super().__init__(msg)
        self.status = status


class Request:
    pass


TOKEN_RE = re.compile(rb"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")


def read_line(rfile, limit):
    line = rfile.readline(limit + 1)
    if len(line) > limit:
        raise BadRequest("header section too large", 431)
    return line


def read_request(rfile):
    """Reads one request. Returns None on a clean EOF before any byte."""
    head = bytearray()
    line = rfile.readline(MAX_HEAD + 1)
    if not line:
        return None
    head += line
    if not line.endswith(b"\r\n"):
        raise BadRequest("request line must end in CRLF" if line.endswith(b"\n") else "truncated request line")
    parts = line[:-2].split(b" ")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        raise BadRequest("malformed request line")
    method, target, version = parts
    if not TOKEN_RE.match(method):
        raise BadRequest("malformed method")
    if version not in (b"HTTP/1.1", b"HTTP/1.0"):
        raise BadRequest("unsupported HTTP version %r" % version.decode("latin-1"), 505)
    headers = []
    while True:
        line = read_line(rfile, MAX_HEAD - len(head))
        head += line
        if not line:
            raise BadRequest("connection closed inside the headers")
        if not line.endswith(b"\r\n"):
            raise BadRequest("header line must end in CRLF")
        if line == b"\r\n":
            break
        if line[:1] in (b" ", b"\t"):
            raise BadRequest("obsolete line folding")
        name, colon, value = line[:-2].partition(b":")
        if not colon or not TOKEN_RE.match(name):
            raise BadRequest("malformed header line %r" % line[:40].decode("latin-1"))
        headers.append((name.decode("latin-1"), value.strip(b" \t").decode("latin-1")))
    r = Request()
    r.method = method.decode("latin-1")
    r.target = target.decode("latin-1")
    r.version = version.decode("latin-1")
    r.headers = headers
    r.head = bytes(head)
    return r


def header(req, name, all_values=False):
    vals = [v for k, v in req.headers if k.lower() == name.lower()]
    if all_values:
        return vals
    return vals[0] if vals else None


def read_body(req, rfile, wfile_send):
    te = header(req, "Transfer-Encoding", True)
    cl = header(req, "Content-Length", True)
    req.chunked = False
    req.body = b""
    if te and cl:
        raise BadRequest("both Transfer-Encoding and Content-Length")
    if te:
        codings = [c.strip().lower() for v in te for c in v.split(",")]
        if codings != ["chunked"]:
            raise BadRequest("unsupported Transfer-Encoding %r" % ", ".join(te), 501)
    if len(set(cl)) > 1 or any(not re.fullmatch(r"\d{1,15}", v) for v in cl):
        raise BadRequest("invalid Content-Length")
    expect = header(req, "Expect")
    if expect is not None:
        if expect.lower() != "100-continue":
            raise BadRequest("unsupported Expect", 417)
        if (te or (cl and int(cl[0]) > 0)) and req.version == "HTTP/1.1":
            wfile_send(b"HTTP/1.1 100 Continue\r\n\r\n")
    if cl:
        n = int(cl[0])
        if n > MAX_BODY:
            raise BadRequest("body too large", 413)
        body = rfile.read(n)
        if len(body) != n:
            raise BadRequest("connection closed inside the body (%d of %d bytes)" % (len(body), n))
        req.body = body
        req.raw_body = body
    elif te:
        req.chunked = True
        out = bytearray()
        raw = bytearray()
        while True:
            line = read_line(rfile, 1024)
            raw += line
            if not line.endswith(b"\r\n"):
                raise BadRequest("chunk size line must end in CRLF")
            size_s = line[:-2].split(b";", 1)[0].strip()
            if not re.fullmatch(rb"[0-9A-Fa-f]{1,8}", size_s):
                raise BadRequest("bad chunk size")
            size = int(size_s, 16)
            if len(out) + size > MAX_BODY:
                raise BadRequest("body too large", 413)
            if size == 0:
                while True:  # trailers
                    t = read_line(rfile, 8192)
                    raw += t
                    if not t.endswith(b"\r\n"):
                        raise BadRequest("trailer line must end in CRLF")
                    if t == b"\r\n":
                        break
                break
            data = rfile.read(size + 2)
            raw += data
            if len(data) != size + 2 or not data.endswith(b"\r\n"):
                raise BadRequest("chunk data not followed by CRLF")
            out += data[:-2]
        req.body = bytes(out)
        req.raw_body = bytes(raw)
    else:
        req.raw_body = b""


def envelope_error(errors):
    return {"success": False, "errors": errors, "messages": [], "result": None}


class Response:
    def __init__(self, status, obj=None, body=None, content_type="application/json", headers=None):
        self.status = status
        if body is None:
            body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.body = body
        self.content_type = content_type
        self.headers = list(headers or [])
        self.date = True


def reason(code):
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return "Unknown"


class Handler:
    """One TCP connection: TLS handshake, then requests until close."""

    def __init__(self, server, raw, peer):
        self.server = server
        self.st = server.state
        self.args = server.state.args
        self.raw = raw
        self.tcp = raw  # the object that owns the fd: raw before the handshake, the SSLSocket after
        self.peer = peer
        self.sock = None
        self.rfile = None
        with self.st.lock:
            self.st.conn_seq += 1
            self.conn_id = self.st.conn_seq
            self.st.stats["connections"] += 1
        self.info = {"id": self.conn_id, "peer": "%s:%s" % peer[:2], "tls_version": None, "cipher": None,
                     "session_reused": None, "sni": None, "alpn": None, "api_requests": 0,
                     "control_requests": 0, "closed_by": None}
        self.n_requests = 0

    def log(self, msg):
        if self.args.verbose:
            sys.stderr.write("aigw-emulator: conn %d: %s\n" % (self.conn_id, msg))
            sys.stderr.flush()

    def run(self):
        try:
            self._run()
        except Exception as e:  # a broken connection must never take the server down
            self.log("error: %r" % e)
            self.info["closed_by"] = self.info["closed_by"] or "error: %s" % e
        finally:
            self.abrupt_close()
            with self.st.lock:
                rc = self.st.stats["recent_connections"]
                rc.append(self.info)
                del rc[:-100]
            self.server.forget(self)

    def _run(self):
        self.raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.raw.settimeout(10)
        try:
            self.sock = self.tcp = self.server.ctx.wrap_socket(self.raw, server_side=True)
        except (ssl.SSLError, OSError) as e:
            with self.st.lock:
                self.st.stats["tls_handshakes"]["failed"] += 1
                self.st.stats["last_handshake_error"] = str(e)
            self.info["closed_by"] = "handshake failed: %s" % e
            return
        s = self.sock
        reused = bool(s.session_reused)
        self.info.update(tls_version=s.version(), cipher=(s.cipher() or [None])[0], session_reused=reused,
                         sni=getattr(s, "aigw_sni", None), alpn=s.selected_alpn_protocol())
        with self.st.lock:
            self.st.stats["tls_handshakes"]["resumed" if reused else "full"] += 1
            v = self.st.stats["tls_versions"]
            v[s.version()] = v.get(s.version(), 0) + 1
        self.rfile = s.makefile("rb", buffering=65536)
        while not self.server.stopping.is_set():
            s.settimeout(self.args.idle_timeout)
            try:
                req = read_request(self.rfile)
                if req is not None:
                    s.settimeout(30)
                    read_body(req, self.rfile, self.send)
            except BadRequest as e:
                self.st.bump("bad_requests")
                self.info["closed_by"] = "bad request: %s" % e
                self.write_simple(Response(e.status, envelope_error([{"code": 10400, "message": "Bad request: %s" % e}])), close=True)
                return
            except socket.timeout:
                self.st.bump("idle_timeouts")
                self.info["closed_by"] = "server idle timeout"
                self.graceful_close()
                return
            except (OSError, ValueError) as e:
                self.info["closed_by"] = "read error: %s" % e
                return
            if req is None:
                # Answer the client's close with ours: a TLS connection closed without close_notify
                # loses its session from OpenSSL's cache, and session-id resumption with it.
                self.info["closed_by"] = "client"
                self.graceful_close()
                return
            self.n_requests += 1
            if not self.handle(req):
                return

    # ---- request dispatch

    def handle(self, req):
        path = req.target.split("?", 1)[0]
        client_close = (header(req, "Connection") or "").lower() == "close" or (
            req.version == "HTTP/1.0" and (header(req, "Connection") or "").lower() != "keep-alive")
        if req.version == "HTTP/1.1" and header(req, "Host") is None:
            self.st.bump("bad_requests")
            self.write_simple(Response(400, envelope_error([{"code": 10400, "message": "Bad request: missing Host header"}])), close=True)
            return False
        if path.startswith("/__emulator/"):
            self.info["control_requests"] += 1
            self.st.bump("control_requests")
            resp = self.server.control.request(req, path)
            self.write_simple(resp, close=client_close)
            return not client_close
        self.info["api_requests"] += 1
        with self.st.lock:
            if self.info["api_requests"] == 1:
                self.st.stats["api_connections"] += 1
            self.st.stats["requests"] += 1
            bm = self.st.stats["by_method"]
            bm[req.method] = bm.get(req.method, 0) + 1
            self.st.stats["last_request"] = {
                "method": req.method, "target": req.target, "http_version": req.version,
                "headers": [[k, v] for k, v in req.headers],
                "head": req.head.decode("latin-1"),
                "body": req.body.decode("utf-8", "replace"),
                "body_base64": base64.b64encode(req.body).decode("ascii"),
                "raw_body_base64": base64.b64encode(req.raw_body).decode("ascii"),
                "chunked": req.chunked,
                "connection_id": self.conn_id, "request_on_connection": self.n_requests,
                "tls": {k: self.info[k] for k in ("tls_version", "cipher", "session_reused", "sni", "alpn")},
            }
        fault = self.st.take_fault(req.method)
        modes = fault["mode"] if fault else []
        if fault:
            self.log("fault %s on %s %s" % ("+".join(modes), req.method, req.target))
        commit = fault["apply"] if fault else True
        if "reset" in modes and not fault.get("bytes"):
            self.api(req, path, commit)
            self.info["closed_by"] = "fault reset"
            self.reset_close()
            return False
        if "status" in modes:
            self.api(req, path, commit)
            resp = self.fault_status(fault)
        else:
            resp = self.api(req, path, commit)
        if "messages" in modes:
            env = json.loads(resp.body)
            env["messages"] = fault["messages"]
            resp.body = json.dumps(env, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with self.st.lock:
            bs = self.st.stats["by_status"]
            bs[str(resp.status)] = bs.get(str(resp.status), 0) + 1
        self.log("%s %s -> %d" % (req.method, req.target, resp.status))
        return self.write_response(resp, fault, client_close)

    def api(self, req, path, commit=True):
        """The emulated API. commit=False: answer as usual but leave the store alone."""
        prefix = self.args.prefix
        if not path.startswith(prefix + "/"):
            return self.error(404, 7000, "No route for that URI")
        segs = path[len(prefix):].split("/")
        # ['', 'accounts', A, 'ai-gateway', 'gateways', ID]
        if len(segs) != 6 or segs[0] != "" or segs[1] != "accounts" or segs[3] != "ai-gateway" or segs[4] != "gateways":
            return self.error(404, 7000, "No route for that URI")
        if req.method not in ("GET", "PUT"):
            r = self.error(405, 7001, "Method %s not available for that URI." % req.method)
            r.headers.append(("Allow", "GET, PUT"))
            return r
        auth = self.check_auth(req)
        if auth:
            return auth
        decoded = []
        for name, seg in (("account_id", segs[2]), ("id", segs[5])):
            if re.search(r"%(?![0-9A-Fa-f]{2})", seg):
                return self.validation([((name,), "Invalid percent-encoding in the path")], "params")
            try:
                decoded.append(urllib.parse.unquote(seg, errors="strict"))
            except UnicodeDecodeError:
                return self.validation([((name,), "Path segment is not UTF-8 after percent-decoding")], "params")
        account, gid = decoded
        errs = self.st.validator.validate(gid, self.st.id_schema, ("id",))
        if not account:
            errs.insert(0, (("account_id",), "String must contain at least 1 character(s)"))
        if errs:
            return self.validation(errs, "params")
        body = None
        if req.method == "PUT":
            body, why = parse_json_strict(req.body)
            if why:
                return self.validation([((), "Malformed JSON in request body: %s" % why)], "body")
            errs = self.st.validator.validate(body, self.server.body_schema)
            if errs:
                return self.validation(errs, "body")
        with self.st.lock:
            cur = self.st.store.get((account, gid))
            if cur is None:
                return self.error(404, 7002, "Not Found")
            if req.method == "GET":
                return self.ok(copy.deepcopy(cur))
        modified = self.st.next_modified()
        with self.st.lock:
            cur = self.st.store.get((account, gid))
            if cur is None:  # deleted meanwhile through the control endpoint
                return self.error(404, 7002, "Not Found")
            new = {"id": gid}
            for k, v in body.items():
                if k not in SERVER_MANAGED:
                    new[k] = v
            new["created_at"] = cur.get("created_at", modified)
            new["modified_at"] = modified
            new["is_default"] = cur.get("is_default", False)
            if commit:
                self.st.store[(account, gid)] = new
            return self.ok(copy.deepcopy(new))

    def check_auth(self, req):
        a = self.args
        authz = header(req, "Authorization")
        if authz is not None:
            scheme, _, cred = authz.partition(" ")
            if scheme.lower() != "bearer" or not cred.strip():
                return self.error(401, 10000, "Authentication error")
            return None if secrets.compare_digest(cred.strip().encode(), a.token.encode()) else self.error(403, 10000, "Authentication error")
        em, key = header(req, "X-Auth-Email"), header(req, "X-Auth-Key")
        if em is None or key is None or not em or not key:
            return self.error(401, 10000, "Authentication error")
        if secrets.compare_digest(em.encode(), a.email.encode()) and secrets.compare_digest(key.encode(), a.auth_key.encode()):
            return None
        return self.error(403, 10000, "Authentication error")

    def ok(self, result):
        env = {"result": result, "success": True}
        if self.args.full_envelope:
            env = {"result": result, "success": True, "errors": [], "messages": []}
        return Response(200, env)

    def error(self, status, code, message):
        return Response(status, envelope_error([{"code": code, "message": message}]))

    def validation(self, errs, where):
        # where: "body" or "params"; --path-body-prefix names it first, as chanfana does.
        pre = [where] if self.args.path_body_prefix else []
        return Response(400, envelope_error([{"code": 7001, "message": m, "path": pre + list(p)} for p, m in errs]))

    def fault_status(self, f):
        code = f.get("code", 503)
        hdrs = []
        if "retry_after" in f:
            hdrs.append(("Retry-After", str(f["retry_after"])))
        if "retry_after_date" in f:
            hdrs.append(("Retry-After", email.utils.formatdate(time.time() + f["retry_after_date"], usegmt=True)))
        if "retry_after_ms" in f:
            hdrs.append(("retry-after-ms", str(f["retry_after_ms"])))
        hdrs += list(f.get("headers", {}).items())
        if "body" in f:
            return Response(code, body=str(f["body"]).encode("utf-8"),
                            content_type=f.get("content_type", "application/json"), headers=hdrs)
        if f.get("html"):
            ph = reason(code)
            html = ("<html>\r\n<head><title>%d %s</title></head>\r\n<body>\r\n<center><h1>%d %s</h1></center>\r\n"
                    "<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n" % (code, ph, code, ph))
            return Response(code, body=html.encode(), content_type=f.get("content_type", "text/html"), headers=hdrs)
        if code == 429:
            err = {"code": 971, "message": "Please wait and consider throttling your request speed"}
        elif code >= 500:
            err = {"code": 10002, "message": "Internal server error (emulated %d)" % code}
        else:
            err = {"code": 10001, "message": "Emulated status %d" % code}
        r = Response(code, envelope_error([err]), content_type=f.get("content_type", "application/json"), headers=hdrs)
        r.date = f.get("date", True)
        return r

    # ---- writing

    def build_head(self, resp, close, framing):
        lines = ["HTTP/1.1 %d %s" % (resp.status, reason(resp.status))]
        if resp.date:
            lines.append("Date: " + email.utils.formatdate(usegmt=True))
        lines.append("Content-Type: " + resp.content_type)
        if framing == "length":
            lines.append("Content-Length: %d" % len(resp.body))
        elif framing == "chunked":
            lines.append("Transfer-Encoding: chunked")
        lines.append("Connection: " + ("close" if close else "keep-alive"))
        lines.append("cf-ray: %s-SJC" % secrets.token_hex(8))
        lines.append("Server: aigw-emulator")
        for k, v in resp.headers:
            lines.append("%s: %s" % (k, v))
        return ("\r\n".join(lines) + "\r\n").encode("latin-1")

    def write_simple(self, resp, close):
        try:
            self.send(self.build_head(resp, close, "length") + b"\r\n" + resp.body)
        except OSError:
            return
        if close:
            self.graceful_close()

    def write_response(self, resp, fault, client_close):
        """Serialises resp the way the fault says. Returns True to keep the connection."""
        f = fault or {}
        modes = f.get("mode", [])
        close = client_close or "close" in modes or "eof_body" in modes
        framing = "length"
        body = resp.body
        head_extra = b""
        if "chunked" in modes:
            framing = "chunked"
            size = f.get("chunk_size", 16)
            ext = f.get("ext", False)
            ext_s = (ext if isinstance(ext, str) else ";aigw-ext=1") if ext else ""
            out = bytearray()
            for i in range(0, len(body), size):
                piece = body[i:i + size]
                out += b"%x%s\r\n" % (len(piece), ext_s.encode("latin-1")) + piece + b"\r\n"
            out += b"0%s\r\n" % ext_s.encode("latin-1")
            tr = f.get("trailer", False)
            if tr:
                trailers = tr if isinstance(tr, dict) else {"X-Aigw-Trailer": "done"}
                head_extra = ("Trailer: %s\r\n" % ", ".join(trailers)).encode("latin-1")
                for k, v in trailers.items():
                    out += ("%s: %s\r\n" % (k, v)).encode("latin-1")
            out += b"\r\n"
            body = bytes(out)
        elif "eof_body" in modes:
            framing = "eof"
        head = self.build_head(resp, close, framing) + head_extra + b"\r\n"
        wire = head + body
        limit, end = len(wire), None
        if "close_headers" in modes:
            limit, end = min(f.get("bytes", len(head) // 2), len(head) - 1), "fin"
        elif "close_body" in modes:
            limit, end = len(head) + min(f.get("bytes", len(body) // 2), max(len(body) - 1, 0)), "fin"
        elif "reset" in modes:
            limit, end = min(f.get("bytes", 0), len(wire)), "reset"
        elif "stall" in modes:
            limit, end = min(f.get("bytes", 0), len(wire)), "stall"
        try:
            if "delay" in modes:
                time.sleep(f.get("ms", 1000) / 1000.0)
            if "delay_body" in modes and limit > len(head):
                self.send_paced(wire[:len(head)], f)
                time.sleep(f.get("body_ms", f.get("ms", 1000)) / 1000.0)
                self.send_paced(wire[len(head):limit], f)
            else:
                self.send_paced(wire[:limit], f)
        except OSError as e:
            self.info["closed_by"] = "write error: %s" % e
            return False
        if end == "fin":
            self.info["closed_by"] = "fault %s after %d bytes" % ("+".join(modes), limit)
            if f.get("notify"):
                self.graceful_close()
            else:
                self.abrupt_close()
            return False
        if end == "reset":
            self.info["closed_by"] = "fault reset after %d bytes" % limit
            self.reset_close()
            return False
        if end == "stall":
            self.info["closed_by"] = "fault stall"
            self.stall(f.get("ms"))
            return False
        if close:
            self.info["closed_by"] = "server (Connection: close)"
            self.graceful_close()
            return False
        if "idle_close" in modes:
            time.sleep(f.get("after_ms", 0) / 1000.0)
            self.info["closed_by"] = "fault idle_close"
            self.graceful_close()
            return False
        return True

    def send(self, data):
        self.sock.sendall(data)

    def send_paced(self, data, f):
        if "bytewise" in f.get("mode", []):
            gap = f.get("interval_ms", 0) / 1000.0
            for i in range(len(data)):
                self.sock.sendall(data[i:i + 1])
                if gap:
                    time.sleep(gap)
        elif data:
            self.sock.sendall(data)

    def stall(self, ms):
        end = time.monotonic() + (ms / 1000.0 if ms is not None else 24 * 3600)
        fd = self.sock.fileno()
        while not self.server.stopping.is_set() and time.monotonic() < end:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    self.sock.settimeout(0.1)
                    if not self.sock.recv(4096):
                        return  # the client gave up
                except socket.timeout:
                    pass
                except (OSError, ssl.SSLError):
                    return

    # ---- closing

    def graceful_close(self):
        """TLS close_notify, then FIN; drains what the client still sends so the close is not a RST."""
        s = self.sock
        if s is None:
            return
        try:
            s.settimeout(0.2)
            try:
                s.unwrap()  # sends close_notify; waits briefly for the client's
            except (OSError, ssl.SSLError, ValueError):
                pass
            try:
                s.shutdown(socket.SHUT_WR)  # after unwrap() a plain TCP shutdown: FIN
                deadline = time.monotonic() + 0.2
                while time.monotonic() < deadline and s.recv(4096):
                    pass
            except OSError:
                pass
        finally:
            self.abrupt_close()

    def abrupt_close(self):
        for f in (self.rfile, self.tcp):
            try:
                if f is not None:
                    f.close()
            except OSError:
                pass
        self.rfile = self.sock = self.tcp = None

    def reset_close(self):
        try:
            self.tcp.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.abrupt_close()


# --------------------------------------------------------------------------------------------
# Control endpoints
# --------------------------------------------------------------------------------------------

class Control:
    """
    GET    /__emulator/health                -> {"ok":true}
    GET    /__emulator/stats                 -> counters (see State.reset) + "faults_pending"
    POST   /__emulator/faults                body: a fault object, a list of them, or {"faults":[...]};
                                             appended to the queue -> {"queued":n,"pending":[...]}
    GET    /__emulator/faults                -> {"pending":[...]}
    DELETE /__emulator/faults                clear the queue -> {"pending":[]}
    POST   /__emulator/reset                 store back to the seeds, faults back to the --fault list,
                                             counters to zero -> {"ok":true}
    GET    /__emulator/store                 -> {"gateways":[{"account_id":..,"id":..,"object":{..}},...]}
    PUT    /__emulator/store/{account}/{id}  body: the object to store as is (not validated; id,
                                             created_at, modified_at, is_default filled in if absent)
    DELETE /__emulator/store/{account}/{id}  remove it
    Errors: 400/404/405 {"ok":false,"error":"..."}.
    """

    def __init__(self, state):
        self.st = state

    def request(self, req, path):
        try:
            return self._request(req, path)
        except (FaultError, ValueError) as e:
            return Response(400, {"ok": False, "error": str(e)})

    def _request(self, req, path):
        m = req.method
        name = path[len("/__emulator/"):]
        if name == "health" and m == "GET":
            return Response(200, {"ok": True})
        if name == "stats" and m == "GET":
            with self.st.lock:
                s = copy.deepcopy(self.st.stats)
                s["faults_pending"] = copy.deepcopy(self.st.faults)
            return Response(200, s)
        if name == "faults":
            if m == "GET":
                with self.st.lock:
                    return Response(200, {"pending": copy.deepcopy(self.st.faults)})
            if m == "DELETE":
                with self.st.lock:
                    self.st.faults = []
                return Response(200, {"pending": []})
            if m == "POST":
                v, why = parse_json_strict(req.body)
                if why:
                    return Response(400, {"ok": False, "error": why})
                if isinstance(v, dict) and "faults" in v:
                    v = v["faults"]
                items = [normalize_fault(x) for x in (v if isinstance(v, list) else [v])]
                with self.st.lock:
                    self.st.faults.extend(items)
                    pending = copy.deepcopy(self.st.faults)
                return Response(200, {"queued": len(items), "pending": pending})
        if name == "reset" and m == "POST":
            self.st.reset()
            return Response(200, {"ok": True})
        if name == "store" and m == "GET":
            with self.st.lock:
                g = [{"account_id": a, "id": i, "object": copy.deepcopy(o)} for (a, i), o in sorted(self.st.store.items())]
            return Response(200, {"gateways": g})
        if name.startswith("store/"):
            parts = name.split("/")
            if len(parts) != 3:
                return Response(404, {"ok": False, "error": "use /__emulator/store/{account}/{id}"})
            key = (urllib.parse.unquote(parts[1]), urllib.parse.unquote(parts[2]))
            if m == "PUT":
                v, why = parse_json_strict(req.body)
                if why or not isinstance(v, dict):
                    return Response(400, {"ok": False, "error": why or "body must be a JSON object"})
                now = self.st.next_modified()
                v.setdefault("id", key[1])
                v.setdefault("created_at", now)
                v.setdefault("modified_at", now)
                v.setdefault("is_default", False)
                with self.st.lock:
                    self.st.store[key] = v
                return Response(200, {"ok": True, "object": v})
            if m == "DELETE":
                with self.st.lock:
                    gone = self.st.store.pop(key, None)
                return Response(200 if gone else 404, {"ok": gone is not None})
        if name in ("health", "stats", "faults", "reset", "store") or name.startswith("store/"):
            return Response(405, {"ok": False, "error": "method %s not allowed here" % m})
        return Response(404, {"ok": False, "error": "unknown control endpoint"})


# --------------------------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------------------------

class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def server_bind(self):
        # Not HTTPServer.server_bind: it resolves the host name, which may hang without DNS.
        import socketserver
        socketserver.TCPServer.server_bind(self)

    def finish_request(self, request, client_address):
        h = Handler(self, request, client_address)
        with self.live_lock:
            self.live.add(h)
        h.run()

    def shutdown_request(self, request):
        pass  # the Handler closes its own socket (TLS needs the order it chose)

    def forget(self, h):
        with self.live_lock:
            self.live.discard(h)

    def close_live(self):
        with self.live_lock:
            hs = list(self.live)
        for h in hs:
            try:
                h.tcp.shutdown(socket.SHUT_RDWR)
            except (OSError, AttributeError):
                pass


def make_server(args):
    with open(args.schema, encoding="utf-8") as fp:
        doc = json.load(fp)
    try:
        op = doc["paths"][API_PATH]["put"]
        body_schema = op["requestBody"]["content"]["application/json"]["schema"]
        id_schema = next(p["schema"] for p in op["parameters"] if p.get("in") == "path" and p.get("name") == "id")
    except (KeyError, StopIteration) as e:
        raise SystemExit("aigw-emulator: %s has no PUT %s request body schema (%s)" % (args.schema, API_PATH, e))
    validator = Validator(doc, check_format=not args.no_format_check)
    validator.resolve(body_schema)
    state = State(args, validator, id_schema)

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(args.cert, args.key)
    vers = {"1.2": ssl.TLSVersion.TLSv1_2, "1.3": ssl.TLSVersion.TLSv1_3}
    ctx.minimum_version = vers[args.tls_min]
    ctx.maximum_version = vers[args.tls_max]
    if args.no_tickets:
        ctx.options |= ssl.OP_NO_TICKET
    ctx.set_alpn_protocols(["http/1.1"])

    def sni(sslobj, name, _ctx):
        try:
            sslobj.aigw_sni = name
        except AttributeError:
            pass
    ctx.sni_callback = sni

    control = Control(state)
    stopping = threading.Event()
    # Every --host listens on the same port (the first one's, which --port 0 picks), so "localhost"
    # works whichever of 127.0.0.1 / ::1 a client resolves it to. A taken port on a later host means
    # starting over with a fresh one.
    for attempt in range(20):
        servers = []
        try:
            port = args.port
            for host in args.host:
                cls = Server
                if ":" in host:
                    cls = type("Server6", (Server,), {"address_family": socket.AF_INET6})
                srv = cls((host, port), None, bind_and_activate=True)
                servers.append(srv)
                port = srv.server_address[1]
        except OSError:
            for srv in servers:
                srv.server_close()
            if args.port != 0 or attempt == 19:
                raise
            continue
        break
    for srv in servers:
        srv.ctx = ctx
        srv.state = state
        srv.control = control
        srv.body_schema = body_schema
        srv.stopping = stopping
        srv.live = set()
        srv.live_lock = threading.Lock()
    return servers


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="HTTPS emulator of Cloudflare's AI Gateway Update/Get a Gateway API for aigw tests.",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=CONTROL_HELP + "\n" + (Control.__doc__ or ""))
    p.add_argument("--host", action="append", default=[],
                   help="address to listen on, repeatable, all on one port (default 127.0.0.1; ::1 for IPv6)")
    p.add_argument("--port", type=int, default=0, help="TCP port; 0 (default) picks a free one")
    p.add_argument("--port-file", help="write the chosen port here (atomically) once listening")
    p.add_argument("--cert", required=True, help="server certificate chain (PEM)")
    p.add_argument("--key", required=True, help="server private key (PEM)")
    p.add_argument("--token", default=DEFAULT_TOKEN, help="accepted API token (Authorization: Bearer)")
    p.add_argument("--email", default=DEFAULT_EMAIL, help="accepted X-Auth-Email")
    p.add_argument("--key-auth", "--auth-key", dest="auth_key", default=DEFAULT_AUTH_KEY, help="accepted X-Auth-Key")
    p.add_argument("--account", default=DEFAULT_ACCOUNT, help="account id that --seed-gateway ID uses")
    p.add_argument("--seed-gateway", action="append", default=[], metavar="ID|ACCOUNT/ID",
                   help="store the API page's example result under this id (repeatable)")
    p.add_argument("--schema", default=DEFAULT_SCHEMA, help="OpenAPI file (default tools/upstream/api/ai-gateway.openapi.json)")
    p.add_argument("--prefix", default="/client/v4", help="path prefix before /accounts (default /client/v4)")
    p.add_argument("--no-prefix", action="store_true", help="serve /accounts/... without /client/v4")
    p.add_argument("--fault", action="append", default=[], metavar="SPEC",
                   help="queue a fault at start (repeatable): JSON object or MODE[+MODE]:k=v,...")
    p.add_argument("--idle-timeout", type=float, default=60.0, help="close a keep-alive connection idle this many seconds (default 60)")
    p.add_argument("--tls-min", choices=("1.2", "1.3"), default="1.2")
    p.add_argument("--tls-max", choices=("1.2", "1.3"), default="1.3")
    p.add_argument("--no-tickets", action="store_true", help="no session tickets (TLS 1.2 resumption by session id only)")
    p.add_argument("--full-envelope", action="store_true", help='success responses also carry "errors":[] and "messages":[]')
    p.add_argument("--path-body-prefix", action="store_true", help='validation paths start with "body" (chanfana style)')
    p.add_argument("--no-format-check", action="store_true", help="do not check format (uri, date-time)")
    p.add_argument("--verbose", action="store_true", help="log connections, requests and faults to stderr")
    a = p.parse_args(argv)
    a.host = a.host or ["127.0.0.1"]
    if a.no_prefix:
        a.prefix = ""
    a.prefix = a.prefix.rstrip("/")
    try:
        a.fault = [parse_fault_cli(s) for s in a.fault]
    except (FaultError, ValueError) as e:
        p.error("--fault: %s" % e)
    return a


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    servers = make_server(args)
    port = servers[0].server_address[1]
    if args.port_file:
        tmp = "%s.tmp.%d" % (args.port_file, os.getpid())
        with open(tmp, "w") as fp:
            fp.write("%d\n" % port)
        os.replace(tmp, args.port_file)
    if args.verbose:
        sys.stderr.write("aigw-emulator: listening on port %d (%s), prefix %r\n" % (port, ", ".join(args.host), args.prefix))
        sys.stderr.flush()

    stopping = servers[0].stopping

    def stop(_sig, _frm):
        stopping.set()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threads = [threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True) for srv in servers]
    for t in threads:
        t.start()
    try:
        while not stopping.wait(0.2):
            pass
    finally:
        stopping.set()
        for srv in servers:
            srv.shutdown()
            srv.close_live()
            srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
