// Tests of the configuration loader: defaults, precedence env > YAML > defaults, and every problem listed at once.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig, type LoadConfigResult } from '../../src/config/load-config.js';
import { CONFIG_KEYS, type Config } from '../../src/config/schema.js';

/** A fake file system for CERTWATCH_CONFIG: the loader must read only through the injected reader. */
function reader(files: Record<string, string>) {
  const reads: string[] = [];
  const read = (path: string) => {
    reads.push(path);
    const text = files[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
  return { read, reads };
}

function config(result: LoadConfigResult): Config {
  if (!result.ok) assert.fail(`expected a valid config, got:\n${result.problems.join('\n')}`);
  return result.config;
}

function problems(result: LoadConfigResult): string[] {
  if (result.ok) assert.fail('expected problems, got a valid config');
  return result.problems;
}

describe('loadConfig defaults', () => {
  test('empty env gives the documented defaults and reads no file', () => {
    const files = reader({});
    const cfg = config(loadConfig({}, files.read));
    assert.deepEqual(files.reads, []);
    assert.deepEqual(cfg, {
      syslogHost: '0.0.0.0',
      syslogUdpPort: 5514,
      syslogTcpPort: 5601,
      syslogTlsPort: 6514,
      syslogAllow: [],
      syslogMaxMessageBytes: 8192,
      syslogMaxTcpConnections: 512,
      syslogTcpIdleTimeoutMs: 600000,
      syslogUdpRecvBufferBytes: 33554432,
      syslogUdpReader: 'auto',
      ingestQueueMaxEvents: 10000,
      httpHost: '127.0.0.1',
      httpPort: 8080,
      httpBodyLimitBytes: 1048576,
      apiRateLimitPerMinute: 120,
      mailFrom: 'certwatch@localhost',
      mailTo: [],
      dataDir: './var',
      logLevel: 'info',
      reminderDays: [90, 60, 30, 14, 7, 3, 1, 0],
      quietAfterMs: 129600000,
      nodeSilenceAfterMs: 172800000,
      mailGroupWindowMs: 60000,
      mailMaxTickets: 50,
      mailMaxBytes: 1048576,
      tickIntervalMs: 60000,
      spoolMaxBytes: 67108864,
      mailRetryAttempts: 12,
      mailRetryBaseMs: 5000,
      mailLockMs: 90000,
      trafficFlushMs: 5000,
      logFormat: 'auto',
      httpRequestTimeoutMs: 15000,
      httpMaxConnections: 256,
      syslogMaxConnectionsPerSource: 32,
      syslogTlsHandshakeTimeoutMs: 10000,
      planStepGapDays: 7,
    });
    for (const unset of [
      'syslogTlsCert',
      'syslogTlsKey',
      'apiToken',
      'redisUrl',
      'smtpUrl',
      'clustersFile',
      'publicUrl',
    ]) {
      assert.equal(unset in cfg, false, `${unset} must be absent by default`);
    }
  });

  test('default lists are copies: changing one config does not change the next', () => {
    const first = config(loadConfig({}));
    first.reminderDays.push(99);
    first.syslogAllow.push('10.0.0.1');
    const second = config(loadConfig({}));
    assert.deepEqual(second.reminderDays, [90, 60, 30, 14, 7, 3, 1, 0]);
    assert.deepEqual(second.syslogAllow, []);
  });

  test('an empty env variable counts as unset', () => {
    const cfg = config(loadConfig({ HTTP_PORT: '', API_TOKEN: '  ', SYSLOG_ALLOW: '' }));
    assert.equal(cfg.httpPort, 8080);
    assert.equal(cfg.apiToken, undefined);
    assert.deepEqual(cfg.syslogAllow, []);
  });
});

describe('loadConfig precedence: env over YAML over defaults', () => {
  const yaml = [
    'SYSLOG_UDP_PORT: 6000',
    'SYSLOG_TCP_PORT: 6001',
    'HTTP_HOST: 0.0.0.0',
    'LOG_LEVEL: debug',
    'MAIL_TO: [a@example.com, b@example.com]',
    'SYSLOG_ALLOW: 10.0.0.0/8, 192.0.2.7',
    'REMINDER_DAYS: [1, 14, 0]',
    'API_TOKEN: 1234567890123456',
    'PUBLIC_URL:', // no value: unset, like an empty env variable
  ].join('\n');
  const files = reader({ '/etc/certwatch.yaml': yaml });
  const cfg = config(
    loadConfig({ CERTWATCH_CONFIG: '/etc/certwatch.yaml', SYSLOG_TCP_PORT: '7001', LOG_LEVEL: 'WARN' }, files.read),
  );

  const cases: { title: string; actual: unknown; expected: unknown }[] = [
    { title: 'env wins over YAML (port)', actual: cfg.syslogTcpPort, expected: 7001 },
    { title: 'env wins over YAML (enum, case-insensitive)', actual: cfg.logLevel, expected: 'warn' },
    { title: 'YAML wins over default (number)', actual: cfg.syslogUdpPort, expected: 6000 },
    { title: 'YAML wins over default (host)', actual: cfg.httpHost, expected: '0.0.0.0' },
    { title: 'YAML sequence as a list', actual: cfg.mailTo, expected: ['a@example.com', 'b@example.com'] },
    { title: 'YAML comma string as a list', actual: cfg.syslogAllow, expected: ['10.0.0.0/8', '192.0.2.7'] },
    { title: 'reminder ladder stored farthest first', actual: cfg.reminderDays, expected: [14, 1, 0] },
    { title: 'a YAML number for a text key is its text', actual: cfg.apiToken, expected: '1234567890123456' },
    { title: 'an empty YAML value is unset', actual: cfg.publicUrl, expected: undefined },
    { title: 'untouched key keeps its default', actual: cfg.httpPort, expected: 8080 },
  ];
  for (const { title, actual, expected } of cases) test(title, () => assert.deepEqual(actual, expected));

  test('the file is read once, through the injected reader', () =>
    assert.deepEqual(files.reads, ['/etc/certwatch.yaml']));
});

describe('loadConfig accepts', () => {
  const cases: { title: string; env: Record<string, string>; check: (cfg: Config) => void }[] = [
    {
      title: 'port 0 (any free port) on every listener',
      env: { SYSLOG_UDP_PORT: '0', SYSLOG_TCP_PORT: '0', SYSLOG_TLS_PORT: '0', HTTP_PORT: '0' },
      check: (cfg) =>
        assert.deepEqual([cfg.syslogUdpPort, cfg.syslogTcpPort, cfg.syslogTlsPort, cfg.httpPort], [0, 0, 0, 0]),
    },
    { title: 'port 65535', env: { HTTP_PORT: '65535' }, check: (cfg) => assert.equal(cfg.httpPort, 65535) },
    {
      title: 'TLS with both cert and key',
      env: { SYSLOG_TLS_CERT: '/tls/cert.pem', SYSLOG_TLS_KEY: '/tls/key.pem' },
      check: (cfg) => assert.deepEqual([cfg.syslogTlsCert, cfg.syslogTlsKey], ['/tls/cert.pem', '/tls/key.pem']),
    },
    {
      title: 'IPv6 listener written in brackets',
      env: { HTTP_HOST: '[::1]' },
      check: (cfg) => assert.equal(cfg.httpHost, '::1'),
    },
    {
      title: 'host name listener',
      env: { SYSLOG_HOST: 'localhost' },
      check: (cfg) => assert.equal(cfg.syslogHost, 'localhost'),
    },
    {
      title: 'IPv6 CIDR in the allow-list',
      env: { SYSLOG_ALLOW: '2001:db8::/32,::1' },
      check: (cfg) => assert.deepEqual(cfg.syslogAllow, ['2001:db8::/32', '::1']),
    },
    {
      title: 'smtps URL with credentials',
      env: { SMTP_URL: 'smtps://user:pa%40ss@mail.example.com:465' },
      check: (cfg) => assert.equal(cfg.smtpUrl, 'smtps://user:pa%40ss@mail.example.com:465'),
    },
    {
      title: 'rediss URL',
      env: { REDIS_URL: 'rediss://:secret@redis.example.com:6380/2' },
      check: (cfg) => assert.equal(cfg.redisUrl, 'rediss://:secret@redis.example.com:6380/2'),
    },
    {
      title: 'display-name sender',
      env: { MAIL_FROM: 'Certwatch <certwatch@example.com>' },
      check: (cfg) => assert.equal(cfg.mailFrom, 'Certwatch <certwatch@example.com>'),
    },
    {
      title: 'a single reminder day',
      env: { REMINDER_DAYS: '0' },
      check: (cfg) => assert.deepEqual(cfg.reminderDays, [0]),
    },
    {
      title: 'reminders turned off from the environment',
      env: { REMINDER_DAYS: 'none' },
      check: (cfg) => assert.deepEqual(cfg.reminderDays, []),
    },
    {
      title: 'zero grouping window',
      env: { MAIL_GROUP_WINDOW_MS: '0' },
      check: (cfg) => assert.equal(cfg.mailGroupWindowMs, 0),
    },
    {
      title: 'same port on UDP and TCP (different protocols)',
      env: { SYSLOG_UDP_PORT: '514', SYSLOG_TCP_PORT: '514' },
      check: (cfg) => assert.equal(cfg.syslogUdpPort, cfg.syslogTcpPort),
    },
    {
      title: 'TLS port equal to TCP port while TLS is off',
      env: { SYSLOG_TLS_PORT: '5601' },
      check: (cfg) => assert.equal(cfg.syslogTlsPort, 5601),
    },
  ];
  for (const { title, env, check } of cases) test(title, () => check(config(loadConfig(env))));

  test('a YAML empty list turns reminders off', () => {
    const files = reader({ '/c.yaml': 'REMINDER_DAYS: []\n' });
    assert.deepEqual(config(loadConfig({ CERTWATCH_CONFIG: '/c.yaml' }, files.read)).reminderDays, []);
  });

  test('a misspelt variable of ours is accepted with a warning; foreign ones are ignored', () => {
    const result = loadConfig({
      SYSLOG_UPD_PORT: '1',
      HTTP_PROXY: 'http://proxy:3128',
      PATH: '/bin',
      CERTWATCH_CONFIG: '',
    });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.deepEqual(result.warnings, [
      'environment variable SYSLOG_UPD_PORT is not a certwatch setting (did you mean SYSLOG_UDP_PORT?); ignored',
    ]);
  });

  test('a short API token is accepted with a warning that never shows it', () => {
    const result = loadConfig({ API_TOKEN: 'tiny-token' });
    assert.equal(result.ok, true);
    if (!result.ok) return;
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0] ?? '', /API_TOKEN is shorter than 32/);
    assert.doesNotMatch(result.warnings[0] ?? '', /tiny-token/);
  });
});

