/* SPDX-License-Identifier: MIT */
/*
 * The command's proxy selection (boards/linux/cli_proxy.c): curl's NO_PROXY
 * matching and proxy URL parsing, without a network. PASS/FAIL lines.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdlib.h>
#include <string.h>

#include "aigw_test.h"
#include "cli_proxy.h"

static void no_proxy_names(void)
{
    EXPECT(cli_proxy_bypass("*", "api.cloudflare.com"));
    EXPECT(cli_proxy_bypass("cloudflare.com", "api.cloudflare.com"));
    EXPECT(cli_proxy_bypass(".cloudflare.com", "api.cloudflare.com"));
    EXPECT(cli_proxy_bypass("cloudflare.com", "cloudflare.com"));
    EXPECT(cli_proxy_bypass("example.org, CloudFlare.COM", "api.cloudflare.com"));
    EXPECT(cli_proxy_bypass("example.org\tcloudflare.com.", "api.cloudflare.com."));
    EXPECT(!cli_proxy_bypass("flare.com", "api.cloudflare.com"));
    EXPECT(!cli_proxy_bypass("api.cloudflare.com.evil", "api.cloudflare.com"));
    EXPECT(!cli_proxy_bypass("*.cloudflare.com", "api.cloudflare.com")); /* curl: no wildcards but "*" alone */
    EXPECT(!cli_proxy_bypass("", "api.cloudflare.com"));
    EXPECT(!cli_proxy_bypass(NULL, "api.cloudflare.com"));
    EXPECT(!cli_proxy_bypass("a,*", "api.cloudflare.com")); /* "*" counts only alone, as in curl */
}

static void no_proxy_addresses(void)
{
    EXPECT(cli_proxy_bypass("10.0.0.1", "10.0.0.1"));
    EXPECT(!cli_proxy_bypass("10.0.0.1", "10.0.0.10"));
    EXPECT(cli_proxy_bypass("192.168.0.0/16", "192.168.3.4"));
    EXPECT(!cli_proxy_bypass("192.168.0.0/24", "192.168.3.4"));
    EXPECT(cli_proxy_bypass("::1", "::1"));
    EXPECT(cli_proxy_bypass("[::1]", "::1"));
    EXPECT(cli_proxy_bypass("2001:db8::/32", "2001:db8:1::5"));
    EXPECT(!cli_proxy_bypass("2001:db8::/48", "2001:db8:1::5"));
    EXPECT(!cli_proxy_bypass("10.0.0.0/33", "10.0.0.1"));
}

static int resolve(const char *flag, const char *https_proxy, const char *no_proxy, cli_proxy_t *p)
{
    char err[160];
    static const char *const vars[] = {"https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY",
                                       "no_proxy", "NO_PROXY"};
    size_t i;
    for (i = 0; i < sizeof vars / sizeof vars[0]; i++) unsetenv(vars[i]);
    if (https_proxy) setenv("HTTPS_PROXY", https_proxy, 1);
    if (no_proxy) setenv("NO_PROXY", no_proxy, 1);
    return cli_proxy_resolve(p, flag, "api.cloudflare.com", 1, err, sizeof err);
}

static void proxy_urls(void)
{
    cli_proxy_t p;
    EXPECT(resolve(NULL, NULL, NULL, &p) == 0);
    EXPECT(resolve(NULL, "http://u:p%40ss@proxy.corp:8080/", NULL, &p) == 1);
    EXPECT(strcmp(p.host, "proxy.corp") == 0 && p.port == 8080 && strcmp(p.user, "u") == 0 &&
           strcmp(p.password, "p@ss") == 0 && strcmp(p.source, "HTTPS_PROXY") == 0);
    EXPECT(resolve(NULL, "proxy.corp", NULL, &p) == 1 && p.port == 1080 && p.user[0] == 0); /* curl's default */
    EXPECT(resolve(NULL, "[2001:db8::1]:3128", NULL, &p) == 1 && strcmp(p.host, "2001:db8::1") == 0 &&
           p.port == 3128);
    EXPECT(resolve(NULL, "http://proxy.corp:3128", "cloudflare.com", &p) == 0);
    EXPECT(resolve("http://other:1", "http://proxy.corp:3128", NULL, &p) == 1 && strcmp(p.host, "other") == 0 &&
           strcmp(p.source, "--proxy") == 0);
    EXPECT(resolve("", "http://proxy.corp:3128", NULL, &p) == 0);
    EXPECT(resolve(NULL, "socks5://proxy.corp", NULL, &p) == -1);
    EXPECT(resolve(NULL, "https://proxy.corp", NULL, &p) == -1);
    EXPECT(resolve(NULL, "proxy.corp:0", NULL, &p) == -1);
    EXPECT(resolve(NULL, "proxy.corp:65536", NULL, &p) == -1);
    EXPECT(resolve(NULL, "proxy.corp:80x", NULL, &p) == -1);
    EXPECT(resolve(NULL, "proxy.corp:", NULL, &p) == -1);
    EXPECT(resolve(NULL, "http://proxy.corp/path", NULL, &p) == -1);
    EXPECT(resolve(NULL, "http://u:%zz@proxy.corp", NULL, &p) == -1);
    EXPECT(resolve(NULL, "http://@", NULL, &p) == -1);
    EXPECT(resolve(NULL, "[::1", NULL, &p) == -1);
}

int main(void)
{
    RUN(no_proxy_names);
    RUN(no_proxy_addresses);
    RUN(proxy_urls);
    return AIGW_TEST_EXIT();
}
