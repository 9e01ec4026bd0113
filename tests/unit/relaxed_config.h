/* SPDX-License-Identifier: MIT */
/* Board-style config for test_relaxed: relaxed ranges and small maxima. */
#define AIGW_RELAXED_RANGES 1
#define AIGW_MAX_OTEL 3
#define AIGW_MAX_DLP_CHECKS 2
