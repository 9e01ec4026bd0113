#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns the certificates of a PEM file into a C source holding them as
concatenated DER, so a CA is compiled into the firmware (the board has no
file system). DER rather than PEM: 3/4 of the bytes in flash, and the TLS port
parses DER in place (no decoded copy in the arena, no PEM parser linked).

Usage: pem2c.py IN.pem OUT.c SYMBOL
Defines: const unsigned char SYMBOL[]; const size_t SYMBOL_len;
"""
import base64
import os
import re
import sys

src, out, sym = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(src, "rb").read().decode("ascii")
blocks = re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)
if not blocks:
    sys.exit(f"pem2c: {src} holds no PEM certificate")
data = b"".join(base64.b64decode("".join(b.split())) for b in blocks)
lines = [f"/* Generated from {os.path.basename(src)} by pem2c.py ({len(blocks)} certificates, DER): do not edit. */",
         "#include <stddef.h>",
         f"const unsigned char {sym}[{len(data)}] = {{"]
for i in range(0, len(data), 16):
    lines.append("    " + ", ".join(f"0x{b:02x}" for b in data[i:i + 16]) + ",")
lines.append("};")
lines.append(f"const size_t {sym}_len = sizeof {sym};")
tmp = out + ".tmp"
with open(tmp, "w") as f:
    f.write("\n".join(lines) + "\n")
os.replace(tmp, out)