describe('loadConfig rejects, one problem per bad key, each naming its key', () => {
  const cases: { title: string; env: Record<string, string>; expected: RegExp[] }[] = [
    {
      title: 'not a number',
      env: { SYSLOG_UDP_PORT: 'abc' },
      expected: [/^SYSLOG_UDP_PORT: "abc" is not a whole number \(from env\)$/],
    },
    {
      title: 'scientific notation',
      env: { HTTP_BODY_LIMIT_BYTES: '1e6' },
      expected: [/^HTTP_BODY_LIMIT_BYTES: "1e6" is not a whole number/],
    },
    {
      title: 'negative number',
      env: { TICK_INTERVAL_MS: '-5' },
      expected: [/^TICK_INTERVAL_MS: "-5" is not a whole number/],
    },
    {
      title: 'fraction',
      env: { MAIL_RETRY_ATTEMPTS: '2.5' },
      expected: [/^MAIL_RETRY_ATTEMPTS: "2.5" is not a whole number/],
    },
    {
      title: 'port above 65535',
      env: { HTTP_PORT: '65536' },
      expected: [/^HTTP_PORT: "65536" is out of range \(must be between 0 and 65535\)/],
    },
    {
      title: 'zero where at least 1 is needed',
      env: { SYSLOG_MAX_TCP_CONNECTIONS: '0' },
      expected: [/^SYSLOG_MAX_TCP_CONNECTIONS: "0" is out of range \(must be at least 1\)/],
    },
    {
      title: 'timer beyond what setTimeout can hold',
      env: { TICK_INTERVAL_MS: '2147483648' },
      expected: [/^TICK_INTERVAL_MS: .* out of range/],
    },
    {
      title: 'TLS cert without key',
      env: { SYSLOG_TLS_CERT: '/tls/cert.pem' },
      expected: [/^SYSLOG_TLS_KEY: must be set when SYSLOG_TLS_CERT is set/],
    },
    {
      title: 'TLS key without cert',
      env: { SYSLOG_TLS_KEY: '/tls/key.pem' },
      expected: [/^SYSLOG_TLS_CERT: must be set when SYSLOG_TLS_KEY is set/],
    },
    {
      title: 'bad e-mail sender',
      env: { MAIL_FROM: 'certwatch' },
      expected: [/^MAIL_FROM: "certwatch" is not an e-mail address/],
    },
    {
      title: 'header injection in sender',
      env: { MAIL_FROM: 'a@example.com\r\nBcc: x@example.com' },
      expected: [/^MAIL_FROM: .*line break|not an e-mail/],
    },
    {
      title: 'bad recipient among good ones',
      env: { MAIL_TO: 'a@example.com, nobody, b@example.com' },
      expected: [/^MAIL_TO: item 2 "nobody" is not an e-mail address/],
    },
    {
      title: 'bad CIDR prefix',
      env: { SYSLOG_ALLOW: '10.0.0.0/33' },
      expected: [/^SYSLOG_ALLOW: item 1 "10.0.0.0\/33" has a prefix length outside 0..32/],
    },
    {
      title: 'host name in allow-list',
      env: { SYSLOG_ALLOW: 'cucm01' },
      expected: [/^SYSLOG_ALLOW: item 1 "cucm01" is not an IP address or CIDR block/],
    },
    {
      title: 'SMTP URL with the wrong scheme',
      env: { SMTP_URL: 'http://mail.example.com' },
      expected: [/^SMTP_URL: scheme "http" is not allowed \(expected smtp:\/\/ or smtps:\/\/\)/],
    },
    {
      title: 'Redis URL with the wrong scheme',
      env: { REDIS_URL: 'http://localhost:6379' },
      expected: [/^REDIS_URL: scheme "http" is not allowed/],
    },
    {
      title: 'public URL that is not a URL',
      env: { PUBLIC_URL: 'certwatch.example.com' },
      expected: [/^PUBLIC_URL: "certwatch.example.com" is not a URL/],
    },
    {
      title: 'unknown log level',
      env: { LOG_LEVEL: 'verbose' },
      expected: [/^LOG_LEVEL: "verbose" must be one of fatal, error, warn, info, debug, trace, silent/],
    },
    {
      title: 'reminder day repeated',
      env: { REMINDER_DAYS: '7,3,3,1' },
      expected: [/^REMINDER_DAYS: lists 3 more than once/],
    },
    {
      title: 'reminder day not a number',
      env: { REMINDER_DAYS: '7,soon' },
      expected: [/^REMINDER_DAYS: item 2 "soon" is not a whole number/],
    },
    {
      title: 'bad listen address',
      env: { SYSLOG_HOST: '0.0.0.0:514' },
      expected: [/^SYSLOG_HOST: "0.0.0.0:514" is not an IP address or host name/],
    },
    {
      title: 'API token with a space',
      env: { API_TOKEN: 'two words here please' },
      expected: [/^API_TOKEN: must be printable ASCII without spaces \(from env\)$/],
    },
    {
      title: 'HTTP and TCP syslog on one port',
      env: { HTTP_PORT: '5601' },
      expected: [/^HTTP_PORT: port 5601 is already used by SYSLOG_TCP_PORT/],
    },
    {
      title: 'TLS and TCP syslog on one port with TLS on',
      env: { SYSLOG_TLS_PORT: '5601', SYSLOG_TLS_CERT: 'c', SYSLOG_TLS_KEY: 'k' },
      expected: [/^SYSLOG_TLS_PORT: port 5601 is already used by SYSLOG_TCP_PORT/],
    },
  ];
  for (const { title, env, expected } of cases) {
    test(title, () => {
      const found = problems(loadConfig(env));
      assert.equal(found.length, expected.length, found.join('\n'));
      expected.forEach((pattern, i) => assert.match(found[i] ?? '', pattern));
    });
  }

  test('every bad key at once is listed, not only the first', () => {
    const env: Record<string, string> = {};
    for (const { env: one } of cases.filter((c) => !c.title.startsWith('TLS') && !c.title.includes('one port'))) {
      Object.assign(env, one);
    }
    env.SYSLOG_TLS_CERT = '/tls/cert.pem'; // half-configured TLS joins the list too
    const found = problems(loadConfig(env));
    const keys = new Set(found.map((p) => p.split(':')[0]));
    for (const key of [
      'SYSLOG_UDP_PORT',
      'HTTP_BODY_LIMIT_BYTES',
      'TICK_INTERVAL_MS',
      'MAIL_RETRY_ATTEMPTS',
      'HTTP_PORT',
      'SYSLOG_MAX_TCP_CONNECTIONS',
      'SYSLOG_TLS_KEY',
      'MAIL_FROM',
      'MAIL_TO',
      'SYSLOG_ALLOW',
      'SMTP_URL',
      'REDIS_URL',
      'PUBLIC_URL',
      'LOG_LEVEL',
      'REMINDER_DAYS',
      'SYSLOG_HOST',
      'API_TOKEN',
    ]) {
      assert.ok(keys.has(key), `missing a problem for ${key} in:\n${found.join('\n')}`);
    }
  });

  test('every bad item of a list is listed', () => {
    const found = problems(loadConfig({ SYSLOG_ALLOW: 'x, 10.0.0.0/8, y, 300.1.1.1' }));
    assert.deepEqual(
      found.map((p) => p.replace(/ is not.*/, '')),
      ['SYSLOG_ALLOW: item 1 "x"', 'SYSLOG_ALLOW: item 3 "y"', 'SYSLOG_ALLOW: item 4 "300.1.1.1"'],
    );
  });

  test('secrets are never echoed in problems', () => {
    const found = problems(
      loadConfig({ API_TOKEN: 'hunter2 hunter2', SMTP_URL: 'ftp://user:hunter3@mail', REDIS_URL: 'not a url hunter4' }),
    );
    assert.equal(found.length, 3, found.join('\n'));
    for (const problem of found) assert.doesNotMatch(problem, /hunter/);
  });
});

