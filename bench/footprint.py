# SPDX-License-Identifier: MIT
"""Footprint, RAM and stack figures on the Cortex-M3 (part of bench/run.py).

Sources:
  build/bench/arm/core_fp.elf(.map)    bench/arm_core.c: a program calling only
                                       aigw_client_init/result_init/gateway_update/gateway_get
                                       with a dummy port, linked with --gc-sections and
                                       newlib-nano against the core built with the board's flags
  build/bench/arm/core_probe.elf       the same plus the encoder's and preview's needed sizes
  build/bench/arm/core/*.su, *.ci      gcc -fstack-usage -fcallgraph-info=su (bench/stack_tree.py)
  build/board-an385/PROFILE/net_update.elf.map
                                       the board's firmware (client + TLS port + lwIP raw port) in each
                                       profile (interop, small), attributed with the board's own
                                       size_report.component_of()
  build/board-an385/mbedtls3/PROFILE/net_update.elf.map, build/board-an385/mbedtls3/run-report.txt
                                       the same firmware against mbedTLS 3.6 LTS (make MBEDTLS_MAJOR=3
                                       PROFILE=... test-mbedtls3; tests/suites/61-board-mbedtls3.sh)
  build/board-an385/run-report.json    the board's measured peak stack (stack painting), arena peak per
                                       chain and lwIP high-water marks (written by its `make test`)
"""
import importlib.util
import json
import os
import re
import subprocess

import common
import mapsize
import stack_tree
from common import ROOT, fig, missing, rel, tools

ARM = os.path.join(common.BUILD, "arm")
BOARD_DIR = os.path.join(ROOT, "boards", "qemu-mps2-an385")
BOARD_OUT = os.path.join(ROOT, "build", "board-an385")
PROFILES = ("interop", "small")
FW = os.path.join(BOARD_OUT, "interop", "net_update.elf")
# Issue 18's targets per profile: flash, and RAM = data + bss (static, TLS arena, lwIP, application
# buffers); the main stack is reserved apart and reported beside it.
FW_TARGETS = {"interop": (120 * 1024, 64 * 1024), "small": (104 * 1024, 48 * 1024)}
# run-report labels of the TLS runs: PROFILE/net_update (the test PKI's ECDSA chain: leaf + root),
# PROFILE/net_update_rsa (its RSA chain), PROFILE/net_update_edge_* (chains shaped like the edge's:
# leaf + issuing + transit CA under a 4096-bit RSA or P-384 root, boards/qemu-mps2-an385/edge-certs.sh)
FW_CHAINS = {"interop": (("ecdsa", "net_update"), ("rsa", "net_update_rsa"), ("edge_ecc", "net_update_edge_ecc"),
                         ("edge_rsa", "net_update_edge_rsa")),
             "small": (("ecdsa", "net_update"), ("edge_ecc", "net_update_edge_ecc"))}
ARM_FLAGS = "-mcpu=cortex-m3 -mthumb -Os -g -ffunction-sections -fdata-sections; link: --specs=nano.specs " \
            "-nostartfiles -Wl,--gc-sections -T boards/qemu-mps2-an385/link.ld"
CORE_ARCHIVE = "libaigw_core.a"
QEMU = ["qemu-system-arm", "-M", "mps2-an385", "-cpu", "cortex-m3", "-nographic", "-monitor", "none",
        "-serial", "none", "-semihosting-config", "enable=on,target=native", "-kernel"]
# Published reference points (not measured here): FreeRTOS coreHTTP's and coreJSON's size tables.
REF_COREHTTP = 22.3 * 1000
REF_COREJSON = 2.5 * 1000
TARGET_FLASH = 16 * 1024  # issue 13 (the first release aimed at 8 KiB)
TARGET_STACK = 512
# the core's objects by job (footprint.core.by_group)
GROUPS = (
    ("HTTP/1.1 request and response", ("http_request", "http_response", "http_url", "http_date")),
    ("JSON tokenizer and RFC 8259 check", ("jsmn", "json_check", "json_parse", "json_string", "json_path", "utf8")),
    # the descriptor table tools/gen_schema.py writes, and the enum names
    ("schema table (generated)", ("schema_table", "enum")),
    ("walker: decoder", ("decode", "decode_envelope", "decode_gateway", "decode_params", "arena", "rfc3339")),
    ("walker: validator and change comparison", ("params_validate", "params_equal", "uri_format", "field_path")),
    ("walker: encoder", ("params_encode", "json_write", "json_raw", "sink")),
    ("client loop (retries, keep-alive, deadlines)", ("client",)),
    ("error texts", ("error",)),
)
# called only when a call fails, to write diag.path
ERROR_RENDERERS = ("aigw_fpath_fail", "aigw_json_fail")


