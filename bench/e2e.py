# SPDX-License-Identifier: MIT
"""End to end over TLS on loopback with keep-alive (part of bench/run.py).

One nginx (Debian's package, run from a temporary directory in the
foreground, never as a service) listens on 127.0.0.1:<free port> with the
test PKI (tests/certs/make-certs.sh) and answers PUT on the gateway path
with a fixed 200: the API page's example response. Against it, in the same
run, N sequential updates of the full example by
  aigw        build/bench/e2e_aigw (the client over the POSIX + mbedTLS ports)
  curl        build/bench/e2e_curl: libcurl, one easy handle, the body as fixed bytes
  curl+cjson  the same, with the body built and the response parsed by cJSON each time
  sdk         node bench/sdk_update.js: Cloudflare's TypeScript SDK
in interleaved rounds; the rate and CPU per update of each are the medians of
the rounds. CPU is the client process's user + system time around the loop
(getrusage / process.cpuUsage); the whole process (start-up included) is
reported too (wait4). Full TLS handshakes come from nginx's access log
($ssl_session_reused of each connection's first request).
"""
import json
import os
import shutil
import signal
import statistics
import subprocess
import socket
import tempfile
import threading
import time

import common
from common import ROOT, fig, missing, tools

CLIENTS = ("aigw", "curl", "curl_cjson", "sdk")
# each client updates its own gateway (same length ids), so nginx's log tells them apart
GATEWAY_OF = {"aigw": "bench-aigw", "curl": "bench-curl", "curl_cjson": "bench-ccjs", "sdk": "bench-nsdk"}


def nginx_conf(tmp, port, certs, response):
    body = response.decode()
    if "'" in body or "\\" in body or "$" in body:
        raise RuntimeError("the response cannot be quoted in nginx.conf")
    for d in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        os.makedirs(os.path.join(tmp, d), exist_ok=True)
    return """worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 256; }}
http {{
    log_format bench '$connection $connection_requests $ssl_session_reused $ssl_protocol $ssl_cipher '
                     '$request_method $status $request_uri';
    access_log {tmp}/access.log bench buffer=256k flush=1s;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    keepalive_requests 1000000;
    keepalive_timeout 120s;
    ssl_session_cache shared:BENCH:1m;
    server {{
        listen 127.0.0.1:{port} ssl;
        server_name localhost;
        ssl_certificate {certs}/server-chain.pem;
        ssl_certificate_key {certs}/server.key;
        location ~ ^/client/v4/accounts/[0-9a-f]+/ai-gateway/gateways/[^/]+$ {{
            if ($request_method != PUT) {{ return 405; }}
            default_type application/json;
            return 200 '{body}';
        }}
        location / {{ return 404; }}
    }}
}}
""".format(tmp=tmp, port=port, certs=certs, body=body)


