import { describe, expect, it } from 'vitest';
import { PrivateTargetError, checkTarget, isPrivateAddress } from './target-guard.js';

describe('private destinations', () => {
  it('classes private, loopback, link-local, CGNAT, ULA and mapped addresses as private', () => {
    for (const address of [
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '127.0.0.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '224.0.0.1',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it('refuses them (literal or by name) unless private targets are allowed, naming the variable', async () => {
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://[::1]/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://localhost:9/x',
    ]) {
      await expect(checkTarget(url, false), url).rejects.toThrow(PrivateTargetError);
    }
    await expect(checkTarget('http://10.0.0.8/hook', false)).rejects.toThrow(/PIPE_NOTIFY_ALLOW_PRIVATE_TARGETS=true/);
    await expect(checkTarget('http://127.0.0.1:8080/hook', true)).resolves.toBeUndefined();
    await expect(checkTarget('https://93.184.216.34/hook', false)).resolves.toBeUndefined();
  });

  it('refuses what is not an http(s) URL', async () => {
    await expect(checkTarget('ftp://example.com/x', true)).rejects.toThrow(/http\(s\)/);
    await expect(checkTarget('hooks.slack.com', true)).rejects.toThrow(/not a URL/);
  });
});
