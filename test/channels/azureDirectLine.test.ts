// WEBCHAT_DIRECTLINE=azure: the page gets its token from Azure's Direct Line through this server,
// which keeps the secret; here a loopback stand-in plays Azure.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Assistant } from '../../src/answer/assistant.js';
import { createApp, type App } from '../../src/app.js';
import { readConfig } from '../../src/config/config.js';
import { createLogger } from '../../src/common/logger.js';
import { paths } from '../support/paths.js';
import { withTempDir } from '../support/tempDir.js';

let azure: Server;
let seenAuthorization: string | undefined;
let app: App;
let base: string;
let azureUrl: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  azure = createServer((req, res) => {
    seenAuthorization = req.headers.authorization;
    res.writeHead(req.url === '/v3/directline/tokens/generate' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ conversationId: 'abc', token: 'azure-token', expires_in: 3600 }));
  });
  azure.listen(0, '127.0.0.1');
  await once(azure, 'listening');
  azureUrl = `http://127.0.0.1:${(azure.address() as AddressInfo).port}/v3/directline`;
  const tmp = await withTempDir();
  cleanup = tmp.cleanup;
  const config = readConfig({ DATA_DIR: tmp.dir, KNOWLEDGE_DIR: paths.knowledgeDir, WEBCHAT_DIRECTLINE: 'azure', AZURE_DIRECTLINE_SECRET: 'the-secret', AZURE_DIRECTLINE_URL: azureUrl });
  app = await createApp(config, createLogger('silent'), { assistant: await Assistant.load(paths) });
  base = `http://127.0.0.1:${(await app.server.listen(0, '127.0.0.1')).port}`;
});
afterAll(async () => {
  await app.stop();
  await new Promise<void>((resolve) => azure.close(() => resolve()));
  await cleanup();
});

describe('web chat through Azure Direct Line', () => {
  it('exchanges the secret for a token server-side and points the page at Azure', async () => {
    const res = await fetch(`${base}/api/directline/token`, { method: 'POST' });
    const body = await res.json();
    expect(body).toEqual({ token: 'azure-token', expires_in: 3600, domain: azureUrl });
    expect(JSON.stringify(body)).not.toContain('the-secret');
    expect(seenAuthorization).toBe('Bearer the-secret');
  });

  it('does not serve its own Direct Line then, and lets the page connect to Azure', async () => {
    expect((await fetch(`${base}/v3/directline/conversations`, { method: 'POST' })).status).toBe(404);
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-security-policy')).toContain(new URL(azureUrl).origin);
  });
});
