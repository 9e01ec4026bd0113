# SPDX-License-Identifier: MIT
"""bench/REPORT.md and its SVG charts from results.json (part of bench/run.py).

    python3 bench/report.py RESULTS.json OUTDIR     regenerate from a saved run
"""
import json
import os
import sys
from xml.sax.saxutils import escape

COLORS = {"aigw": "#f38020", "ref": "#8c8c8c", "target": "#2c7be5", "other": "#5b6b7f"}


def val(R, k):
    f = R.get(k) or {}
    return f.get("value")


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        if unit == "s":
            return "%.1f us" % (v * 1e6)
        if abs(v) >= 100:
            return "{:,.0f}".format(v)
        return "%.2f" % v
    if isinstance(v, int):
        return "{:,}".format(v)
    return str(v)


def kib(v):
    return "n/a" if v is None else "%.1f KiB" % (v / 1024.0)


def bar_chart(title, rows, unit, width=860, note=None):
    """Horizontal bars. rows: [(label, value or None, color, text)]."""
    rows = [r for r in rows if r[1] is not None]
    bar_h, gap, left, top = 22, 10, 230, 46
    h = top + len(rows) * (bar_h + gap) + (40 if note else 20)
    vmax = max([r[1] for r in rows] + [1])
    span = width - left - 300
    out = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="Helvetica, Arial, sans-serif" font-size="13">' % (width, h, width, h),
           '<rect width="100%" height="100%" fill="#ffffff"/>',
           '<text x="12" y="26" font-size="16" font-weight="bold">%s</text>' % escape(title)]
    y = top
    for label, v, color, text in rows:
        w = max(1.0, span * v / vmax)
        out.append('<text x="%d" y="%d" text-anchor="end">%s</text>' % (left - 8, y + 16, escape(label)))
        out.append('<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>' % (left, y, w, bar_h, color))
        out.append('<text x="%.1f" y="%d" fill="#222">%s</text>' % (left + w + 6, y + 16,
                                                                     escape(text or "%s %s" % (fmt(v), unit))))
        y += bar_h + gap
    if note:
        out.append('<text x="12" y="%d" font-size="11" fill="#555">%s</text>' % (h - 12, escape(note)))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def charts(R, outdir):
    files = []
    comps = val(R, "footprint.firmware.components") or {}
    rows = [("aigw core (update + get)", val(R, "footprint.core.flash"), COLORS["aigw"], None),
            ("target for the core", val(R, "footprint.core.target_flash"), COLORS["target"], None),
            ("coreHTTP + llhttp (published)", val(R, "footprint.ref.corehttp_llhttp_flash"), COLORS["ref"], None),
            ("coreJSON (published)", val(R, "footprint.ref.corejson_flash"), COLORS["ref"], None),
            ("port: mbedTLS glue", val(R, "footprint.port.mbedtls_flash"), COLORS["aigw"], None),
            ("port: Cloudflare CA roots", val(R, "footprint.port.cloudflare_ca_flash"), COLORS["aigw"], None),
            ("port: lwIP raw", val(R, "footprint.port.lwip_raw_flash"), COLORS["aigw"], None)]
    names = {"core": "firmware: aigw core", "port": "firmware: aigw ports", "lwip": "firmware: lwIP",
             "mbedtls": "firmware: mbedTLS", "libc": "firmware: libc + libgcc", "board": "firmware: board + main"}
    for c, label in names.items():
        if c in comps:
            rows.append((label, comps[c]["flash"], COLORS["aigw"] if c in ("core", "port") else COLORS["other"], None))
    rows = [(l, v, c, "%s B (%s)" % (fmt(v), kib(v)) if v is not None else None) for l, v, c, _t in rows]
    with open(os.path.join(outdir, "footprint.svg"), "w") as f:
        f.write(bar_chart("Flash on a Cortex-M3 (-Os, --gc-sections, newlib-nano)", rows, "B",
                          note="aigw figures measured from link maps (make bench); reference points are published "
                               "size tables, not measured here"))
    files.append("footprint.svg")
    rows = []
    for c, label in (("aigw", "aigw"), ("curl", "libcurl"), ("curl_cjson", "libcurl + cJSON"),
                     ("sdk", "TypeScript SDK")):
        v = val(R, "e2e.%s_rate" % c)
        cpu = val(R, "e2e.%s_cpu_per_update" % c)
        rows.append((label, v, COLORS["aigw"] if c == "aigw" else COLORS["other"],
                     None if v is None else "%s updates/s, %s CPU/update" % (fmt(v), fmt(cpu, "s"))))
    with open(os.path.join(outdir, "e2e.svg"), "w") as f:
        f.write(bar_chart("Sequential updates over TLS on loopback, keep-alive (nginx)", rows, "updates/s",
                          note="%s updates per client and round, median of the rounds, same run; client CPU is "
                               "user+system of the client process" % fmt(val(R, "e2e.updates"))))
    files.append("e2e.svg")
    rows = [("aigw encode", val(R, "cpu.encode_aigw"), COLORS["aigw"], None),
            ("cJSON encode", val(R, "cpu.encode_cjson"), COLORS["other"], None),
            ("aigw decode", val(R, "cpu.decode_aigw"), COLORS["aigw"], None),
            ("cJSON decode", val(R, "cpu.decode_cjson"), COLORS["other"], None)]
    rows = [(l, v, c, None if v is None else "%s instructions" % fmt(v)) for l, v, c, _ in rows]
    with open(os.path.join(outdir, "cpu.svg"), "w") as f:
        f.write(bar_chart("Instructions per operation (callgrind, x86-64, -O2)", rows, "instructions",
                          note="encode: the full example body; decode: the API page's example response, every field"))
    files.append("cpu.svg")
    return files


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(x) for x in r) + " |")
    return "\n".join(out)


