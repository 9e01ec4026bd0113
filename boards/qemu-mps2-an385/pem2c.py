#!/usr/bin/env python3
"""Turns a PEM file into a C source holding it as a byte array, so a CA is
compiled into the firmware (the board has no file system).

Usage: pem2c.py IN.pem OUT.c SYMBOL
Defines: const unsigned char SYMBOL[]; const size_t SYMBOL_len;
The array is the PEM text followed by a NUL (mbedTLS's PEM parser wants
one); SYMBOL_len counts the NUL, as mbedtls_x509_crt_parse() expects.
"""
import sys

src, out, sym = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, "rb").read()
if b"-----BEGIN CERTIFICATE-----" not in data:
    sys.exit(f"pem2c: {src} holds no PEM certificate")
data += b"\0"
lines = [f"/* Generated from {src.split('/')[-1]} by pem2c.py: do not edit. */",
         "#include <stddef.h>",
         f"const unsigned char {sym}[{len(data)}] = {{"]
for i in range(0, len(data), 16):
    lines.append("    " + ", ".join(f"0x{b:02x}" for b in data[i:i + 16]) + ",")
lines.append("};")
lines.append(f"const size_t {sym}_len = sizeof {sym};")
tmp = out + ".tmp"
with open(tmp, "w") as f:
    f.write("\n".join(lines) + "\n")
import os
os.replace(tmp, out)
