// The one place that reads the environment. Defaults are documented in .env.example.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import proxyaddr from 'proxy-addr';

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
  /** Seconds a reply sent to a Bot Framework serviceUrl may take before it is given up. */
  serviceUrlTimeoutSeconds: number;
  /** Secret mixed into conversation-id hashes in the logs and feedback records. */
  hashSalt: string;
  /** Days after a feedback record is closed before its personal data is erased. */
  retentionDays: number;
  /** SMTP connection URL for staff e-mails (smtp://user:pass@host:587); empty = no e-mail. */
  smtpUrl: string;
  staffEmail: string;
  /** Where reports of a category (knowledge/signals/<id>) are e-mailed instead of STAFF_EMAIL. */
  categoryEmails: Record<string, string>;
  mailFrom: string;
  /** URL that receives each new feedback record as JSON; empty = none. */
  staffWebhookUrl: string;
  /** Mark the staff session cookie Secure even when no proxy says the request came over TLS. */
  staffSecureCookies: boolean;
  viber: ViberConfig;
  messenger: MessengerConfig;
  directLine: DirectLineConfig;
  http: HttpLimits;
  /** Without MicrosoftAppId: the shared secret a caller of /api/messages must send as a Bearer token; empty = loopback callers only. */
  botEndpointSecret: string;
  /** Reverse proxies whose X-Forwarded-For names the client (proxy-addr syntax: addresses, CIDRs, `loopback`); empty = none. */
  trustProxy: string[];
  /** Hours of inactivity after which a conversation's state, unsent feedback drafts included, is erased. */
  conversationRetentionHours: number;
  /** Seconds a stop (SIGTERM) waits for running turns to finish before it cuts them. */
  shutdownGraceSeconds: number;
  /** postgres://… selects PostgreSQL for everything the bot keeps (several instances can share it); empty = lowdb files under dataDir. */
  databaseUrl: string;
}

export interface HttpLimits {
  /** Open connections at most (WebSocket streams included); more are refused. */
  maxConnections: number;
  /** Seconds a request may take to arrive, headers and body. */
  requestTimeoutSeconds: number;
  /** Bytes of request body at most. */
  maxBodyBytes: number;
  /**
   * Open connections from one socket address at most; more are closed at once. The reverse proxies
   * named in TRUST_PROXY are exempt: every client behind one arrives from its address, so the proxy
   * must bound each client itself (README, Security).
   */
  maxConnectionsPerAddress: number;
}

export interface ViberConfig {
  /** The bot's auth token from the Viber admin panel; empty = Viber is off. */
  authToken: string;
  /** Sender name shown on the bot's messages. */
  botName: string;
  botAvatar: string;
  /** Base of the Viber REST API (tests point it at a loopback stand-in). */
  apiUrl: string;
  /** Events older (or further ahead) than this are acknowledged but not answered: a replayed signed body. */
  maxEventAgeSeconds: number;
}

export interface MessengerConfig {
  /** Page access token; empty = Messenger is off. */
  pageToken: string;
  /** App secret, for X-Hub-Signature-256. */
  appSecret: string;
  /** The verify token typed into the webhook settings of the Meta app. */
  verifyToken: string;
  /** Base of the Graph API (tests point it at a loopback stand-in). */
  apiUrl: string;
  graphVersion: string;
  /** Events older (or further ahead) than this are acknowledged but not answered: a replayed signed body. */
  maxEventAgeSeconds: number;
}

export interface DirectLineConfig {
  /** Secret that signs the web chat's Direct Line tokens; random at each start when empty. */
  tokenSecret: string;
  /** Lifetime of a web chat token, in seconds. */
  tokenTtlSeconds: number;
  /** 'self': the page talks to this server's own Direct Line; 'azure': to Azure Bot Service's. */
  mode: 'self' | 'azure';
  /** Azure Direct Line secret (mode azure): the server exchanges it for a token; it never reaches the page. */
  azureSecret: string;
  azureUrl: string;
  /** Web chat tokens one client may get a minute (a token opens a conversation the server keeps). */
  tokensPerMinute: number;
}

export class ConfigError extends Error {}