def note(R, k):
    return (R.get(k) or {}).get("note", "")


def cmd(R, k):
    return (R.get(k) or {}).get("method", {}).get("command", "")


def verdict(v, target):
    if v is None:
        return "n/a"
    return "**met** (%s B to spare)" % fmt(target - v) if v <= target else "**missed** by %s B" % fmt(v - target)


def mbedtls3_rows(R, prof, arena, stack):
    """Issue 16: the firmware against mbedTLS 2.28 and 3.6 LTS (and 3.6 with TLS 1.3 offered)."""
    L = ["#### mbedTLS 2.28 and mbedTLS 3.6 (make -C boards/qemu-mps2-an385 MBEDTLS_MAJOR=3 [TLS13=1])", ""]
    m3 = val(R, "footprint.firmware.mbedtls3")
    if not m3:
        return L + ["mbedTLS 3.6: " + note(R, "footprint.firmware.mbedtls3"), ""]
    cols = []  # (header, flash, ram, components, arena by chain, stack by chain)
    for p in ("interop", "small"):
        if p in prof:
            cols.append(("%s, mbedTLS 2.28" % p, prof[p], arena.get(p, {}), stack.get(p, {})))
        if p in m3:
            cols.append(("%s, mbedTLS 3.6" % p, m3[p], m3[p]["arena"], m3[p]["stack"]))
        if p + "_tls13" in m3:
            r = m3[p + "_tls13"]
            cols.append(("%s, mbedTLS 3.6 + TLS 1.3" % p, r, r["arena"], r["stack"]))

    def comp(c, name):
        return "%s / %s" % (fmt(c["components"][name]["flash"]), fmt(c["components"][name]["ram"]))
    rows = [["flash (image)"] + ["%s B (%s)" % (fmt(c[1]["flash"]), kib(c[1]["flash"])) for c in cols],
            ["RAM (data + bss)"] + ["%s B (%s)" % (fmt(c[1]["ram"]), kib(c[1]["ram"])) for c in cols],
            ["mbedTLS: flash / RAM"] + [comp(c[1], "mbedtls") for c in cols],
            ["aigw ports: flash / RAM"] + [comp(c[1], "port") for c in cols]]
    for chain, label in (("ecdsa", "test ECDSA chain"), ("rsa", "test RSA chain")):
        rows.append(["TLS arena peak, %s" % label] + [
            "%s of %s B" % (fmt(c[2][chain]["peak"]), fmt(c[2][chain]["size"])) if chain in c[2] else "not supported"
            for c in cols])
        rows.append(["measured stack peak, %s" % label] + [
            "%s B" % fmt(c[3][chain]) if chain in c[3] else "not supported" for c in cols])
    L.append(table([""] + [c[0] for c in cols], rows))
    L.append("")
    L.append(note(R, "footprint.firmware.mbedtls3") + ".")
    L.append("")
    return L


