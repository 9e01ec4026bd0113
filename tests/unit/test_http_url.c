/* SPDX-License-Identifier: MIT */
/* Base URL parsing: accepted shapes, refused shapes, host copy. */
#include <stdio.h>
#include <string.h>

#include "aigw/aigw_http.h"
#include "aigw_test.h"

static int slice_is(const char *p, size_t n, const char *want)
{
    return n == strlen(want) && (n == 0 || memcmp(p, want, n) == 0);
}

static aigw_err_t parse(const char *s, aigw_url_t *u)
{
    return aigw_url_parse(s, strlen(s), u);
}

static void test_default_base_url(void)
{
    static const char base[] = AIGW_DEFAULT_BASE_URL;
    aigw_url_t u;
    EXPECT(strcmp(AIGW_DEFAULT_BASE_URL, "https://api.cloudflare.com/client/v4") == 0);
    EXPECT(parse(base, &u) == AIGW_OK);
    EXPECT(slice_is(u.host, u.host_len, "api.cloudflare.com"));
    EXPECT(slice_is(u.path, u.path_len, "/client/v4"));
    EXPECT(u.port == 443 && u.tls == 1 && u.ipv6 == 0);
    /* slices point into the caller's string: no copy */
    EXPECT(u.host == base + 8 && u.path == base + 26);
}

static void test_accepted(void)
{
    static const struct {
        const char *url, *host, *path;
        unsigned port, tls, ipv6;
    } ok[] = {
        { "http://127.0.0.1:4010", "127.0.0.1", "", 4010, 0, 0 },
        { "http://localhost:4010/", "localhost", "", 4010, 0, 0 },
        { "http://localhost", "localhost", "", 80, 0, 0 },
        { "HTTPS://Example.COM/Client/V4/", "Example.COM", "/Client/V4", 443, 1, 0 },
        { "HtTp://h:443", "h", "", 443, 0, 0 },
        { "https://h:80", "h", "", 80, 1, 0 },
        { "https://h:1", "h", "", 1, 1, 0 },
        { "https://h:65535", "h", "", 65535, 1, 0 },
        { "https://h:00443", "h", "", 443, 1, 0 },
        { "https://my_host-1.example~x/", "my_host-1.example~x", "", 443, 1, 0 },
        { "https://[::1]:8443/mock", "::1", "/mock", 8443, 1, 1 },
        { "https://[::1]", "::1", "", 443, 1, 1 },
        { "http://[::]/", "::", "", 80, 0, 1 },
        { "http://[1:2:3:4:5:6:7:8]", "1:2:3:4:5:6:7:8", "", 80, 0, 1 },
        { "http://[fe80::1:2]", "fe80::1:2", "", 80, 0, 1 },
        { "http://[1::]", "1::", "", 80, 0, 1 },
        { "http://[1:2:3:4:5:6:7::]", "1:2:3:4:5:6:7::", "", 80, 0, 1 },
        { "http://[::ffff:192.0.2.1]:81", "::ffff:192.0.2.1", "", 81, 0, 1 },
        { "http://[1:2:3:4:5:6:192.0.2.1]", "1:2:3:4:5:6:192.0.2.1", "", 80, 0, 1 },
        { "http://[ABCD:ef01::]", "ABCD:ef01::", "", 80, 0, 1 },
        { "http://192.0.2.255", "192.0.2.255", "", 80, 0, 0 },
        { "http://0.0.0.0", "0.0.0.0", "", 80, 0, 0 },
        { "http://1.2.3.4.example", "1.2.3.4.example", "", 80, 0, 0 },
        { "https://h/a%20b/c:d@e!$&'()*+,;=-._~", "h", "/a%20b/c:d@e!$&'()*+,;=-._~", 443, 1, 0 },
        { "https://h/...", "h", "/...", 443, 1, 0 },
        { "https://h/.a/a.", "h", "/.a/a.", 443, 1, 0 },
    };
    size_t i;
    for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        aigw_url_t u;
        aigw_err_t e = parse(ok[i].url, &u);
        EXPECTF(e == AIGW_OK, "%s: %s", ok[i].url, aigw_strerror(e));
        EXPECTF(slice_is(u.host, u.host_len, ok[i].host), "%s: host", ok[i].url);
        EXPECTF(slice_is(u.path, u.path_len, ok[i].path), "%s: path '%.*s'", ok[i].url, (int)u.path_len,
                u.path ? u.path : "");
        EXPECTF(u.port == ok[i].port && u.tls == ok[i].tls && u.ipv6 == ok[i].ipv6, "%s: port %u tls %u ipv6 %u",
                ok[i].url, u.port, u.tls, u.ipv6);
    }
}

