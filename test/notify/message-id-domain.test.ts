// Message-IDs use the domain of MAIL_FROM.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { messageIdDomain } from '../../src/notify/compose-mail.js';

for (const [from, domain] of [
  ['certwatch@example.net', 'example.net'],
  ['Certwatch <certwatch@uc.example.org>', 'uc.example.org'],
  ['certwatch@localhost', 'localhost'],
  ['no-at-sign', 'certwatch.local'],
] as const) {
  test(`${from} -> ${domain}`, () => assert.equal(messageIdDomain(from), domain));
}