def qemu_values(elf):
    p = common.run(QEMU + [elf], timeout=60, check=False)
    vals = {}
    for m in re.finditer(r"^BENCH (\w+)=(\S+)", p.stdout + p.stderr, re.M):
        vals[m.group(1)] = m.group(2)
    if p.returncode != 0 or "error" in vals:
        raise RuntimeError("%s in QEMU: exit %d, %s" % (rel(elf), p.returncode, vals.get("error", p.stdout[-300:])))
    return {k: int(v) for k, v in vals.items() if v.isdigit()}


def libc_helpers(elf):
    """Flash of the C library / libgcc functions the core's objects call."""
    lib = os.path.join(ARM, CORE_ARCHIVE)
    und = subprocess.run(["arm-none-eabi-nm", "-u", lib], capture_output=True, text=True).stdout
    wanted = {l.split()[-1] for l in und.splitlines() if l.strip().startswith("U ")}
    defined = set()
    for l in subprocess.run(["arm-none-eabi-nm", "--defined-only", lib], capture_output=True, text=True).stdout.splitlines():
        parts = l.split()
        if len(parts) == 3:
            defined.add(parts[2])
    wanted -= defined
    sizes = {}
    for l in subprocess.run(["arm-none-eabi-nm", "-S", "--size-sort", elf], capture_output=True, text=True).stdout.splitlines():
        parts = l.split()
        if len(parts) == 4 and parts[3] in wanted:
            sizes[parts[3]] = int(parts[1], 16)
    return sizes


