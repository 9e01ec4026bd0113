/* SPDX-License-Identifier: MIT */
/*
 * Prints the bodies aigw encodes for the API page's examples, one per line
 * ("snippet <json>", "result <json>"), so tests/py/check_example.py can
 * compare them with the JSON on the page itself.
 */
#include <stdio.h>

#include "aigw/aigw_model.h"
#include "example_params.h"

static int show(const char *label, const aigw_params_t *p)
{
    static char buf[4096];
    size_t n = 0;
    aigw_err_t e = aigw_params_to_json(p, buf, sizeof buf, &n, NULL);
    if (e != AIGW_OK) {
        printf("%s error %s\n", label, aigw_strerror(e));
        return 1;
    }
    printf("%s %.*s\n", label, (int)n, buf);
    return 0;
}

int main(void)
{
    aigw_params_t p;
    int bad = 0;
    example_python_snippet(&p);
    bad |= show("snippet", &p);
    example_result_object(&p);
    bad |= show("result", &p);
    return bad;
}
