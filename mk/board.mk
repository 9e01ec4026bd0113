# SPDX-License-Identifier: MIT
# Bare-metal board boards/qemu-mps2-an385 (Cortex-M3 in QEMU, lwIP + mbedTLS
# from Debian's source packages), reachable from the top level:
#   make board          firmware images, unit-test images, size report
#   make board-test     everything the board tests (QEMU, network namespace)
#   make cross-targets  the core for Cortex-M4F and RISC-V rv32imac, with sizes
# The board's own Makefile does the work (it is standalone). The lwIP and
# mbedTLS sources are fetched first (tools/fetch-sources.sh, idempotent): the
# board's pattern rules for third-party objects only match once the sources
# exist, so on a fresh clone a build without them stops at "No rule to make".

.PHONY: board board-test cross-targets
BOARD_PREP = bash tools/deps.sh board && bash tools/fetch-sources.sh
board:
	$(BOARD_PREP)
	$(MAKE) -C boards/qemu-mps2-an385

board-test:
	$(BOARD_PREP)
	$(MAKE) -C boards/qemu-mps2-an385 test

cross-targets:
	$(MAKE) -C boards/qemu-mps2-an385 sizes
