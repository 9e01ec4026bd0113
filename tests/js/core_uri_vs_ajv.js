// SPDX-License-Identifier: MIT
// Differential test of aigw's "format uri" (core/uri_format.c) against the
// referee a schema-checking server applies: the "uri" format of ajv-formats
// as pinned by Prism in tests/conformance (installed by its install.sh).
// Seeded random strings built from URI-ish pieces (schemes, IP literals,
// percent-encodings, delimiters, spaces, controls, non-ASCII) plus a fixed
// list; every verdict must agree. Prints PASS/FAIL lines.
// Usage: node core_uri_vs_ajv.js <uri_check binary> <node_modules dir> [cases]
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');
const [tool, modules, casesArg] = process.argv.slice(2);
const { fullFormats } = require(path.join(modules, 'ajv-formats', 'dist', 'formats.js'));
const refUri = (s) => (typeof fullFormats.uri === 'function' ? fullFormats.uri(s) : fullFormats.uri.test(s));

let seed = 20240601;
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
const atoms = ['a', 'Z', '0', '9', '+', '-', '.', ':', '/', '//', '?', '#', '@', '[', ']', '%', '%4',
  '%41', '%zz', '::', '1', 'ff', 'v1.', 'v7.x', ' ', '\x7f', '\t', '\x00', '\u00e9', '\u20ac', '!', '$',
  '&', "'", '(', ')', '*', ',', ';', '=', '_', '~', '"', '<', '>', '\\', '|', '{', '}', '^', '`',
  '1.2.3.4', '255', '256', '001', '::1', '[::1]', '[v1.a]', 'http', 'http:', 'https://', 'urn:', 'x:',
  'host', ':80', '[::ffff:1.2.3.4]', '[1:2:3:4:5:6:7:8]', '1:2:3:4:5:6:7', '%25'];
const v6 = ['1', 'ab', 'ffff', '12345', '0', ':', '::', ':::', '.', '1.2.3.4', '255.255.255.255',
  '256.1.1.1', '01.02.03.004', '1.2.3', '1.2.3.4.5', 'g', 'v1.x', 'V', '%25', '1:2', 'a:b:c:d'];
const fixed = ['https://example.com', 'url', '', 'a:', 'a:b', 'http://[::1]:4318/v1/traces',
  'http://u@v@h', 'a:/[::1]/x', 'mailto:x@y', 'http://h/\u00e9', 'HTTP://H', '//h/p'];

const n = parseInt(casesArg || '200000', 10);
const cases = fixed.slice();
for (let i = 0; i < n; i++) {
  let s = '';
  if (i % 2 === 0) {
    if (rnd(3) === 0) s += ['http://', 'a:', 'https://[', 'x://u@[', 'a:/[', 'urn:', 'h:/'][rnd(7)];
    const k = 1 + rnd(8);
    for (let j = 0; j < k; j++) s += atoms[rnd(atoms.length)];
  } else {
    s = ['http://[', 'a:/[', 'x://u:p@['][rnd(3)];
    const k = 1 + rnd(12);
    for (let j = 0; j < k; j++) s += v6[rnd(v6.length)];
    s += [']', ']:80', ']/p', ']:x', ''][rnd(5)];
  }
  cases.push(s);
}
const input = cases.map((s) => Buffer.from(s, 'utf8').toString('hex')).join('\n') + '\n';
const out = execFileSync(tool, { input, maxBuffer: 1 << 28 }).toString().trim().split('\n');
if (out.length !== cases.length) {
  console.log(`FAIL uri_vs_ajv: ${out.length} verdicts for ${cases.length} cases`);
  process.exit(1);
}
let bad = 0, accepted = 0;
for (let i = 0; i < cases.length; i++) {
  const want = refUri(cases[i]) ? '1' : '0';
  if (want === '1') accepted++;
  if (out[i] !== want) {
    if (bad < 10) console.log(`  differs: ${JSON.stringify(cases[i])} ajv-formats ${want}, aigw ${out[i]}`);
    bad++;
  }
}
if (bad || accepted < 1000 || accepted === cases.length) {
  console.log(`FAIL uri_vs_ajv: ${bad} of ${cases.length} verdicts differ (${accepted} accepted)`);
  process.exit(1);
}
console.log(`PASS uri_vs_ajv: ${cases.length} strings, same verdict as ajv-formats (${accepted} accepted)`);