def profiles_section(R):
    """Issue 18: both firmware profiles side by side."""
    L = ["### Firmware profiles side by side (boards/qemu-mps2-an385, PROFILE=interop|small)", ""]
    prof = val(R, "footprint.firmware.profiles")
    if not prof:
        return L + ["Profiles: " + note(R, "footprint.firmware.profiles"), ""]
    names = [p for p in ("interop", "small") if p in prof]
    arena = val(R, "footprint.firmware.arena") or {}
    stack = val(R, "footprint.firmware.stack") or {}
    rows = [
        ["flash (image)"] + ["%s B (%s)" % (fmt(prof[p]["flash"]), kib(prof[p]["flash"])) for p in names],
        ["flash target"] + ["%s B: %s" % (fmt(prof[p]["target_flash"]), verdict(prof[p]["flash"], prof[p]["target_flash"]))
                            for p in names],
        ["RAM (data + bss)"] + ["%s B (%s)" % (fmt(prof[p]["ram"]), kib(prof[p]["ram"])) for p in names],
        ["RAM target"] + ["%s B: %s" % (fmt(prof[p]["target_ram"]), verdict(prof[p]["ram"], prof[p]["target_ram"]))
                          for p in names],
        ["main stack reserved"] + ["%s B" % fmt(prof[p]["stack_reserved"]) for p in names],
        ["RAM with the stack"] + ["%s B" % fmt(prof[p]["ram_with_stack"]) for p in names],
    ]
    labels = {"ecdsa": "test ECDSA chain", "rsa": "test RSA chain", "edge_ecc": "edge-shaped ECC chain",
              "edge_rsa": "edge-shaped RSA chain"}
    for chain in ("ecdsa", "rsa", "edge_ecc", "edge_rsa"):
        rows.append(["TLS arena peak, %s" % labels[chain]] +
                    ["%s of %s B" % (fmt(arena[p][chain]["peak"]), fmt(arena[p][chain]["size"]))
                     if p in arena and chain in arena[p] else "not supported" for p in names])
        rows.append(["measured stack peak, %s" % labels[chain]] +
                    ["%s B" % fmt(stack[p].get(chain)) if p in stack and chain in stack[p] else "not supported"
                     for p in names])
    comps = [c for c in prof[names[0]]["components"]]
    for c in comps:
        rows.append(["%s: flash / RAM" % c] + ["%s / %s" % (fmt(prof[p]["components"][c]["flash"]),
                                                            fmt(prof[p]["components"][c]["ram"])) for p in names])
    L.append(table(["", *names], rows))
    L.append("")
    L.append(note(R, "footprint.firmware.profiles") + ". " + note(R, "footprint.firmware.arena") + ".")
    L.append("")
    L.extend(mbedtls3_rows(R, prof, arena, stack))
    mods = val(R, "footprint.firmware.by_module") or {}
    if mods:
        keys = []
        for p in names:
            for m in list(mods.get(p, {}))[:30]:
                if m not in keys:
                    keys.append(m)
        L.append("By module (the largest, flash / RAM in bytes; all of them in results.json):")
        L.append("")
        L.append(table(["module", *names], [[m] + ["%s / %s" % (fmt(mods[p][m]["flash"]), fmt(mods[p][m]["ram"]))
                                                     if m in mods.get(p, {}) else "-" for p in names] for m in keys]))
        L.append("")
    return L


