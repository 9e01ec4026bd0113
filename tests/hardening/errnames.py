# SPDX-License-Identifier: MIT
"""aigw_err_t numbers -> names, read from the public header so the tests never drift."""
import os
import re

_H = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "include", "aigw", "aigw_error.h")


def load():
    with open(_H) as f:
        body = f.read().split("typedef enum aigw_err {", 1)[1].split("} aigw_err_t;", 1)[0]
    return {i: name for i, name in enumerate(re.findall(r"^\s*(AIGW_(?:OK|E_\w+))\b", body, re.M))}


NAMES = load()