static void test_refused(void)
{
    static const char *const bad[] = {
        "", "h", "api.cloudflare.com/client/v4", "ftp://h", "https:/h", "https:h", "//h", "https//h",
        "https://", "https:///x", "https://:443", "https://:443/x",
        "https://user@h", "https://user:pw@h/x", "https://h?x", "https://h/p?q=1", "https://h#f", "https://h/p#f",
        "https://h:", "https://h:/x", "https://h:0", "https://h:65536", "https://h:99999999999", "https://h:8a",
        "https://h:-1", "https://h:+1", "https://h: 1", "https://h:1:2",
        "https://h h", "https:// h", "https://h /x", "https://h/a b", "https://h/a\tb", "https://h\r\nX: y",
        "https://h/a/../b", "https://h/./b", "https://h/..", "https://h/.", "https://h//x", "https://h/a//b",
        "https://h//", "https://h/a\\b", "https://h/%zz", "https://h/%2", "https://h/%", "https://h/\"",
        "https://h/<x>", "https://h/a^b", "https://h/a|b", "https://h/a`b", "https://h/a{b}",
        "https://h%41", "https://h!", "https://h,i", "https://h\xc3\xa9", "https://ex ample.com",
        "https://300.1.1.1", "https://1.2.3.256", "https://01.2.3.4", "https://1.2.3", "https://1.2.3.4.",
        "https://1..2.3", "https://1.2.3.4.5", "https://1234.1.1.1",
        "https://[::1", "https://[::1]x", "https://[::1]:", "https://[]", "https://[:]", "https://[:::]",
        "https://[1:2:3:4:5:6:7:8:9]", "https://[1:2:3:4:5:6:7]", "https://[1::2::3]", "https://[12345::]",
        "https://[fe80::1%25eth0]", "https://[v1.x]", "https://[::g]", "https://[1:]", "https://[:1]",
        "https://[1:2:3:4:5:6:7:8::]", "https://[::1.2.3]", "https://[::1.2.3.4:5]", "https://[1.2.3.4]",
        "https://[::1]]", "https://::1", "https://[::1]@h", "https://h@[::1]",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        aigw_url_t u;
        memset(&u, 0x5a, sizeof u);
        EXPECTF(parse(bad[i], &u) == AIGW_E_URL, "'%s' accepted", bad[i]);
        EXPECTF(u.host == NULL && u.host_len == 0 && u.port == 0, "'%s': out not zeroed", bad[i]);
    }
}

static void test_length_and_nul(void)
{
    aigw_url_t u;
    static const char s[] = "https://h.example/p\0/q";
    /* len is honoured: the tail after it is not part of the URL */
    EXPECT(aigw_url_parse("https://h.example/client/v4XYZ", 27, &u) == AIGW_OK);
    EXPECT(slice_is(u.path, u.path_len, "/client/v4"));
    EXPECT(aigw_url_parse("https://h.example:8443", 20, &u) == AIGW_OK && u.port == 84);
    /* an embedded NUL is refused anywhere */
    EXPECT(aigw_url_parse(s, sizeof s - 1, &u) == AIGW_E_URL);
    EXPECT(aigw_url_parse("https://h\0x", 11, &u) == AIGW_E_URL);
    EXPECT(aigw_url_parse("https://h:1\0", 12, &u) == AIGW_E_URL);
    /* the host length limit */
    {
        char big[300];
        memcpy(big, "https://", 8);
        memset(big + 8, 'a', AIGW_URL_HOST_MAX);
        EXPECT(aigw_url_parse(big, 8 + AIGW_URL_HOST_MAX, &u) == AIGW_OK && u.host_len == AIGW_URL_HOST_MAX);
        memset(big + 8, 'a', AIGW_URL_HOST_MAX + 1);
        EXPECT(aigw_url_parse(big, 8 + AIGW_URL_HOST_MAX + 1, &u) == AIGW_E_URL);
    }
    EXPECT(aigw_url_parse("https://h", 9, NULL) == AIGW_E_ARG);
    EXPECT(aigw_url_parse(NULL, 3, &u) == AIGW_E_ARG);
    EXPECT(aigw_url_parse(NULL, 0, &u) == AIGW_E_URL);
}

static void test_host_cstr(void)
{
    aigw_url_t u;
    char buf[32];
    EXPECT(parse("https://[2001:db8::7]:8443/x", &u) == AIGW_OK);
    memset(buf, 'Z', sizeof buf);
    EXPECT(aigw_url_host_cstr(&u, buf, 12) == AIGW_OK && strcmp(buf, "2001:db8::7") == 0);
    EXPECT(buf[12] == 'Z');
    memset(buf, 'Z', sizeof buf);
    EXPECT(aigw_url_host_cstr(&u, buf, 11) == AIGW_E_BUFFER && buf[0] == '\0' && buf[1] == 'Z');
    EXPECT(aigw_url_host_cstr(&u, buf, 0) == AIGW_E_BUFFER && buf[0] == '\0');
    EXPECT(aigw_url_host_cstr(&u, NULL, 0) == AIGW_E_BUFFER);
    EXPECT(aigw_url_host_cstr(&u, NULL, 5) == AIGW_E_ARG);
    EXPECT(aigw_url_host_cstr(NULL, buf, 5) == AIGW_E_ARG);
    EXPECT(parse(AIGW_DEFAULT_BASE_URL, &u) == AIGW_OK);
    EXPECT(aigw_url_host_cstr(&u, buf, sizeof buf) == AIGW_OK && strcmp(buf, "api.cloudflare.com") == 0);
}

int main(void)
{
    RUN(test_default_base_url);
    RUN(test_accepted);
    RUN(test_refused);
    RUN(test_length_and_nul);
    RUN(test_host_cstr);
    return AIGW_TEST_EXIT();
}
