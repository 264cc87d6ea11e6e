// Tests of the small syntax checks shared by the config and the inventory: mailboxes, hosts, CIDRs, name suggestions.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean } from '../../src/config/did-you-mean.js';
import { checkMailbox } from '../../src/config/email-address.js';
import { ipOrCidrProblem, isHostOrIp } from '../../src/config/network-address.js';

describe('checkMailbox', () => {
  const cases: [string, boolean][] = [
    ['certwatch@localhost', true], ['ops@example.com', true], ['Certwatch <certwatch@example.com>', true],
    ['"UC, team" <uc@example.com>', true], ['plain', false], ['a@b@c', false], ['<>', false], ['', false],
    ['a@example.com\nBcc: x@example.com', false], ['two words@example.com', false],
  ];
  for (const [text, ok] of cases) {
    test(`${JSON.stringify(text)} -> ${ok}`, () => assert.equal(checkMailbox(text).ok, ok));
  }
});

describe('isHostOrIp', () => {
  const cases: [string, boolean][] = [
    ['10.0.0.1', true], ['::1', true], ['cucm01', true], ['cucm01.example.com', true], ['CUCM_LAB', true],
    ['10.0.0.300', false], ['host name', false], ['-bad', false], ['', false], ['a..b', false], ['0.0.0.0:80', false],
  ];
  for (const [text, ok] of cases) test(`${JSON.stringify(text)} -> ${ok}`, () => assert.equal(isHostOrIp(text), ok));
});

describe('ipOrCidrProblem', () => {
  const cases: [string, string | null][] = [
    ['10.0.0.0/8', null], ['192.0.2.1', null], ['0.0.0.0/0', null], ['2001:db8::/32', null], ['::/0', null],
    ['10.0.0.0/33', 'has a prefix length outside 0..32'], ['2001:db8::/129', 'has a prefix length outside 0..128'],
    ['10.0.0.0/', 'has a prefix length outside 0..32'], ['10.0.0.0/x', 'has a prefix length outside 0..32'],
    ['cucm01/24', 'is not an IP address or CIDR block'], ['', 'is not an IP address or CIDR block'],
  ];
  for (const [text, expected] of cases) {
    test(`${JSON.stringify(text)} -> ${expected}`, () => assert.equal(ipOrCidrProblem(text), expected));
  }
});

describe('didYouMean', () => {
  const known = ['securityMode', 'ctlSigner', 'certificate', 'SYSLOG_UDP_PORT', 'SYSLOG_TCP_PORT'];
  const cases: [string, string | null][] = [
    ['security_mode', 'securityMode'], ['SECURITYMODE', 'securityMode'], ['certficate', 'certificate'],
    ['syslogUdpPort', 'SYSLOG_UDP_PORT'], ['SYSLOG_UPD_PORT', 'SYSLOG_UDP_PORT'], ['colour', null], ['x', null],
  ];
  for (const [name, expected] of cases) {
    test(`${name} -> ${expected}`, () => assert.equal(didYouMean(name, known), expected));
  }
});