describe('loadConfig YAML file problems', () => {
  const cases: { title: string; yaml: string | null; env?: Record<string, string>; expected: RegExp[] }[] = [
    { title: 'missing file', yaml: null, expected: [/^CERTWATCH_CONFIG: cannot read "\/c.yaml" \(ENOENT\)$/] },
    {
      title: 'unknown key with a suggestion (camelCase)',
      yaml: 'syslogUdpPort: 1\n',
      expected: [/^\/c.yaml: unknown key "syslogUdpPort" \(did you mean SYSLOG_UDP_PORT\?\)$/],
    },
    {
      title: 'unknown key with a suggestion (typo)',
      yaml: 'SYSLOG_UPD_PORT: 1\n',
      expected: [/^\/c.yaml: unknown key "SYSLOG_UPD_PORT" \(did you mean SYSLOG_UDP_PORT\?\)$/],
    },
    {
      title: 'unknown key without a suggestion',
      yaml: 'COLOUR: blue\n',
      expected: [/^\/c.yaml: unknown key "COLOUR"$/],
    },
    { title: 'not a mapping', yaml: '- a\n- b\n', expected: [/^\/c.yaml: expected a mapping of settings/] },
    { title: 'broken YAML', yaml: 'HTTP_PORT: [1,\n', expected: [/^\/c.yaml: /] },
    { title: 'duplicate key', yaml: 'HTTP_PORT: 1\nHTTP_PORT: 2\n', expected: [/^\/c.yaml: .*[Dd]uplicate|unique/] },
    {
      title: 'bad value names the file',
      yaml: 'HTTP_PORT: 99999\n',
      expected: [/^HTTP_PORT: 99999 is out of range \(must be between 0 and 65535\) \(from \/c.yaml\)$/],
    },
    {
      title: 'a boolean where a number belongs',
      yaml: 'HTTP_PORT: true\n',
      expected: [/^HTTP_PORT: true is not a whole number \(from \/c.yaml\)$/],
    },
    { title: 'a mapping where text belongs', yaml: 'DATA_DIR: {a: 1}\n', expected: [/^DATA_DIR: must be text/] },
    {
      title: 'a bad value overridden by env is no problem',
      yaml: 'HTTP_PORT: nope\n',
      env: { HTTP_PORT: '9000' },
      expected: [],
    },
    {
      title: 'file problems and env problems together',
      yaml: 'BOGUS: 1\nHTTP_PORT: x\n',
      env: { LOG_LEVEL: 'loud' },
      expected: [
        /^\/c.yaml: unknown key "BOGUS"/,
        /^HTTP_PORT: "x" is not a whole number \(from \/c.yaml\)/,
        /^LOG_LEVEL: "loud"/,
      ],
    },
  ];
  for (const { title, yaml, env, expected } of cases) {
    test(title, () => {
      const files = reader(yaml === null ? {} : { '/c.yaml': yaml });
      const result = loadConfig({ CERTWATCH_CONFIG: '/c.yaml', ...env }, files.read);
      if (expected.length === 0) {
        assert.equal(result.ok, true, result.ok ? '' : result.problems.join('\n'));
        return;
      }
      const found = problems(result);
      assert.equal(found.length, expected.length, found.join('\n'));
      expected.forEach((pattern, i) => assert.match(found[i] ?? '', pattern));
    });
  }

  test('YAML anchors and aliases are resolved', () => {
    const files = reader({ '/c.yaml': 'x-common: &hosts [a@example.com]\nMAIL_TO: *hosts\n' });
    const found = problems(loadConfig({ CERTWATCH_CONFIG: '/c.yaml' }, files.read));
    assert.deepEqual(found, ['/c.yaml: unknown key "x-common"']); // the alias itself resolved: MAIL_TO has no problem
    const ok = reader({ '/c.yaml': 'MAIL_TO: &to [a@example.com]\n' });
    assert.deepEqual(config(loadConfig({ CERTWATCH_CONFIG: '/c.yaml' }, ok.read)).mailTo, ['a@example.com']);
  });

  test('an alias bomb is a problem, not a hang', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [prev, next] of [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['d', 'e'],
    ])
      levels.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    const files = reader({ '/c.yaml': levels.join('\n') + '\nMAIL_TO: *e\n' });
    const found = problems(loadConfig({ CERTWATCH_CONFIG: '/c.yaml' }, files.read));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0] ?? '', /^\/c.yaml: .*alias/i);
  });

  test('an empty file sets nothing', () => {
    const files = reader({ '/c.yaml': '# nothing yet\n' });
    assert.deepEqual(config(loadConfig({ CERTWATCH_CONFIG: '/c.yaml' }, files.read)), config(loadConfig({})));
  });
});

