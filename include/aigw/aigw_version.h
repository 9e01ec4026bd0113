/* SPDX-License-Identifier: MIT */
/**
 * @file
 * aigw's version, as numbers a preprocessor can compare.
 *
 * @code
 * #if AIGW_VERSION_NUM >= 0x000200   // aigw 0.2.0 or newer
 * @endcode
 *
 * AIGW_VERSION_NUM packs major, minor and patch into one byte each, the way
 * LIBCURL_VERSION_NUM and MBEDTLS_VERSION_NUMBER do. This file is the one
 * place the version is written: aigw_config.h, the pkg-config file, the CMake
 * package version and the firmware manifests take it from here
 * (tests/suites/07-package.sh checks they agree).
 */
#ifndef AIGW_VERSION_H
#define AIGW_VERSION_H

/** Major version: changes that break the API or the ABI. */
#define AIGW_VERSION_MAJOR 0
/** Minor version: additions that keep the API. */
#define AIGW_VERSION_MINOR 1
/** Patch version: fixes only. */
#define AIGW_VERSION_PATCH 0

/** 0xXXYYZZ: major, minor, patch, one byte each (for preprocessor comparisons). */
#define AIGW_VERSION_NUM 0x000100

/** "major.minor.patch", sent as "User-Agent: aigw/<version>". */
#define AIGW_VERSION_STRING "0.1.0"

#endif /* AIGW_VERSION_H */