def run_rusage(cmd, env=None, timeout=300):
    """Run cmd; (returncode, stdout, stderr, user+sys CPU seconds of the whole process)."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    deadline = time.time() + timeout
    # communicate() would reap the child and lose its rusage: read the pipes, then wait4
    bufs = {"out": b"", "err": b""}

    def pump(stream, key):
        bufs[key] = stream.read()
    th = [threading.Thread(target=pump, args=(p.stdout, "out")), threading.Thread(target=pump, args=(p.stderr, "err"))]
    for t in th:
        t.start()
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            break
        if time.time() > deadline:
            p.kill()
            pid, status, ru = os.wait4(p.pid, 0)
            break
        time.sleep(0.01)
    for t in th:
        t.join(5)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, bufs["out"].decode(errors="replace"), bufs["err"].decode(errors="replace"), \
        ru.ru_utime + ru.ru_stime


def parse_log(path):
    """{gateway id: {"requests", "connections", "full", "resumed", "protocols"}} from the access log."""
    per = {}
    first = {}
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 8:
                continue
            conn, nreq, reused, proto, cipher, method, status, uri = parts[:8]
            gid = uri.rsplit("/", 1)[-1]
            r = per.setdefault(gid, {"requests": 0, "ok": 0, "connections": 0, "full": 0, "resumed": 0,
                                     "protocols": {}})
            r["requests"] += 1
            r["ok"] += status == "200"
            if conn not in first:
                first[conn] = gid
                r["connections"] += 1
                if reused == "r":
                    r["resumed"] += 1
                else:
                    r["full"] += 1
                key = proto + " " + cipher
                r["protocols"][key] = r["protocols"].get(key, 0) + 1
    return per


def measure(quick, log):
    R = {}
    n = 20 if quick else 1000
    rounds = 1 if quick else 7
    t = tools("gcc", "nginx", "node", "cloudflare-sdk", "curl-config", "deb:libcjson1", "deb:libmbedtls14",
              "openssl")
    if not shutil.which("nginx"):
        why = "nginx is not installed (bash tools/deps.sh bench)"
        for k in common.KEYS:
            if k.startswith("e2e."):
                R[k] = missing("", why)
        return R
    certs = os.path.join(common.BUILD, "certs")
    common.run(["bash", os.path.join(ROOT, "tests", "certs", "make-certs.sh"), certs], timeout=120)
    tmp = tempfile.mkdtemp(prefix="aigw-bench-e2e-")
    port = common.free_port()
    with open(common.PAGE_RESPONSE, "rb") as f:
        response = f.read()
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as f:
        f.write(nginx_conf(tmp, port, certs, response))
    body_file = common.write_full_example(os.path.join(tmp, "body.json"))
    base = "https://localhost:%d/client/v4" % port
    url = lambda gid: "%s/accounts/%s/ai-gateway/gateways/%s" % (base, common.ACCOUNT, gid)
    # timeout(1) bounds nginx's life even if this script dies without its finally block;
    # its own session, so stopping it signals nginx and nothing else
    ngx = subprocess.Popen(["timeout", "900", "nginx", "-p", tmp, "-c", conf], stdout=subprocess.DEVNULL,
                           stderr=open(os.path.join(tmp, "nginx.stderr"), "w"), start_new_session=True)
    samples = {c: [] for c in CLIENTS}
    errors = {}
    cmds = {}
    try:
        up = False
        for _ in range(200):
            if ngx.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                up = True
                break
            except OSError:
                time.sleep(0.05)
        if not up:
            raise RuntimeError("nginx did not start: " + open(os.path.join(tmp, "error.log")).read()[-400:]
                               if os.path.exists(os.path.join(tmp, "error.log")) else "nginx did not start")
        # Each client updates its own gateway id so the access log tells them apart;
        # the gateway id changes the path by a few bytes only.
        node_env = dict(os.environ, NODE_EXTRA_CA_CERTS=os.path.join(certs, "ca.pem"))
        ca = os.path.join(certs, "ca.pem")
        cmds = {
            "aigw": ([os.path.join(common.BUILD, "e2e_aigw"), base, str(n), ca, GATEWAY_OF["aigw"]], None),
            "curl": ([os.path.join(common.BUILD, "e2e_curl"), url(GATEWAY_OF["curl"]), str(n), ca, body_file], None),
            "curl_cjson": ([os.path.join(common.BUILD, "e2e_curl"), url(GATEWAY_OF["curl_cjson"]), str(n), ca,
                            body_file, "--cjson"], None),
            "sdk": (["node", os.path.join(ROOT, "bench", "sdk_update.js"), base, str(n), body_file,
                     GATEWAY_OF["sdk"]], node_env),
        }
        if not os.path.isdir(os.path.join(common.SDK_MODULES, "cloudflare")):
            errors["sdk"] = "the SDK is not installed (bash tests/conformance/install.sh)"
        for r in range(rounds):
            for c in CLIENTS:
                if c in errors:
                    continue
                cmd, env = cmds[c]
                rc, out, err, proc_cpu = run_rusage(cmd, env=env, timeout=300)
                try:
                    res = json.loads(out.strip().splitlines()[-1])
                except (ValueError, IndexError):
                    res = {}
                if rc != 0 or res.get("ok") != n:
                    errors[c] = "exit %d, %s updates of %d: %s" % (rc, res.get("ok"), n, err[-300:])
                    continue
                res["process_cpu_s"] = proc_cpu
                samples[c].append(res)
                log("  e2e round %d %-10s %7.0f updates/s" % (r + 1, c, n / res["wall_s"]))
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as e:
        for c in CLIENTS:
            errors.setdefault(c, str(e))
    finally:
        try:
            os.killpg(ngx.pid, signal.SIGTERM)
            ngx.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            try:
                os.killpg(ngx.pid, signal.SIGKILL)
            except OSError:
                pass
            ngx.wait()
    per = parse_log(os.path.join(tmp, "access.log")) if os.path.exists(os.path.join(tmp, "access.log")) else {}
    flags = "%d rounds of %d updates each, interleaved; medians" % (rounds, n)
    cmd_of = {c: " ".join(os.path.relpath(x, ROOT) if x.startswith(ROOT) else x for x in cmds[c][0])
              if c in cmds else c for c in CLIENTS}
    R["e2e.updates"] = fig(n, "updates", "per client and round", flags, t,
                           "%s on 127.0.0.1, TLS with the test PKI (ECDSA P-256), keep-alive, fixed 200 with the "
                           "API page's example response (%d B)" % (common.version("nginx").replace("nginx version: ", ""), len(response)))
    med = {}
    for c in CLIENTS:
        key = c
        if samples[c] and c not in errors:
            rate = statistics.median(n / s["wall_s"] for s in samples[c])
            cpu = statistics.median((s["user_s"] + s["sys_s"]) / n for s in samples[c])
            pcpu = statistics.median(s["process_cpu_s"] for s in samples[c])
            med[c] = (rate, cpu, pcpu)
            rs = [round(n / s["wall_s"], 1) for s in samples[c]]
            R["e2e.%s_rate" % key] = fig(round(rate, 1), "updates/s", cmd_of[c], flags, t,
                                         "samples: " + ", ".join("%.0f" % x for x in rs), samples=rs)
            cs = [(s["user_s"] + s["sys_s"]) / n for s in samples[c]]
            R["e2e.%s_cpu_per_update" % key] = fig(
                cpu, "s", cmd_of[c], flags, t, "client process user+system CPU around the loop, per update; samples: "
                + ", ".join("%.1f us" % (x * 1e6) for x in cs), samples=cs)
        else:
            why = errors.get(c, "no sample")
            R["e2e.%s_rate" % key] = missing("updates/s", why, cmd_of[c])
            R["e2e.%s_cpu_per_update" % key] = missing("s", why, cmd_of[c])
    for k, a, b, what in (("e2e.rate_aigw_over_curl", "aigw", "curl", "rate"),
                          ("e2e.rate_aigw_over_sdk", "aigw", "sdk", "rate"),
                          ("e2e.cpu_curl_over_aigw", "curl", "aigw", "cpu"),
                          ("e2e.cpu_sdk_over_aigw", "sdk", "aigw", "cpu")):
        if a in med and b in med:
            i = 0 if what == "rate" else 1
            R[k] = fig(round(med[a][i] / med[b][i], 2), "x", "%s %s / %s %s (same run)" % (a, what, b, what), flags, t)
        else:
            R[k] = missing("x", "a client did not finish: " + "; ".join("%s: %s" % kv for kv in errors.items()))
    R.update(handshakes(per, samples, n, rounds, errors, t, flags))
    protos = {c: per.get(GATEWAY_OF[c], {}).get("protocols") for c in CLIENTS}
    R["e2e.tls"] = fig(protos, "connections", "nginx access log ($ssl_protocol $ssl_cipher of each connection)",
                       flags, t, "what each client negotiated with nginx's defaults (aigw's mbedTLS 2.28 port offers "
                       "TLS 1.2 only; nginx 1.22 enables TLS 1.3 only when configured, so all share TLS 1.2 here)")
    R["e2e.process_cpu"] = fig({c: round(m[2], 3) for c, m in med.items()}, "s", "os.wait4() rusage of each client "
                               "process (start-up, TLS set-up and the loop)", flags, t,
                               "whole-process user+system CPU for %d updates, median of the rounds" % n)
    shutil.rmtree(tmp, ignore_errors=True)
    return R


def handshakes(per, samples, n, rounds, errors, t, flags):
    R = {}
    cmd = "nginx access log: connections and $ssl_session_reused of their first request"
    for c in CLIENTS:
        gid = GATEWAY_OF[c]
        v = per.get(gid)
        if v and c not in errors:
            full = v["full"] * 1000.0 / v["requests"]
            R["e2e.%s_full_handshakes" % c] = fig(
                round(full, 2), "per 1,000 updates", cmd, flags, t,
                "%d requests on %d connections (%d full handshakes, %d resumed) over %d rounds"
                % (v["requests"], v["connections"], v["full"], v["resumed"], rounds))
        else:
            R["e2e.%s_full_handshakes" % c] = missing("per 1,000 updates", errors.get(c, "no log lines for " + gid), cmd)
    return R
