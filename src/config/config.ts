// The one place that reads the environment. Defaults are documented in .env.example.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The folder with package.json, whether this runs from src/ (tsx) or dist/ (built). */
function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

export const projectRoot = findProjectRoot(import.meta.dirname);

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  knowledgeDir: string;
  localesDir: string;
  logLevel: string;
  microsoftAppId: string;
  microsoftAppPassword: string;
  microsoftAppType: string;
  microsoftAppTenantId: string;
  /** serviceUrl prefixes accepted when no app id is set (loopback is always accepted then). */
  serviceUrlAllowList: string[];
  /** Secret mixed into conversation-id hashes in the unanswered log. */
  hashSalt: string;
}

export class ConfigError extends Error {}

function intFrom(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${name} must be a whole number from 0 to 65535, got "${value}"`);
  return n;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom('PORT', env.PORT, 3978),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.DATA_DIR || resolve(projectRoot, 'data')),
    knowledgeDir: resolve(env.KNOWLEDGE_DIR || resolve(projectRoot, 'knowledge')),
    localesDir: resolve(projectRoot, 'locales'),
    logLevel: env.LOG_LEVEL || 'info',
    microsoftAppId: env.MicrosoftAppId ?? '',
    microsoftAppPassword: env.MicrosoftAppPassword ?? '',
    microsoftAppType: env.MicrosoftAppType || 'MultiTenant',
    microsoftAppTenantId: env.MicrosoftAppTenantId ?? '',
    serviceUrlAllowList: (env.SERVICE_URL_ALLOW_LIST ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    hashSalt: env.HASH_SALT || 'change-me',
  };
}

export const config: Config = readConfig();
