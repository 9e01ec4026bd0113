# SPDX-License-Identifier: MIT
# The builds of the make check rules that suites run their tests in (sourced):
#   gcc    CC=gcc into build/
#   clang  CC=clang into build/clang
#   asan   make SAN=1 (ASan+UBSan, library included) into build/san
# Usage: . tests/variants.sh; for v in $VARIANTS; do variant $v; make "${VARIANT_ARGS[@]}" ...; ls "$VARIANT_DIR"; done
VARIANTS="gcc clang asan"
variant() {
  case $1 in
    gcc) VARIANT_ARGS=(CC=gcc); VARIANT_DIR=build ;;
    clang) VARIANT_ARGS=(CC=clang BUILD=build/clang); VARIANT_DIR=build/clang ;;
    asan) VARIANT_ARGS=(SAN=1); VARIANT_DIR=build/san ;;
    *) echo "variants.sh: unknown variant $1" >&2; return 1 ;;
  esac
}