def board_component_of():
    spec = importlib.util.spec_from_file_location("board_size_report", os.path.join(BOARD_DIR, "size_report.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.component_of, mod.COMPONENTS


def fw_path(profile):
    return os.path.join(BOARD_OUT, profile, "net_update.elf")


def ensure_firmware(quick, log):
    """The board's firmware images (both profiles), brought up to date with
    the sources (make is incremental) so their aigw component matches the
    core measured above; quick mode only reads what is there."""
    have = all(os.path.exists(fw_path(p) + ".map") for p in PROFILES)
    if quick:
        if have:
            return None
        return "the board's firmware is not built (make -C boards/qemu-mps2-an385 firmware-all); quick mode does not build it"
    log("bringing the board's firmware up to date (make -C boards/qemu-mps2-an385 firmware-all)")
    p = common.run(["make", "-s", "-C", BOARD_DIR, "firmware-all"], timeout=900, check=False)
    if p.returncode != 0 or not all(os.path.exists(fw_path(p) + ".map") for p in PROFILES):
        return "make -C boards/qemu-mps2-an385 firmware-all failed: " + (p.stderr or p.stdout)[-300:]
    return None


def firmware_rows(path, component_of):
    """Flash and RAM of one firmware image by component and by module (object or archive member)."""
    ents = mapsize.parse(path + ".map")
    comps, mods = {}, {}
    for kind, _n, size, origin in ents:
        c = component_of(origin)
        m = c + ":" + os.path.basename(origin.split("(")[-1].rstrip(")")) if "(" in origin else \
            c + ":" + os.path.basename(origin)
        for table, key in ((comps, c), (mods, m)):
            r = table.setdefault(key, {"text": 0, "rodata": 0, "data": 0, "bss": 0})
            r[kind] += size
    for table in (comps, mods):
        for r in table.values():
            r["flash"] = r["text"] + r["rodata"] + r["data"]
            r["ram"] = r["data"] + r["bss"]
    return ents, comps, mods


def stack_reserved(path):
    """Bytes of the .stack section the linker script reserves (arm-none-eabi-size -A)."""
    out = subprocess.run(["arm-none-eabi-size", "-A", path], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == ".stack":
            return int(parts[1])
    return None


def read_run_report():
    rows = {}
    try:
        with open(os.path.join(BOARD_OUT, "run-report.json")) as f:
            rows = json.load(f)
    except (OSError, ValueError):
        pass
    try:  # a run report of a partial test (no json yet): the text lines
        with open(os.path.join(BOARD_OUT, "run-report.txt")) as f:
            for line in f:
                parts = line.split()
                if parts and parts[0] not in rows:
                    rows[parts[0]] = {k: (int(v) if v.isdigit() else v)
                                      for k, v in (x.split("=", 1) for x in parts[1:] if "=" in x)}
    except OSError:
        pass
    return rows


def firmware_profiles(quick, log, why, armtools):
    """Both profiles side by side: flash and RAM against the targets, by component and by module,
    arena peak per chain, measured stack. Keys footprint.firmware.profiles / .by_module / .arena / .stack."""
    R = {}
    keys = ("footprint.firmware.profiles", "footprint.firmware.by_module", "footprint.firmware.arena",
            "footprint.firmware.stack")
    cmd = ("make -C boards/qemu-mps2-an385 firmware-all; bench/mapsize.py on "
           "build/board-an385/{interop,small}/net_update.elf.map with the board's size_report.component_of()")
    if why:
        for k in keys:
            R[k] = missing("B", why, cmd)
        return R
    component_of, comps_order = board_component_of()
    runs = read_run_report()
    need = ["%s/%s" % (p, label) for p in PROFILES for _c, label in FW_CHAINS[p]]
    if not quick and any(n not in runs or runs[n].get("exit") != 0 for n in need):
        for p in PROFILES:
            log("no passing TLS run of the %s profile in the board's run report: "
                "make -C boards/qemu-mps2-an385 PROFILE=%s test-net-update" % (p, p))
            common.run(["make", "-s", "-C", BOARD_DIR, "PROFILE=" + p, "test-net-update"], timeout=900, check=False)
        runs = read_run_report()
    prof, by_mod, arena, stack = {}, {}, {}, {}
    for p in PROFILES:
        path = fw_path(p)
        _e, comps, mods = firmware_rows(path, component_of)
        flash = mapsize.image_flash(path)
        ram = sum(r["ram"] for r in comps.values())
        reserve = stack_reserved(path)
        tf, tr = FW_TARGETS[p]
        prof[p] = {"flash": flash, "ram": ram, "stack_reserved": reserve,
                   "ram_with_stack": ram + (reserve or 0), "target_flash": tf, "target_ram": tr,
                   "flash_over_target": flash - tf, "ram_over_target": ram - tr,
                   "components": {c: comps.get(c, {"flash": 0, "ram": 0}) for c in comps_order}}
        by_mod[p] = {m: {"flash": r["flash"], "ram": r["ram"]}
                     for m, r in sorted(mods.items(), key=lambda kv: -(kv[1]["flash"] + kv[1]["ram"]))}
        arena[p], stack[p] = {}, {"reserved": reserve}
        for chain, label in FW_CHAINS[p]:
            row = runs.get("%s/%s" % (p, label), {})
            ok = row.get("exit") == 0
            arena[p][chain] = {"peak": row.get("tls_arena_peak") if ok else None,
                               "size": row.get("tls_arena_size"),
                               "lwip_heap_max": row.get("lwip_heap_max"), "pbuf_pool_max": row.get("pbuf_pool_max")}
            stack[p][chain] = row.get("stack_peak") if ok else None
    R["footprint.firmware.profiles"] = fig(
        prof, "B", cmd, ARM_FLAGS, armtools,
        "net_update.elf of each profile (boards/qemu-mps2-an385/profiles/*/board_profile.h): flash = the image "
        "(text + rodata + .data load image), RAM = data + bss (static state, TLS arena, lwIP pools and heap, "
        "application buffers); the main stack is reserved apart (stack_reserved). Targets of issue 18: interop "
        "120 KiB / 64 KiB, small 104 KiB / 48 KiB")
    R["footprint.firmware.by_module"] = fig(
        by_mod, "B", cmd, ARM_FLAGS, armtools, "flash and RAM per linked object (component:object), largest first")
    R["footprint.firmware.arena"] = fig(
        arena, "B", "make -C boards/qemu-mps2-an385 test (the REPORT line of each TLS run, build/board-an385/"
        "run-report.json)", ARM_FLAGS, armtools,
        "mbedTLS arena peak (bytes of blocks in use at most, MBEDTLS_MEMORY_DEBUG) of one update + get + resumed "
        "get against the test PKI's ECDSA and RSA chains (leaf + root) and against chains shaped like the edge's "
        "(edge_ecc, edge_rsa: leaf + issuing + transit CA under a P-384 or 4096-bit RSA root), and the arena each "
        "profile reserves; lwIP heap and pbuf "
        "pool high-water marks of the same run. null: no passing run in the report")
    R["footprint.firmware.stack"] = fig(
        stack, "B", "make -C boards/qemu-mps2-an385 test (stack painting, run-report.json)", ARM_FLAGS, armtools,
        "measured main-stack peak per chain and the reserve the linker script sets (STACK_FW in the board Makefile)")
    return R


# The 3.6 builds (boards/qemu-mps2-an385/Makefile, test-mbedtls3): key -> (build variant, profile, make
# arguments, run-report labels of its TLS runs). TLS13=1 (TLS 1.3 offered) exists for interop only.
MBEDTLS3_BUILDS = {
    "interop": ("mbedtls3", "interop", ["MBEDTLS_MAJOR=3", "PROFILE=interop"],
                (("ecdsa", "net_update"), ("rsa", "net_update_rsa"))),
    "small": ("mbedtls3", "small", ["MBEDTLS_MAJOR=3", "PROFILE=small"], (("ecdsa", "net_update"),)),
    "interop_tls13": ("mbedtls3-tls13", "interop", ["MBEDTLS_MAJOR=3", "TLS13=1", "PROFILE=interop"],
                      (("ecdsa", "net_update"), ("rsa", "net_update_rsa"))),
}


def read_mbedtls3_runs():
    rows = {}
    for variant in sorted({b[0] for b in MBEDTLS3_BUILDS.values()}):
        try:
            with open(os.path.join(BOARD_OUT, variant, "run-report.txt")) as f:
                for line in f:
                    parts = line.split()
                    if parts:
                        rows[parts[0]] = {k: (int(v) if v.isdigit() else v)
                                          for k, v in (x.split("=", 1) for x in parts[1:] if "=" in x)}
        except OSError:
            pass
    return rows


def firmware_mbedtls3(quick, log, armtools):
    """Issue 16: the update firmware against mbedTLS 3.6 LTS beside 2.28's (TLS 1.2 as on 2.28, and the
    interop profile with TLS 1.3 offered too): flash and RAM by component, arena and stack peaks of its TLS
    runs. Key footprint.firmware.mbedtls3."""
    cmd = ("make -C boards/qemu-mps2-an385 MBEDTLS_MAJOR=3 [TLS13=1] PROFILE=... test-mbedtls3; bench/mapsize.py "
           "on build/board-an385/mbedtls3{,-tls13}/PROFILE/net_update.elf.map with the board's "
           "size_report.component_of()")
    paths = {k: os.path.join(BOARD_OUT, b[0], b[1], "net_update.elf") for k, b in MBEDTLS3_BUILDS.items()}
    runs = read_mbedtls3_runs()
    for key, (variant, profile, args, chains) in MBEDTLS3_BUILDS.items():
        need = ["%s/%s/%s" % (variant, profile, label) for _c, label in chains]
        if not quick and any(n not in runs or runs[n].get("exit") != 0 for n in need):
            log("no passing run of the mbedTLS 3.6 build %s: make -C boards/qemu-mps2-an385 %s test-mbedtls3"
                % (key, " ".join(args)))
            common.run(["make", "-s", "-C", BOARD_DIR] + args + ["test-mbedtls3"], timeout=900, check=False)
    runs = read_mbedtls3_runs()
    if not all(os.path.exists(p + ".map") for p in paths.values()):
        return {"footprint.firmware.mbedtls3": missing(
            "B", "the mbedTLS 3.6 firmware is not built (%s)" % ("quick mode does not build it" if quick else "build failed"),
            cmd)}
    component_of, comps_order = board_component_of()
    out = {}
    for key, (variant, profile, _args, chains) in MBEDTLS3_BUILDS.items():
        _e, comps, _m = firmware_rows(paths[key], component_of)
        reserve = stack_reserved(paths[key])
        ram = sum(r["ram"] for r in comps.values())
        row = {"profile": profile, "tls13": variant.endswith("tls13"), "flash": mapsize.image_flash(paths[key]),
               "ram": ram, "stack_reserved": reserve, "ram_with_stack": ram + (reserve or 0),
               "components": {c: comps.get(c, {"flash": 0, "ram": 0}) for c in comps_order},
               "arena": {}, "stack": {}}
        for chain, label in chains:
            run = runs.get("%s/%s/%s" % (variant, profile, label), {})
            ok = run.get("exit") == 0
            row["arena"][chain] = {"peak": run.get("tls_arena_peak") if ok else None, "size": run.get("tls_arena_size")}
            row["stack"][chain] = run.get("stack_peak") if ok else None
        out[key] = row
    ver = ""
    try:
        with open(os.path.join(ROOT, ".cache", "src", "mbedtls3", "include", "mbedtls", "build_info.h")) as f:
            m = re.search(r'#define MBEDTLS_VERSION_STRING\s+"([^"]+)"', f.read())
            ver = m.group(1) if m else ""
    except OSError:
        pass
    return {"footprint.firmware.mbedtls3": fig(
        out, "B", cmd, ARM_FLAGS, armtools,
        "net_update.elf built against mbedTLS %s (Debian trixie's source, tools/fetch-mbedtls3.sh) instead of 2.28 "
        "with the same board configuration (mbedtls_config_board.h: TLS 1.2 client, same suites, curves, record "
        "buffers and arena); interop_tls13 also offers TLS 1.3 (TLS13=1: PSA crypto core, HKDF, RSA-PSS, the peer "
        "certificate kept), which the test server negotiates; flash and RAM counted as in "
        "footprint.firmware.profiles; arena and stack peaks of one update + get + new-connection get (null: no "
        "passing run)" % (ver or "3.6"))}


def measure(quick, log):
    R = {}
    armtools = tools("arm-none-eabi-gcc", "deb:libnewlib-arm-none-eabi", "qemu-system-arm", "python3")
    fp_elf = os.path.join(ARM, "core_fp.elf")
    probe_elf = os.path.join(ARM, "core_probe.elf")
    cmd_fp = "make bench-arm; python3 bench/mapsize.py %s.map %s" % (rel(fp_elf), CORE_ARCHIVE)

    # ---- core flash: its share of the image that calls update and get
    ents = mapsize.parse(fp_elf + ".map")
    core = mapsize.totals(ents, lambda o: mapsize.split_origin(o)[0] == CORE_ARCHIVE)
    image = mapsize.image_flash(fp_elf)
    counted = mapsize.totals(ents)["flash"]
    merge_note = ("text %d + rodata %d + data %d. Merged string literals are counted at their own size per "
                  "object; merging across objects (and alignment) saves %d B of the %d B image, not attributed"
                  % (core["text"], core["rodata"], core["data"], counted - image, image))
    R["footprint.core.flash"] = fig(core["flash"], "B", cmd_fp, ARM_FLAGS, armtools, merge_note,
                                    text=core["text"], rodata=core["rodata"], data=core["data"])
    # ---- the HTTP CONNECT step: the same calls through it (AIGW_ENABLE_PROXY 0 compiles it out)
    proxy_elf = os.path.join(ARM, "core_proxy_fp.elf")
    pents = mapsize.parse(proxy_elf + ".map")
    pcore = mapsize.totals(pents, lambda o: mapsize.split_origin(o)[0] == CORE_ARCHIVE)
    pobj = mapsize.by_member(pents, CORE_ARCHIVE).get("proxy_connect.o", {"flash": 0})["flash"]
    pv = qemu_values(proxy_elf)
    R["footprint.core.proxy_flash"] = fig(
        pcore["flash"] - core["flash"], "B",
        "make bench-arm; python3 bench/mapsize.py %s.map %s (minus footprint.core.flash)" % (rel(proxy_elf), CORE_ARCHIVE),
        ARM_FLAGS, armtools,
        "what the HTTP CONNECT proxy step adds to the core of a program calling update and get through it "
        "(core/proxy_connect.o: %d B; any difference is code of other objects that only the step reaches); "
        "AIGW_ENABLE_PROXY 0 in aigw_config.h compiles it out. The program ran in QEMU: update and get "
        "through the step %s" % (pobj, "succeeded" if pv.get("update_ok") == 1 else "FAILED"),
        proxy_object=pobj, stack_update=pv.get("stack_update"), stack_get=pv.get("stack_get"))
    R["footprint.core.ram_static"] = fig(core["ram"], "B", cmd_fp, ARM_FLAGS, armtools,
                                         "data + bss of the core: it has no mutable globals")
    helpers = libc_helpers(fp_elf)
    R["footprint.core.libc_helpers_flash"] = fig(
        sum(helpers.values()), "B", "arm-none-eabi-nm -u build/bench/arm/libaigw_core.a; nm -S core_fp.elf",
        ARM_FLAGS, armtools, "newlib-nano / libgcc functions the core calls, not in footprint.core.flash: "
        + ", ".join("%s %d" % kv for kv in sorted(helpers.items(), key=lambda kv: -kv[1])), functions=helpers)
    members = mapsize.by_member(ents, CORE_ARCHIVE)
    R["footprint.core.by_object"] = fig(
        {k[:-2]: v["flash"] for k, v in sorted(members.items(), key=lambda kv: -kv[1]["flash"])}, "B", cmd_fp,
        ARM_FLAGS, armtools, "flash per core object after --gc-sections")
    groups = {}
    for obj, row in members.items():
        g = next((name for name, objs in GROUPS if obj[:-2] in objs), "other")
        groups[g] = groups.get(g, 0) + row["flash"]
    R["footprint.core.by_group"] = fig(
        {name: groups.get(name, 0) for name, _ in GROUPS + (("other", ()),) if groups.get(name) or name != "other"},
        "B", cmd_fp, ARM_FLAGS, armtools, "the core's objects grouped by job, to set beside the reference points: "
        + "; ".join("%s = %s" % (name, ", ".join(objs)) for name, objs in GROUPS))
    top = mapsize.by_section(ents, CORE_ARCHIVE)[:12]
    R["footprint.core.top_sections"] = fig(
        [{"section": n, "object": m[:-2], "bytes": s} for s, n, m in top], "B", cmd_fp, ARM_FLAGS, armtools,
        "the largest input sections (functions, tables, string blocks) of the core in the image")
    R["footprint.core.target_flash"] = fig(TARGET_FLASH, "B", "", note="project target (issue 13): core <= 16 KiB flash")
    R["footprint.core.over_target"] = fig(
        core["flash"] - TARGET_FLASH, "B", "footprint.core.flash - footprint.core.target_flash",
        note="%s: the core is %.1fx the target" % ("met" if core["flash"] <= TARGET_FLASH else "missed",
                                                  core["flash"] / TARGET_FLASH))
    R["footprint.ref.corehttp_llhttp_flash"] = fig(
        REF_COREHTTP, "B", "published", note="FreeRTOS coreHTTP with llhttp, -Os (its published size table); "
        "HTTP only, no JSON, no TLS: not measured here")
    R["footprint.ref.corejson_flash"] = fig(
        REF_COREJSON, "B", "published", note="FreeRTOS coreJSON, -Os (its published size table): a validator "
        "and key search, no typed model: not measured here")

    # ---- the board's firmware: ports and components
    why = ensure_firmware(quick, log)
    fw_cmd = "make -C boards/qemu-mps2-an385 firmware; bench/mapsize.py on build/board-an385/interop/net_update.elf.map " \
             "with boards/qemu-mps2-an385/size_report.py's component_of() (the default profile, interop)"
    if why:
        for k in ("footprint.port.mbedtls_flash", "footprint.port.lwip_raw_flash",
                  "footprint.port.cloudflare_ca_flash", "footprint.firmware.components",
                  "footprint.firmware.flash", "footprint.firmware.ram"):
            R[k] = missing("B", why, fw_cmd)
    else:
        fents = mapsize.parse(FW + ".map")
        pm = mapsize.by_member(fents, "libaigw_port.a")
        tls = sum(pm.get(m, {}).get("flash", 0) for m in ("aigw_tls.o", "aigw_tls_ca.o", "aigw_tls_arena.o"))
        R["footprint.port.mbedtls_flash"] = fig(
            tls, "B", fw_cmd, ARM_FLAGS, armtools,
            "port/mbedtls (aigw_tls.c, aigw_tls_ca.c, aigw_tls_arena.c) as linked in the firmware, "
            "against mbedTLS built from Debian's source with the board's config; mbedTLS itself is apart",
            objects={m[:-2]: pm[m]["flash"] for m in pm if m.startswith("aigw_tls")})
        R["footprint.port.lwip_raw_flash"] = fig(
            pm.get("aigw_lwip_raw.o", {}).get("flash"), "B", fw_cmd, ARM_FLAGS, armtools,
            "port/lwip/aigw_lwip_raw.c (raw/altcp API, NO_SYS=1) as linked in the firmware")
        # the board links the port's table cut to its profile (boards/qemu-mps2-an385/ca_select.py)
        ca_obj = next((m for m in ("aigw_cloudflare_ca.o", "board_cloudflare_ca.o") if m in pm), None)
        ca = pm[ca_obj]["flash"] if ca_obj else None
        R["footprint.port.cloudflare_ca_flash"] = fig(
            ca, "B", fw_cmd, ARM_FLAGS, armtools,
            ("port/mbedtls/aigw_cloudflare_ca.c: the DER roots behind Cloudflare's edge (parsed in place)"
             + ("; in the board's interop profile the 8 roots mbedTLS parses without SHA-1 (ca_select.py; AAA "
                "Certificate Services left out)" if ca_obj == "board_cloudflare_ca.o" else ""))
            if ca else "no Cloudflare CA table is linked in this firmware")
        component_of, comps = board_component_of()
        rows = {}
        for kind, _n, size, origin in fents:
            c = component_of(origin)
            r = rows.setdefault(c, {"text": 0, "rodata": 0, "data": 0, "bss": 0})
            r[kind] += size
        for r in rows.values():
            r["flash"] = r["text"] + r["rodata"] + r["data"]
            r["ram"] = r["data"] + r["bss"]
        ordered = {c: rows.get(c, {"flash": 0, "ram": 0}) for c in comps}
        fw_flash = mapsize.image_flash(FW)
        fw_ram = sum(r["ram"] for r in ordered.values())
        note = "component rules: the board's size_report.py (aigw = its 'core', port = libaigw_port.a, ...)"
        try:
            with open(os.path.join(BOARD_OUT, "interop", "size-report.json")) as f:
                board = json.load(f)
            note += ("; the board's own size-report.json says %d B flash in all: it counts the blocks of merged "
                     "string literals at their merged size once per object, %d B more than the image holds"
                     % (board["total"]["flash"], board["total"]["flash"] - fw_flash))
        except (OSError, ValueError, KeyError):
            pass
        R["footprint.firmware.components"] = fig(ordered, "B", fw_cmd, ARM_FLAGS, armtools, note)
        R["footprint.firmware.flash"] = fig(fw_flash, "B", "arm-none-eabi-size -A build/board-an385/interop/net_update.elf",
                                            ARM_FLAGS, armtools, "the whole image: code, read-only data, .data load image")
        R["footprint.firmware.ram"] = fig(fw_ram, "B", fw_cmd, ARM_FLAGS, armtools,
                                          "data + bss (lwIP pools, TLS arena, driver buffers); the main stack is "
                                          "reserved apart")
    R.update(firmware_profiles(quick, log, why, armtools))
    R.update(firmware_mbedtls3(quick, log, armtools))
    R["footprint.port.posix_flash"] = missing(
        "B", "port/posix is host-only (BSD sockets, getaddrinfo, poll): there is no Cortex-M3 build of it")

    # ---- RAM the caller gives for the page's full example, and measured stack (QEMU)
    qcmd = " ".join(QEMU) + " build/bench/arm/core_probe.elf"
    try:
        fpv = qemu_values(fp_elf)
        pv = qemu_values(probe_elf)
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        fpv, pv = None, None
        qwhy = str(e)
    t = tools("arm-none-eabi-gcc", "qemu-system-arm")
    if pv:
        io = pv["io_used"]
        total = pv["sizeof_client"] + io + pv["sizeof_result"] + pv["needed_body"] + \
            pv["needed_tokens"] * pv["sizeof_token"] + pv["needed_arena"]
        R["ram.client_struct"] = fig(pv["sizeof_client"], "B", qcmd, ARM_FLAGS, t, "sizeof(aigw_client_t)")
        R["ram.result_struct"] = fig(pv["sizeof_result"], "B", qcmd, ARM_FLAGS, t, "sizeof(aigw_result_t)")
        R["ram.io_buffer"] = fig(io, "B", qcmd, ARM_FLAGS, t,
                                 "the io buffer used here (AIGW_CLIENT_IO_MIN is %d; the request is streamed "
                                 "through it, never held whole)" % pv["io_min"])
        R["ram.body_buffer"] = fig(pv["needed_body"], "B", qcmd, ARM_FLAGS, t,
                                   "diag.needed of an update with a 16-byte body buffer "
                                   "(AIGW_E_HTTP_BODY_TOO_LARGE): the page's example response body")
        R["ram.tokens"] = fig(pv["needed_tokens"], "tokens", qcmd, ARM_FLAGS, t,
                              "diag.needed of an update with 8 tokens (AIGW_E_JSON_TOKENS)")
        R["ram.token_bytes"] = fig(pv["needed_tokens"] * pv["sizeof_token"], "B", qcmd, ARM_FLAGS, t,
                                   "%d tokens x sizeof(aigw_tok_t) %d (parent links)" % (pv["needed_tokens"],
                                                                                       pv["sizeof_token"]))
        R["ram.arena"] = fig(pv["needed_arena"], "B", qcmd, ARM_FLAGS, t,
                             "diag.needed of an update with an 8-byte arena (AIGW_E_ARENA)")
        R["ram.encoder_body"] = fig(pv["encoder_needed"], "B", qcmd, ARM_FLAGS, t,
                                    "aigw_params_to_json(cap 0): diag.needed, the full example's body; only a "
                                    "caller that wants the body in one buffer needs it (the client streams)")
        R["ram.request_preview"] = fig(pv["preview_len"], "B", qcmd, ARM_FLAGS, t,
                                       "aigw_request_preview(): head + body with the token masked ('****')")
        R["ram.caller_total"] = fig(total, "B", qcmd, ARM_FLAGS, t,
                                    "client + io buffer + result + body buffer + tokens + arena, all caller "
                                    "memory for one update of the full example (params and TLS apart)")
        R["stack.core_measured_update"] = fig(fpv["stack_update"], "B", qcmd.replace("core_probe", "core_fp"),
                                              ARM_FLAGS, t, "stack painted below the caller's frame, one "
                                              "aigw_gateway_update in QEMU (the dummy port's frames included)")
        R["stack.core_measured_get"] = fig(fpv["stack_get"], "B", qcmd.replace("core_probe", "core_fp"),
                                           ARM_FLAGS, t, "as above, one aigw_gateway_get")
    else:
        for k in ("ram.client_struct", "ram.result_struct", "ram.io_buffer", "ram.body_buffer", "ram.token_bytes",
                  "ram.arena", "ram.encoder_body", "ram.request_preview", "ram.caller_total",
                  "stack.core_measured_update", "stack.core_measured_get"):
            R[k] = missing("B", qwhy, qcmd)
        R["ram.tokens"] = missing("tokens", qwhy, qcmd)

    # ---- static worst case of the call tree
    st = stack_tree.analyse(os.path.join(ARM, "core"), os.path.join(ROOT, "core"),
                            ["aigw_gateway_update", "aigw_gateway_get"], fp_elf)
    scmd = ("python3 bench/stack_tree.py --ci-dir build/bench/arm/core --src core --elf build/bench/arm/core_fp.elf "
            "aigw_gateway_update aigw_gateway_get")
    sflags = ARM_FLAGS + " -fstack-usage -fcallgraph-info=su"
    excl = sorted({e["caller"] for e in st["excluded_indirect_calls"]})
    snote = ("deepest path of the call graph, port and log callbacks excluded (indirect calls in %s); "
             "internal callbacks resolved: %s; recursion: %s; bounded recursion counted at its documented depth: "
             "%s; unresolved indirect calls: %s" % (
                 ", ".join(excl), json.dumps(st["resolved_indirect_calls"]), st["recursion"] or "none",
                 json.dumps(st["bounded_recursion"]), st["unresolved_indirect_calls"] or "none"))
    up, get = st["roots"]["aigw_gateway_update"], st["roots"]["aigw_gateway_get"]
    # for information: the bound when the diagnostic path renderers (called only on failure) are cut
    ok_paths = stack_tree.analyse(os.path.join(ARM, "core"), os.path.join(ROOT, "core"),
                                  ["aigw_gateway_update"], fp_elf, cut=ERROR_RENDERERS)["roots"]["aigw_gateway_update"]
    R["stack.core_static_update"] = fig(
        up["bytes"], "B", scmd, sflags, armtools, snote + "; without the failure-only path renderers (%s) the "
        "bound is %d B, through %s" % (", ".join(ERROR_RENDERERS), ok_paths["bytes"],
                                        " > ".join(p["function"] for p in ok_paths["path"])),
        without_error_rendering=ok_paths["bytes"])
    R["stack.core_static_get"] = fig(get["bytes"], "B", scmd, sflags, armtools,
                                     "get shares run() with update, so a context-insensitive bound includes "
                                     "the validator's path even though a get never validates")
    R["stack.core_static_path"] = fig(up["path"], "B", scmd, sflags, armtools,
                                      "the deepest path from aigw_gateway_update, frame by frame",
                                      largest_frames=st["largest_frames"])
    R["stack.target"] = fig(TARGET_STACK, "B", "", note="project target (issue 13): core <= 512 B of stack")
    worst = max(up["bytes"], get["bytes"])
    R["stack.over_target"] = fig(worst - TARGET_STACK, "B", "max(stack.core_static_*) - stack.target",
                                 note="%s: the static worst case is %.1fx the target" % (
                                     "met" if worst <= TARGET_STACK else "missed", worst / TARGET_STACK))
    # ---- the firmware's measured peak (the board's stack painting)
    peak, src = read_firmware_peak()
    if peak is not None:
        R["stack.firmware_peak"] = fig(peak, "B", "make -C boards/qemu-mps2-an385 test-net-update (read from %s)" % src,
                                       ARM_FLAGS, armtools, "the board's measured main-stack peak (stack painting) "
                                       "of the TLS update+get firmware in QEMU, interop profile, the larger of its "
                                       "ECDSA and RSA runs: lwIP, mbedTLS handshake and aigw")
    else:
        R["stack.firmware_peak"] = missing("B", "the board's run report has no net_update run "
                                           "(make -C boards/qemu-mps2-an385 test-net-update writes it)")
    return R


def read_firmware_peak():
    runs = read_run_report()
    peaks = [runs.get("interop/" + label, {}).get("stack_peak") for _c, label in FW_CHAINS["interop"]]
    peaks = [p for p in peaks if isinstance(p, int)]
    if not peaks:
        return None, None
    return max(peaks), "build/board-an385/run-report.json"

