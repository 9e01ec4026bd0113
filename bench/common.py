# SPDX-License-Identifier: MIT
"""Shared helpers of the benchmark scripts (bench/run.py and its parts).

A figure is {"value", "unit", "method": {"command", "flags", "tools"}, "note"?}.
A figure that could not be measured has value None and says why in "note":
it is never left out, so results.json always holds every key of KEYS.
"""
import json
import os
import re
import shutil
import socket
import subprocess

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
BUILD = os.path.join(ROOT, "build", "bench")
TOKEN = "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY"   # the API page's example token
ACCOUNT = "3ebbcb006d4d46d7bb6a8c7f14676cb0"
GATEWAY = "my-gateway"
OTEL_URL = "https://otel.example.com/v1/traces"      # bench/bench_example.h
PAGE_RESPONSE = os.path.join(ROOT, "tests", "data", "json", "api_example.json")
SDK_MODULES = os.path.join(ROOT, "tests", "conformance", "node_modules")

# Every figure results.json must hold (tests/suites/90-bench-smoke.sh checks them all).
KEYS = [
    # footprint, Cortex-M3
    "footprint.core.flash", "footprint.core.ram_static", "footprint.core.libc_helpers_flash",
    "footprint.core.proxy_flash",
    "footprint.core.by_object", "footprint.core.by_group", "footprint.core.top_sections", "footprint.core.target_flash",
    "footprint.core.over_target", "footprint.ref.corehttp_llhttp_flash", "footprint.ref.corejson_flash",
    "footprint.port.mbedtls_flash", "footprint.port.lwip_raw_flash", "footprint.port.cloudflare_ca_flash",
    "footprint.port.posix_flash", "footprint.firmware.components", "footprint.firmware.flash",
    "footprint.firmware.ram", "footprint.firmware.profiles", "footprint.firmware.by_module",
    "footprint.firmware.arena", "footprint.firmware.stack", "footprint.firmware.mbedtls3",
    # RAM the caller provides for the API page's full example
    "ram.client_struct", "ram.result_struct", "ram.io_buffer", "ram.body_buffer", "ram.tokens",
    "ram.token_bytes", "ram.arena", "ram.encoder_body", "ram.request_preview", "ram.caller_total",
    # stack
    "stack.core_static_update", "stack.core_static_get", "stack.core_static_path",
    "stack.core_measured_update", "stack.core_measured_get", "stack.target", "stack.over_target",
    "stack.firmware_peak",
    # bytes on the wire
    "wire.body", "wire.aigw_request", "wire.aigw_head", "wire.minimal_request", "wire.minimal_head",
    "wire.sdk_request", "wire.sdk_head", "wire.sdk_body", "wire.aigw_over_minimal", "wire.sdk_over_aigw",
    "wire.aigw_headers", "wire.sdk_headers",
    # CPU (callgrind) and heap
    "cpu.encode_aigw", "cpu.encode_cjson", "cpu.encode_ratio", "cpu.validate_encode_aigw",
    "cpu.decode_aigw", "cpu.decode_cjson", "cpu.decode_ratio",
    "heap.encode_aigw_allocs", "heap.encode_cjson_allocs", "heap.decode_aigw_allocs",
    "heap.decode_cjson_allocs", "heap.encode_cjson_bytes", "heap.decode_cjson_bytes",
    # end to end over TLS on loopback
    "e2e.updates", "e2e.aigw_rate", "e2e.curl_rate", "e2e.curl_cjson_rate", "e2e.sdk_rate",
    "e2e.aigw_cpu_per_update", "e2e.curl_cpu_per_update", "e2e.curl_cjson_cpu_per_update",
    "e2e.sdk_cpu_per_update", "e2e.rate_aigw_over_curl", "e2e.rate_aigw_over_sdk",
    "e2e.cpu_curl_over_aigw", "e2e.cpu_sdk_over_aigw", "e2e.aigw_full_handshakes",
    "e2e.curl_full_handshakes", "e2e.curl_cjson_full_handshakes", "e2e.sdk_full_handshakes",
    "e2e.tls", "e2e.process_cpu",
]


def fig(value, unit, command, flags="", tools=None, note=None, **extra):
    f = {"value": value, "unit": unit,
         "method": {"command": command, "flags": flags, "tools": tools or {}}}
    if note:
        f["note"] = note
    f.update(extra)
    return f


def missing(unit, why, command=""):
    return fig(None, unit, command, note="not measured: " + why)


def run(cmd, timeout=300, check=True, env=None, cwd=None, input=None):
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env,
                       cwd=cwd or ROOT, input=input)
    if check and p.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(cmd), p.returncode,
                                                   (p.stderr or p.stdout)[-800:]))
    return p


def rel(path):
    return os.path.relpath(path, ROOT)


_versions = {}


def version(tool):
    """One line naming a tool's version (cached); '' when the tool is absent."""
    if tool in _versions:
        return _versions[tool]
    cmds = {
        "gcc": ["gcc", "--version"], "arm-none-eabi-gcc": ["arm-none-eabi-gcc", "--version"],
        "valgrind": ["valgrind", "--version"], "nginx": ["nginx", "-v"], "node": ["node", "--version"],
        "qemu-system-arm": ["qemu-system-arm", "--version"], "python3": ["python3", "--version"],
        "openssl": ["openssl", "version"], "curl-config": ["curl-config", "--version"],
    }
    v = ""
    if tool in cmds and shutil.which(cmds[tool][0]):
        p = subprocess.run(cmds[tool], capture_output=True, text=True)
        v = ((p.stdout or "") + (p.stderr or "")).strip().splitlines()[0] if (p.stdout or p.stderr) else ""
    elif tool.startswith("deb:"):
        p = subprocess.run(["dpkg-query", "-W", "-f=${Version}", tool[4:]], capture_output=True, text=True)
        v = tool[4:] + " " + p.stdout.strip() if p.returncode == 0 else ""
    elif tool == "cloudflare-sdk":
        try:
            with open(os.path.join(SDK_MODULES, "cloudflare", "package.json")) as f:
                v = "cloudflare (npm) " + json.load(f)["version"]
        except OSError:
            v = ""
    _versions[tool] = v
    return v


def tools(*names):
    return {n: version(n) for n in names}


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def full_example():
    """The full example as a dict: the page's example result minus id,
    created_at, modified_at and is_default, with otel[0].url a real URI."""
    with open(PAGE_RESPONSE) as f:
        d = json.load(f)["result"]
    for k in ("id", "created_at", "modified_at", "is_default"):
        d.pop(k)
    d["otel"][0]["url"] = OTEL_URL
    return d


def full_example_json():
    return json.dumps(full_example(), separators=(",", ":")).encode()


def write_full_example(path):
    with open(path, "wb") as f:
        f.write(full_example_json())
    return path
