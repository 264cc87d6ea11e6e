// The kind that names a grouped mail.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leadingKind } from '../../src/tickets/mail-kind.js';

test('escalation leads a mixed group', () =>
  assert.equal(leadingKind(['reminder', 'escalated', 'opened']), 'escalated'));
test('a single kind names itself', () => assert.equal(leadingKind(['quiet-confirm']), 'quiet-confirm'));
test('reopened before opened, reminders last', () =>
  assert.equal(leadingKind(['reminder', 'opened', 'reopened']), 'reopened'));
