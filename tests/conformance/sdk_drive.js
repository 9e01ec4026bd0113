// SPDX-License-Identifier: MIT
// Drives Cloudflare's official TypeScript SDK (npm "cloudflare", pinned in
// package.json) for the differential tests: for each case it calls
//   client.aiGateway.update(id, { account_id, ...params })
// against the local recorder, one call at a time (so the recorder's log is
// in case order), and writes what update() resolved to (the decoded
// "result") or the error it threw.
//
// Usage: node sdk_drive.js JOB.json OUT.json
//   JOB: { base_url, account_id, auth: {apiToken} | {apiEmail, apiKey},
//          cases: [{ name, id, file }] }   (file: a JSON parameter set)
//   OUT: [{ name, ok, value | error }]
'use strict';
const fs = require('fs');
const path = require('path');
const Cloudflare = require('cloudflare').default || require('cloudflare');

async function main() {
  const [jobPath, outPath] = process.argv.slice(2);
  if (!jobPath || !outPath) throw new Error('usage: node sdk_drive.js JOB.json OUT.json');
  const job = JSON.parse(fs.readFileSync(jobPath, 'utf8'));
  // Only the credentials of the scheme under test: the SDK sends every one it has.
  const client = new Cloudflare({
    baseURL: job.base_url,
    apiToken: job.auth.apiToken ?? null,
    apiEmail: job.auth.apiEmail ?? null,
    apiKey: job.auth.apiKey ?? null,
    userServiceKey: null,
    maxRetries: 0,
    timeout: 10000,
  });
  const out = [];
  for (const c of job.cases) {
    const params = JSON.parse(fs.readFileSync(path.resolve(path.dirname(jobPath), c.file), 'utf8'));
    try {
      const value = await client.aiGateway.update(c.id, { account_id: job.account_id, ...params });
      out.push({ name: c.name, ok: true, value });
    } catch (e) {
      out.push({ name: c.name, ok: false, error: String(e && e.message || e) });
    }
  }
  fs.writeFileSync(outPath, JSON.stringify(out));
}

main().catch((e) => { console.error('sdk_drive: ' + (e && e.stack || e)); process.exit(1); });