describe('loadConfig covers the schema', () => {
  test('every key can be set from the environment and changes its property', () => {
    const values: Record<string, string> = {
      SYSLOG_HOST: '127.0.0.2',
      SYSLOG_UDP_PORT: '1514',
      SYSLOG_TCP_PORT: '1601',
      SYSLOG_TLS_PORT: '16514',
      SYSLOG_TLS_CERT: '/c.pem',
      SYSLOG_TLS_KEY: '/k.pem',
      SYSLOG_ALLOW: '10.1.0.0/16',
      SYSLOG_MAX_MESSAGE_BYTES: '4096',
      SYSLOG_MAX_TCP_CONNECTIONS: '10',
      SYSLOG_TCP_IDLE_TIMEOUT_MS: '1000',
      SYSLOG_UDP_RECV_BUFFER_BYTES: '1048576',
      SYSLOG_UDP_READER: 'dgram',
      INGEST_QUEUE_MAX_EVENTS: '5',
      HTTP_HOST: '127.0.0.3',
      HTTP_PORT: '18080',
      HTTP_BODY_LIMIT_BYTES: '2048',
      API_RATE_LIMIT_PER_MINUTE: '10',
      API_TOKEN: 'a-long-enough-token-123',
      REDIS_URL: 'redis://127.0.0.1:6390',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      MAIL_FROM: 'from@example.com',
      MAIL_TO: 'to@example.com',
      CLUSTERS_FILE: '/clusters.yaml',
      DATA_DIR: '/data',
      LOG_LEVEL: 'trace',
      REMINDER_DAYS: '2',
      QUIET_AFTER_MS: '1000',
      NODE_SILENCE_AFTER_MS: '60000',
      MAIL_GROUP_WINDOW_MS: '10',
      TICK_INTERVAL_MS: '100',
      SPOOL_MAX_BYTES: '1024',
      MAIL_RETRY_ATTEMPTS: '3',
      MAIL_RETRY_BASE_MS: '50',
      TRAFFIC_FLUSH_MS: '20',
      PUBLIC_URL: 'https://certwatch.example.com/',
      MAIL_INTAKE_PORT: '2525',
      MAIL_LOCK_MS: '5000',
      LOG_FORMAT: 'pretty',
      HTTP_REQUEST_TIMEOUT_MS: '3000',
      HTTP_MAX_CONNECTIONS: '16',
      SYSLOG_MAX_CONNECTIONS_PER_SOURCE: '4',
      SYSLOG_TLS_HANDSHAKE_TIMEOUT_MS: '2000',
      PLAN_STEP_GAP_DAYS: '14',
      MAIL_MAX_TICKETS: '5',
      MAIL_MAX_BYTES: '65536',
    };
    assert.deepEqual(Object.keys(values).sort(), CONFIG_KEYS.map((k) => k.env).sort(), 'this test must list every key');
    const defaults = config(loadConfig({})) as Record<string, unknown>;
    const cfg = config(loadConfig(values)) as Record<string, unknown>;
    for (const key of CONFIG_KEYS) assert.notDeepEqual(cfg[key.key], defaults[key.key], `${key.env} had no effect`);
  });
});
