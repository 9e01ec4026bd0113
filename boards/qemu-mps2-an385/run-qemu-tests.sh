#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs firmware test images on QEMU's mps2-an385 through semihosting and
# passes their PASS/FAIL lines through, renamed "an385/<image>/<test>" so the
# suite runner counts them apart from the host runs of the same tests. Each
# image also gets one line of its own for its exit status and run time.
# Usage: run-qemu-tests.sh KIND IMAGE.elf...     (KIND only labels the output)
set -uo pipefail
kind=$1; shift
QEMU=${QEMU:-qemu-system-arm}
TIMEOUT=${QEMU_TIMEOUT:-120}
if [ $# -eq 0 ]; then
  echo "FAIL an385/$kind: no test images (is tests/unit/test_*.c empty?)"
  exit 1
fi
command -v "$QEMU" >/dev/null || { echo "FAIL an385/$kind: $QEMU not installed (tools/deps.sh board)"; exit 1; }
rc_all=0
for elf in "$@"; do
  name=$(basename "$elf" .elf)
  log=${elf%.elf}.log
  if [ ! -f "$elf" ]; then
    why=$(grep -m1 -E ": error:|undefined reference" "${elf%.elf}.build.log" 2>/dev/null | sed 's#^/[^ ]*/\(tests\|core\|include\)/#\1/#')
    echo "FAIL an385/$name: does not build for the Cortex-M3: ${why:-see ${elf%.elf}.build.log}"
    rc_all=1
    continue
  fi
  start=$(date +%s%N)
  timeout "$TIMEOUT" "$QEMU" -M mps2-an385 -cpu cortex-m3 -nographic -monitor none -serial none \
    -semihosting-config enable=on,target=native -kernel "$elf" >"$log" 2>&1
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  sed -e "s#^PASS #PASS an385/$name/#" -e "s#^FAIL #FAIL an385/$name/#" "$log"
  # Figures for the run report: wall time of the QEMU run and the image's peak stack.
  peak=$(sed -n 's/^an385: main returned .*, peak stack \([0-9]*\) of.*/\1/p' "$log" | tail -1)
  echo "$name qemu_ms=$ms exit=$rc stack_peak=${peak:-?}" >>"${RUN_REPORT:-/dev/null}"
  if [ $rc -eq 0 ]; then
    echo "PASS an385/$name (exit 0, ${ms} ms in QEMU)"
  else
    case $rc in 124) why="timed out after ${TIMEOUT}s" ;; *) why="exit status $rc" ;; esac
    echo "FAIL an385/$name: $why (${ms} ms in QEMU; log $log)"
    rc_all=1
  fi
done
exit $rc_all
