// Tests that the loggable form of the configuration carries no secret.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load-config.js';
import { redactedConfig } from '../../src/config/redact-config.js';
import type { Config } from '../../src/config/schema.js';

function load(env: Record<string, string>): Config {
  const result = loadConfig(env);
  if (!result.ok) assert.fail(result.problems.join('\n'));
  return result.config;
}

describe('redactedConfig', () => {
  const cases: { title: string; env: Record<string, string>; key: keyof Config; expected: unknown }[] = [
    {
      title: 'API token hidden',
      env: { API_TOKEN: 's3cret-token-value-123' },
      key: 'apiToken',
      expected: '[redacted]',
    },
    {
      title: 'SMTP password hidden, user and host kept',
      env: { SMTP_URL: 'smtps://mailer:s3cret@mail.example.com:465' },
      key: 'smtpUrl',
      expected: 'smtps://mailer:***@mail.example.com:465',
    },
    {
      title: 'Redis password hidden',
      env: { REDIS_URL: 'redis://:s3cret@redis:6379/0' },
      key: 'redisUrl',
      expected: 'redis://:***@redis:6379/0',
    },
    {
      title: 'URL without password unchanged',
      env: { SMTP_URL: 'smtp://mail.example.com:25' },
      key: 'smtpUrl',
      expected: 'smtp://mail.example.com:25',
    },
    { title: 'unset secret stays unset', env: {}, key: 'apiToken', expected: undefined },
    { title: 'non-secret kept', env: { MAIL_FROM: 'a@example.com' }, key: 'mailFrom', expected: 'a@example.com' },
  ];
  for (const { title, env, key, expected } of cases) {
    test(title, () => assert.equal(redactedConfig(load(env))[key], expected));
  }

  test('no secret survives anywhere in the serialised config, and the input is not changed', () => {
    const env = {
      API_TOKEN: 's3cret-token-value-123',
      SMTP_URL: 'smtp://u:s3cret@mail:25',
      REDIS_URL: 'rediss://u:s3cret@r:6380',
    };
    const config = load(env);
    assert.doesNotMatch(JSON.stringify(redactedConfig(config)), /s3cret/);
    assert.equal(config.apiToken, env.API_TOKEN);
    assert.equal(config.smtpUrl, env.SMTP_URL);
  });
});
