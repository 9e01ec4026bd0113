// SPDX-License-Identifier: MIT
// End-to-end and wire driver (make bench) for Cloudflare's official
// TypeScript SDK (npm "cloudflare", pinned in tests/conformance/package.json):
// N sequential client.aiGateway.update() calls of the full example in one
// process.
//
// Usage: node sdk_update.js BASE_URL N BODY.json [GATEWAY_ID]
//   BASE_URL  https://localhost:PORT/client/v4 (trust the CA with
//             NODE_EXTRA_CA_CERTS) or http://127.0.0.1:PORT/client/v4 (recorder)
// Keep-alive: the SDK calls Node's built-in fetch, whose global dispatcher
// (undici's Agent) keeps connections alive by default; one client object is
// reused for every call. Retries off, so a failure shows.
// Prints one JSON line: updates done, wall and CPU seconds of the loop alone
// (process.cpuUsage(): user + system of the whole process, every thread).
'use strict';
const fs = require('fs');
const path = require('path');

const modules = path.join(__dirname, '..', 'tests', 'conformance', 'node_modules');
const Cloudflare = require(path.join(modules, 'cloudflare')).default || require(path.join(modules, 'cloudflare'));
const sdkVersion = require(path.join(modules, 'cloudflare', 'package.json')).version;

async function main() {
  const [base, nArg, bodyPath, gatewayArg] = process.argv.slice(2);
  const gateway = gatewayArg || 'my-gateway';
  if (!base || !nArg || !bodyPath) throw new Error('usage: node sdk_update.js BASE_URL N BODY.json');
  const n = parseInt(nArg, 10);
  const params = JSON.parse(fs.readFileSync(bodyPath, 'utf8'));
  const client = new Cloudflare({
    baseURL: base,
    apiToken: 'Sn3lZJTBX6kkg7OdcBUAxOO963GEIyGQqnFTOFYY',
    apiEmail: null,
    apiKey: null,
    userServiceKey: null,
    maxRetries: 0,
    timeout: 10000,
  });
  const account = '3ebbcb006d4d46d7bb6a8c7f14676cb0';
  let ok = 0;
  let lastId = '';
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    try {
      const r = await client.aiGateway.update(gateway, { account_id: account, ...params });
      lastId = r.id;
      ok++;
    } catch (e) {
      console.error('sdk_update: update ' + i + ': ' + (e && e.message || e));
      break;
    }
  }
  const c1 = process.cpuUsage(c0);
  const t1 = process.hrtime.bigint();
  console.log(JSON.stringify({
    client: 'sdk', n, ok, wall_s: Number(t1 - t0) / 1e9, user_s: c1.user / 1e6, sys_s: c1.system / 1e6,
    last_id: lastId, sdk: 'cloudflare ' + sdkVersion, node: process.version,
  }));
  process.exitCode = ok === n ? 0 : 1;
}

main().catch((e) => { console.error('sdk_update: ' + (e && e.stack || e)); process.exit(2); });