def markdown(res, files):
    R = res["figures"]
    L = []
    L.append("# aigw benchmarks")
    L.append("")
    L.append("Generated by `make bench` (bench/run.py) on %s%s. Machine: %s. Every figure below is in "
             "[results.json](results.json) with its unit, the command that measured it, the flags and the tool "
             "versions. Benchmarks are not tests: nothing here is asserted by `make test`."
             % (res["generated"], " (QUICK MODE: tiny counts, not for comparison)" if res["quick"] else "",
                res["machine"]))
    L.append("")
    # ---- verdicts
    cf, st = val(R, "footprint.core.flash"), max(val(R, "stack.core_static_update") or 0,
                                                 val(R, "stack.core_static_get") or 0)
    # the targets are figures of footprint.py (one place), read back here
    tf, ts = val(R, "footprint.core.target_flash") or 16384, val(R, "stack.target") or 512

    def verdict_row(what, got, target, shown):
        if got is None:
            return [what, "n/a", "n/a"]
        return [what, shown, "**met**" if got <= target else "**missed** by %s (%.1fx the target)"
                % (fmt(got - target), got / float(target))]

    L.append("## Targets")
    L.append("")
    L.append("Issue 13's targets for the core (flash and stack of a Cortex-M3 -Os program calling update and "
             "get; x86-64 instructions of the API page's example under callgrind, cJSON beside it):")
    L.append("")
    dec, enc = val(R, "cpu.decode_aigw"), val(R, "cpu.encode_aigw")
    tdec, tenc = val(R, "cpu.target_decode"), val(R, "cpu.target_encode")
    L.append(table(["target", "measured", "verdict"], [
        verdict_row("core flash <= %s B" % fmt(tf), cf, tf, "%s B (%s)" % (fmt(cf), kib(cf)) if cf else "n/a"),
        verdict_row("core stack <= %s B" % fmt(ts), st or None, ts,
                    "%s B static worst case; %s B measured (update, QEMU)"
                    % (fmt(st), fmt(val(R, "stack.core_measured_update")))),
        verdict_row("decode of the example <= %s instructions" % fmt(tdec), dec if tdec else None, tdec,
                    "%s (cJSON %s)" % (fmt(dec), fmt(val(R, "cpu.decode_cjson"))) if dec else "n/a"),
        verdict_row("encode of the example <= %s instructions" % fmt(tenc), enc if tenc else None, tenc,
                    "%s (cJSON %s)" % (fmt(enc), fmt(val(R, "cpu.encode_cjson"))) if enc else "n/a"),
    ]))
    L.append("")
    if cf is not None and cf > tf:
        top = val(R, "footprint.core.top_sections") or []
        objs = val(R, "footprint.core.by_object") or {}
        L.append("What dominates the core's flash: by object, %s; by section, %s. The core carries the "
                 "generated schema table (every version's members) with a validator, an encoder and a single-pass "
                 "decoder walking it, RFC 8259, UTF-8 and RFC 3339 checks, an incremental HTTP/1.1 parser (chunked, keep-alive), retries and error texts for every "
                 "code (error.c). The reference points do much less: coreHTTP + llhttp is HTTP only, coreJSON a "
                 "validator and key search."
                 % (", ".join("%s %s B" % (k, fmt(v)) for k, v in list(objs.items())[:6]),
                    ", ".join("`%s` (%s) %s B" % (t["section"], t["object"], fmt(t["bytes"])) for t in top[:5])))
        L.append("")
    if st and st > ts:
        path = val(R, "stack.core_static_path") or []
        big = sorted(path, key=lambda p: -p["frame"])[:4]
        ok = (R.get("stack.core_static_update") or {}).get("without_error_rendering")
        what = (" (a validation failure writing diag.path)"
                if any(p["function"] in ("aigw_fpath_fail", "aigw_json_fail") for p in path) else "")
        L.append("What dominates the stack: the deepest path is %s%s. Largest frames on it: %s. The schema walkers "
                 "recurse once per nesting level of the generated table (AIGW_SCHEMA_DEPTH levels, every path of "
                 "the cycle counted at every level by bench/stack_tree.py). Leaving out the "
                 "failure-only path renderers, the static bound is %s B, %s the target."
                 % (" > ".join(p["function"] for p in path), what,
                    ", ".join("`%s` %d B" % (p["function"], p["frame"]) for p in big), fmt(ok),
                    "still over" if ok and ok > ts else "within"))
        L.append("")
    # ---- footprint
    L.append("## Footprint on a Cortex-M3")
    L.append("")
    L.append("![flash](%s)" % files[0])
    L.append("")
    L.append(table(["what", "flash", "RAM (static)", "how"], [
        ["aigw core, as linked by a program calling update and get", "%s B" % fmt(cf),
         "%s B" % fmt(val(R, "footprint.core.ram_static")), note(R, "footprint.core.flash")],
        ["HTTP CONNECT proxy step (AIGW_ENABLE_PROXY; added to the core when used)",
         "%s B" % fmt(val(R, "footprint.core.proxy_flash")), "0", note(R, "footprint.core.proxy_flash")],
        ["C library helpers the core calls", "%s B" % fmt(val(R, "footprint.core.libc_helpers_flash")), "0",
         note(R, "footprint.core.libc_helpers_flash")],
        ["port/mbedtls (TLS glue)", "%s B" % fmt(val(R, "footprint.port.mbedtls_flash")), "",
         note(R, "footprint.port.mbedtls_flash")],
        ["port/mbedtls Cloudflare CA roots", "%s B" % fmt(val(R, "footprint.port.cloudflare_ca_flash")), "",
         note(R, "footprint.port.cloudflare_ca_flash")],
        ["port/lwip raw", "%s B" % fmt(val(R, "footprint.port.lwip_raw_flash")), "",
         note(R, "footprint.port.lwip_raw_flash")],
        ["port/posix", "n/a", "", note(R, "footprint.port.posix_flash")],
        ["FreeRTOS coreHTTP + llhttp (reference)", "%s B" % fmt(val(R, "footprint.ref.corehttp_llhttp_flash")), "",
         note(R, "footprint.ref.corehttp_llhttp_flash")],
        ["FreeRTOS coreJSON (reference)", "%s B" % fmt(val(R, "footprint.ref.corejson_flash")), "",
         note(R, "footprint.ref.corejson_flash")],
    ]))
    L.append("")
    groups = val(R, "footprint.core.by_group") or {}
    if groups:
        L.append("The core by job, beside the reference points (coreHTTP + llhttp %s B for HTTP; coreJSON %s B for "
                 "a JSON validator and key search):" % (fmt(val(R, "footprint.ref.corehttp_llhttp_flash")),
                                                        fmt(val(R, "footprint.ref.corejson_flash"))))
        L.append("")
        L.append(table(["job", "flash (B)"], [[k, fmt(v)] for k, v in groups.items()]))
        L.append("")
    objs = val(R, "footprint.core.by_object") or {}
    if objs:
        L.append("Core flash by object (after --gc-sections): " +
                 ", ".join("%s %s" % (k, fmt(v)) for k, v in objs.items()) + " B.")
        L.append("")
    comps = val(R, "footprint.firmware.components")
    if comps:
        L.append("The board's TLS firmware (boards/qemu-mps2-an385, net_update.elf: client + TLS port + lwIP raw "
                 "port + LAN9118 driver), by component:")
        L.append("")
        rows = [[c, fmt(v["flash"]), fmt(v["ram"])] for c, v in comps.items()]
        rows.append(["**image**", fmt(val(R, "footprint.firmware.flash")), fmt(val(R, "footprint.firmware.ram"))])
        L.append(table(["component", "flash (B)", "RAM (B)"], rows))
        L.append("")
        L.append(note(R, "footprint.firmware.components") + ". " + note(R, "footprint.firmware.ram") + ".")
        L.append("")
    else:
        L.append("Firmware by component: " + note(R, "footprint.firmware.components"))
        L.append("")
    L.extend(profiles_section(R))
    # ---- RAM
    L.append("## RAM the caller provides (API page's full example, Cortex-M3)")
    L.append("")
    L.append(table(["buffer", "bytes", "how measured"], [
        ["aigw_client_t", fmt(val(R, "ram.client_struct")), note(R, "ram.client_struct")],
        ["io buffer", fmt(val(R, "ram.io_buffer")), note(R, "ram.io_buffer")],
        ["aigw_result_t", fmt(val(R, "ram.result_struct")), note(R, "ram.result_struct")],
        ["response body buffer", fmt(val(R, "ram.body_buffer")), note(R, "ram.body_buffer")],
        ["jsmn tokens", "%s (%s tokens)" % (fmt(val(R, "ram.token_bytes")), fmt(val(R, "ram.tokens"))),
         note(R, "ram.tokens") + "; " + note(R, "ram.token_bytes")],
        ["decode arena", fmt(val(R, "ram.arena")), note(R, "ram.arena")],
        ["**total per client**", "**%s**" % fmt(val(R, "ram.caller_total")), note(R, "ram.caller_total")],
        ["(encoded body, if wanted whole)", fmt(val(R, "ram.encoder_body")), note(R, "ram.encoder_body")],
        ["(request preview)", fmt(val(R, "ram.request_preview")), note(R, "ram.request_preview")],
    ]))
    L.append("")
    L.append("The core's static RAM (data + bss) is %s B." % fmt(val(R, "footprint.core.ram_static")))
    L.append("")
    # ---- stack
    L.append("## Stack")
    L.append("")
    L.append(table(["figure", "bytes", "how"], [
        ["core, static worst case from aigw_gateway_update", fmt(val(R, "stack.core_static_update")),
         "gcc -fstack-usage -fcallgraph-info=su, bench/stack_tree.py"],
        ["core, static worst case from aigw_gateway_get", fmt(val(R, "stack.core_static_get")),
         note(R, "stack.core_static_get")],
        ["core, measured: one update (QEMU, painted stack)", fmt(val(R, "stack.core_measured_update")),
         note(R, "stack.core_measured_update")],
        ["core, measured: one get", fmt(val(R, "stack.core_measured_get")), note(R, "stack.core_measured_get")],
        ["whole TLS firmware, measured peak", fmt(val(R, "stack.firmware_peak")), note(R, "stack.firmware_peak")],
    ]))
    L.append("")
    path = val(R, "stack.core_static_path") or []
    if path:
        L.append("Deepest static path from aigw_gateway_update:")
        L.append("")
        L.append(table(["frame (B)", "function", "file"], [[p["frame"], "`%s`" % p["function"], p["file"]]
                                                            for p in path]))
        L.append("")
        L.append(note(R, "stack.core_static_update") + ".")
        L.append("")
    # ---- wire
    L.append("## Bytes on the wire: the full example update")
    L.append("")
    L.append(table(["request", "total", "head", "body", "how"], [
        ["minimal valid", fmt(val(R, "wire.minimal_request")), fmt(val(R, "wire.minimal_head")),
         fmt(val(R, "wire.body")), note(R, "wire.minimal_request")],
        ["aigw", fmt(val(R, "wire.aigw_request")), fmt(val(R, "wire.aigw_head")),
         fmt((val(R, "wire.aigw_request") or 0) - (val(R, "wire.aigw_head") or 0)) if val(R, "wire.aigw_request")
         else "n/a", note(R, "wire.aigw_request")],
        ["Cloudflare TypeScript SDK", fmt(val(R, "wire.sdk_request")), fmt(val(R, "wire.sdk_head")),
         fmt(val(R, "wire.sdk_body")), note(R, "wire.sdk_request")],
    ]))
    L.append("")
    L.append("aigw sends %s B more than the minimal request; the SDK's request is %sx aigw's. Body: %s"
             % (fmt(val(R, "wire.aigw_over_minimal")), fmt(val(R, "wire.sdk_over_aigw")), note(R, "wire.body")))
    L.append("")
    for k, who in (("wire.aigw_head", "aigw"), ("wire.sdk_head", "SDK")):
        text = (R.get(k) or {}).get("text")
        if text:
            L.append("%s's head (Host rewritten to production's):" % who)
            L.append("")
            L.append("```")
            L.append(text.replace("\r\n", "\n").rstrip("\n").replace(
                "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY", "Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY (the page's example token)"))
            L.append("```")
            L.append("")
    # ---- CPU
    L.append("## CPU and heap: encode the full example, decode the page's example response")
    L.append("")
    L.append("![cpu](%s)" % files[2])
    L.append("")
    L.append(table(["operation", "aigw", "cJSON", "cJSON / aigw", "heap allocations aigw / cJSON"], [
        ["encode (instructions)", fmt(val(R, "cpu.encode_aigw")), fmt(val(R, "cpu.encode_cjson")),
         fmt(val(R, "cpu.encode_ratio")), "%s / %s (%s B)" % (fmt(val(R, "heap.encode_aigw_allocs")),
                                                            fmt(val(R, "heap.encode_cjson_allocs")),
                                                            fmt(val(R, "heap.encode_cjson_bytes")))],
        ["validate + encode (instructions)", fmt(val(R, "cpu.validate_encode_aigw")), "(cJSON has no validator)",
         "", ""],
        ["decode (instructions)", fmt(val(R, "cpu.decode_aigw")), fmt(val(R, "cpu.decode_cjson")),
         fmt(val(R, "cpu.decode_ratio")), "%s / %s (%s B)" % (fmt(val(R, "heap.decode_aigw_allocs")),
                                                            fmt(val(R, "heap.decode_cjson_allocs")),
                                                            fmt(val(R, "heap.decode_cjson_bytes")))],
    ]))
    L.append("")
    L.append("How: `%s`. aigw encode: %s. cJSON encode: %s. aigw decode: %s. cJSON decode: %s. Heap: `%s`."
             % (cmd(R, "cpu.encode_aigw"), note(R, "cpu.encode_aigw"), note(R, "cpu.encode_cjson"),
                note(R, "cpu.decode_aigw"), note(R, "cpu.decode_cjson"), cmd(R, "heap.decode_cjson_allocs")))
    L.append("")
    dr = val(R, "cpu.decode_ratio")
    if dr is not None and dr < 1:
        L.append("aigw's decode costs more instructions than cJSON's (%.1fx): it tokenizes with jsmn, then checks "
                 "the whole text against RFC 8259 and every string's escapes and UTF-8, refuses duplicate members, "
                 "decodes in two passes (measure, then write, so a failure writes nothing) and parses both dates. "
                 "cJSON does none of those checks and reads values by linear key search; it pays with %s heap "
                 "allocations per response instead." % (1 / dr, fmt(val(R, "heap.decode_cjson_allocs"))))
        L.append("")
    # ---- e2e
    L.append("## End to end over TLS on loopback, keep-alive")
    L.append("")
    L.append("![e2e](%s)" % files[1])
    L.append("")
    rows = []
    hs = {}
    for c, label in (("aigw", "aigw (client + POSIX + mbedTLS ports)"), ("curl", "libcurl, fixed body"),
                     ("curl_cjson", "libcurl + cJSON (build body, parse response)"),
                     ("sdk", "Cloudflare TypeScript SDK (Node)")):
        rs = (R.get("e2e.%s_rate" % c) or {}).get("samples") or []
        cs = (R.get("e2e.%s_cpu_per_update" % c) or {}).get("samples") or []
        rows.append([label, fmt(val(R, "e2e.%s_rate" % c)) + (" (%s to %s)" % (fmt(min(rs)), fmt(max(rs))) if rs else ""),
                     fmt(val(R, "e2e.%s_cpu_per_update" % c), "s") + (
                         " (%s to %s)" % (fmt(min(cs), "s"), fmt(max(cs), "s")) if cs else ""),
                     fmt(val(R, "e2e.%s_full_handshakes" % c)), note(R, "e2e.%s_full_handshakes" % c)])
    L.append(table(["client", "updates/s: median (range)", "client CPU per update: median (range)",
                    "full TLS handshakes per 1,000", "connections"], rows))
    L.append("")
    L.append("Ratios from the same run: aigw's rate is %sx libcurl's and %sx the SDK's; libcurl uses %sx and the "
             "SDK %sx aigw's CPU per update. Whole-process CPU (start-up included) for %s updates: %s s."
             % (fmt(val(R, "e2e.rate_aigw_over_curl")), fmt(val(R, "e2e.rate_aigw_over_sdk")),
                fmt(val(R, "e2e.cpu_curl_over_aigw")), fmt(val(R, "e2e.cpu_sdk_over_aigw")),
                fmt(val(R, "e2e.updates")),
                ", ".join("%s %s" % kv for kv in (val(R, "e2e.process_cpu") or {}).items())))
    L.append("")
    L.append("Set-up: %s. %s. TLS negotiated: %s. Rates on this 2-core VM are noisy (nginx and whatever else runs "
             "share the cores with the client; load average at the start: %s); trust the ratios within one run more "
             "than the absolute rates. Per-round samples are in results.json."
             % (note(R, "e2e.updates"), (R.get("e2e.aigw_rate") or {}).get("method", {}).get("flags", ""),
                json.dumps(val(R, "e2e.tls")), res.get("load", "?")))
    L.append("")
    L.append("## Rerun")
    L.append("")
    L.append("`make bench` (about %s here). Tools: %s." % (res.get("duration", "?"), "; ".join(
        "%s: %s" % kv for kv in sorted(res.get("tools", {}).items()) if kv[1])))
    L.append("")
    return "\n".join(L)


def write(res, outdir):
    files = charts(res["figures"], outdir)
    with open(os.path.join(outdir, "REPORT.md"), "w") as f:
        f.write(markdown(res, files))
    return files


if __name__ == "__main__":
    with open(sys.argv[1]) as f:
        write(json.load(f), sys.argv[2])
