import { describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, readConfig } from '../../src/config/config.js';
import { loadEnvFile } from '../../src/config/envFile.js';
import { withTempDir } from '../support/tempDir.js';

describe('configuration', () => {
  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ HOST: '0.0.0.0' }, /HASH_SALT must be set/],
    [{ HOST: '10.0.0.5', HASH_SALT: 'change-me' }, /HASH_SALT must be set/],
    [{ DATABASE_URL: 'mysql://db/chatbot' }, /DATABASE_URL must start with postgres:\/\//],
    [{ SERVICE_URL_TIMEOUT_SECONDS: '0' }, /SERVICE_URL_TIMEOUT_SECONDS must be a whole number from 1 to 300/],
    [{ SERVICE_URL_TIMEOUT_SECONDS: '301' }, /SERVICE_URL_TIMEOUT_SECONDS must be a whole number from 1 to 300/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });

  it.each([
    [{}, '127.0.0.1'],
    [{ HOST: '::1' }, '::1'],
    [{ HOST: '0.0.0.0', HASH_SALT: 'a-long-random-secret' }, '0.0.0.0'],
  ])('accepts %j', (env, host) => {
    expect(readConfig(env).host).toBe(host);
  });

  it('gives up a reply to a serviceUrl after 10 s unless told otherwise', () => {
    expect(readConfig({}).serviceUrlTimeoutSeconds).toBe(10);
    expect(readConfig({ SERVICE_URL_TIMEOUT_SECONDS: '3' }).serviceUrlTimeoutSeconds).toBe(3);
  });

  it('keeps lowdb unless DATABASE_URL names a PostgreSQL server', () => {
    expect(readConfig({}).databaseUrl).toBe('');
    expect(readConfig({ DATABASE_URL: 'postgres://bot@127.0.0.1:5432/chatbot' }).databaseUrl).toBe('postgres://bot@127.0.0.1:5432/chatbot');
  });
});

describe('.env', () => {
  it('is read before the configuration, and the environment wins over it', async () => {
    const { dir, cleanup } = await withTempDir();
    try {
      await writeFile(join(dir, '.env'), 'PORT=4100\nRETENTION_DAYS=30\n# a comment\nLOG_LEVEL="warn"\n');
      const env: NodeJS.ProcessEnv = { RETENTION_DAYS: '90' };
      expect(loadEnvFile(join(dir, '.env'), env)).toBe(true);
      expect(readConfig(env)).toMatchObject({ port: 4100, retentionDays: 90, logLevel: 'warn' });
      expect(loadEnvFile(join(dir, 'missing.env'), env)).toBe(false);
    } finally {
      await cleanup();
    }
  });
});