function intFrom(name: string, value: string | undefined, fallback: number, max = 65535): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new ConfigError(`${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return n;
}

/** A whole number of seconds from 1 to `max`: a wait of 0 would mean waiting for ever. */
function secondsFrom(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new ConfigError(`${name} must be a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function trustedProxies(value: string | undefined): string[] {
  const list = listOf(value);
  try {
    proxyaddr.compile(list);
  } catch (err) {
    throw new ConfigError(`TRUST_PROXY must list addresses, CIDR ranges or loopback/linklocal/uniquelocal, got "${value}" (${err instanceof Error ? err.message : String(err)})`);
  }
  return list;
}

const EMAIL = /^[^\s@,=]+@[^\s@,=]+\.[^\s@,=]+$/;

/** "waste=chistota@example.bg, street-lighting=svetlina@example.bg" → a map from category id to address. */
export function categoryEmailsFrom(value: string | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of (value ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const [id, address, ...rest] = pair.split('=').map((p) => p.trim());
    if (!id || !address || rest.length > 0 || !EMAIL.test(address)) {
      throw new ConfigError(`CATEGORY_EMAILS: "${pair}" is not category=address (for example waste=chistota@example.bg)`);
    }
    map[id] = address;
  }
  return map;
}

function directLineMode(value: string | undefined): 'self' | 'azure' {
  if (!value || value === 'self') return 'self';
  if (value === 'azure') return 'azure';
  throw new ConfigError(`WEBCHAT_DIRECTLINE must be "self" or "azure", got "${value}"`);
}

const DEFAULT_SALT = 'change-me';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

/** The salt may keep its default only on a server nobody else can reach: elsewhere the hashes in the logs would be reversible by anyone who reads the README. */
function hashSaltFor(value: string | undefined, host: string): string {
  const salt = value || DEFAULT_SALT;
  if (salt === DEFAULT_SALT && !LOOPBACK_HOSTS.has(host)) {
    throw new ConfigError(`HASH_SALT must be set to a long random secret when HOST (${host}) is not a loopback address (for example: openssl rand -hex 32)`);
  }
  return salt;
}

function databaseUrlFrom(value: string | undefined): string {
  if (!value) return '';
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError('DATABASE_URL must start with postgres:// (for example postgres://bot@127.0.0.1:5432/chatbot)');
  return value;
}

/** Reads and checks the environment once; a wrong value throws ConfigError naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST || '127.0.0.1';
  // One window for both webhooks: Viber and Meta resend a failed call within minutes.
  const maxEventAgeSeconds = intFrom('WEBHOOK_MAX_AGE', env.WEBHOOK_MAX_AGE, 300, 86400);
  return {
    port: intFrom('PORT', env.PORT, 3978),
    host,
    dataDir: resolve(env.DATA_DIR || resolve(projectRoot, 'data')),
    knowledgeDir: resolve(env.KNOWLEDGE_DIR || resolve(projectRoot, 'knowledge')),
    localesDir: resolve(projectRoot, 'locales'),
    logLevel: env.LOG_LEVEL || 'info',
    microsoftAppId: env.MicrosoftAppId ?? '',
    microsoftAppPassword: env.MicrosoftAppPassword ?? '',
    microsoftAppType: env.MicrosoftAppType || 'MultiTenant',
    microsoftAppTenantId: env.MicrosoftAppTenantId ?? '',
    serviceUrlAllowList: listOf(env.SERVICE_URL_ALLOW_LIST),
    serviceUrlTimeoutSeconds: secondsFrom('SERVICE_URL_TIMEOUT_SECONDS', env.SERVICE_URL_TIMEOUT_SECONDS, 10, 300),
    hashSalt: hashSaltFor(env.HASH_SALT, host),
    retentionDays: intFrom('RETENTION_DAYS', env.RETENTION_DAYS, 365, 36500),
    smtpUrl: env.SMTP_URL ?? '',
    staffEmail: env.STAFF_EMAIL ?? '',
    categoryEmails: categoryEmailsFrom(env.CATEGORY_EMAILS),
    mailFrom: env.MAIL_FROM || 'chatbot@localhost',
    staffWebhookUrl: env.STAFF_WEBHOOK_URL ?? '',
    staffSecureCookies: env.STAFF_SECURE_COOKIES === 'true',
    viber: {
      authToken: env.VIBER_AUTH_TOKEN ?? '',
      botName: env.VIBER_BOT_NAME || 'Община',
      botAvatar: env.VIBER_BOT_AVATAR ?? '',
      apiUrl: env.VIBER_API_URL || 'https://chatapi.viber.com/pa',
      maxEventAgeSeconds,
    },
    messenger: {
      pageToken: env.MESSENGER_PAGE_TOKEN ?? '',
      appSecret: env.MESSENGER_APP_SECRET ?? '',
      verifyToken: env.MESSENGER_VERIFY_TOKEN ?? '',
      apiUrl: env.MESSENGER_API_URL || 'https://graph.facebook.com',
      graphVersion: env.MESSENGER_GRAPH_VERSION || 'v21.0',
      maxEventAgeSeconds,
    },
    directLine: {
      tokenSecret: env.DIRECTLINE_TOKEN_SECRET ?? '',
      tokenTtlSeconds: intFrom('DIRECTLINE_TOKEN_TTL', env.DIRECTLINE_TOKEN_TTL, 1800, 86400),
      mode: directLineMode(env.WEBCHAT_DIRECTLINE),
      azureSecret: env.AZURE_DIRECTLINE_SECRET ?? '',
      azureUrl: env.AZURE_DIRECTLINE_URL || 'https://directline.botframework.com/v3/directline',
      tokensPerMinute: intFrom('DIRECTLINE_TOKENS_PER_MINUTE', env.DIRECTLINE_TOKENS_PER_MINUTE, 10, 10000),
    },
    http: {
      maxConnections: intFrom('MAX_CONNECTIONS', env.MAX_CONNECTIONS, 1000, 100000),
      requestTimeoutSeconds: intFrom('REQUEST_TIMEOUT', env.REQUEST_TIMEOUT, 30, 3600),
      maxBodyBytes: 256 * 1024,
      maxConnectionsPerAddress: intFrom('MAX_CONNECTIONS_PER_ADDRESS', env.MAX_CONNECTIONS_PER_ADDRESS, 64, 100000),
    },
    botEndpointSecret: env.BOT_ENDPOINT_SECRET ?? '',
    trustProxy: trustedProxies(env.TRUST_PROXY),
    conversationRetentionHours: intFrom('CONVERSATION_RETENTION_HOURS', env.CONVERSATION_RETENTION_HOURS, 24, 24 * 365),
    shutdownGraceSeconds: intFrom('SHUTDOWN_GRACE_SECONDS', env.SHUTDOWN_GRACE_SECONDS, 30, 600),
    databaseUrl: databaseUrlFrom(env.DATABASE_URL),
  };
}
