# SPDX-License-Identifier: MIT
# Public targets from a fresh clone (tools/fresh-clone.sh: a `git clone` of
# HEAD per target, ../shared beside it, the target as the first command).
#   make fresh-clone-all   every public target; slow (bench, board-test,
#                          conformance and fuzz take minutes): not in make test
# tests/suites/07-fresh-clone.sh (in make test) checks demo, aigw and all.
# Only the committed tree is tested: commit first.
FRESH_CLONE_TARGETS := all demo aigw check board-test bench docs install conformance fuzz

.PHONY: fresh-clone-all
fresh-clone-all:
	bash tools/fresh-clone.sh $(FRESH_CLONE_TARGETS)
