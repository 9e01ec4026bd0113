# SPDX-License-Identifier: MIT
"""Test-side handle on the endpoint emulator: start it with run-emulator.sh,
read its env file, talk to its control endpoint (/__emulator/...) over TLS
with the test CA, stop it. Shared by the client and command tests."""
import json
import os
import re
import ssl
import subprocess
import tempfile
import urllib.request

RUN_EMU = os.path.join(os.path.dirname(os.path.abspath(__file__)), "run-emulator.sh")


class Emulator:
    def __init__(self, leaf="server", args=(), certs=None, prefix="aigw-emu-"):
        self.dir = tempfile.mkdtemp(prefix=prefix)
        env = dict(os.environ, AIGW_EMU_LEAF=leaf)
        if certs:
            env["AIGW_EMU_CERTS"] = certs
        subprocess.run([RUN_EMU, "start", self.dir, "--", *args], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        self.env = {}
        with open(os.path.join(self.dir, "env")) as f:
            for line in f:
                m = re.match(r"export (\w+)=(.*)", line.strip())
                if m:
                    self.env[m.group(1)] = m.group(2).strip("'\"")
        self.ctx = ssl.create_default_context(cafile=self.env["AIGW_EMU_CA"])

    def control(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.env["AIGW_EMU_CONTROL"] + path, data=data, method=method)
        with urllib.request.urlopen(req, context=self.ctx, timeout=10) as r:
            return json.loads(r.read() or b"{}")

    def reset(self):
        self.control("DELETE", "/faults")
        self.control("POST", "/reset")

    def fault(self, **f):
        self.control("POST", "/faults", f)

    def stats(self):
        return self.control("GET", "/stats")

    def stored(self, gid):
        for g in self.control("GET", "/store")["gateways"]:
            if g["id"] == gid:
                return g["object"]
        return None

    def stop(self):
        subprocess.run([RUN_EMU, "stop", self.dir], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
