// The demo page of the municipality's web site at `/`, with the chat launcher. The page is a
// template filled from the knowledge base and the locale files; every value is HTML-escaped.
// Scripts come only from this server (Content-Security-Policy forbids inline scripts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as restify from 'restify';
import type { Assistant } from '../answer/assistant.js';
import { contactsSection } from '../render/answerView.js';
import { sendJsonError } from './jsonError.js';
import { queryOf } from './query.js';
import { LOCALE, type Lang } from '../common/lang.js';
import { mainPhone } from '../render/answerView.js';



const STATIC_FILES: ReadonlyMap<string, { path: string[]; type: string }> = new Map(Object.entries({
  'chat.js': { path: ['public', 'chat.js'], type: 'text/javascript; charset=utf-8' },
  'styles.css': { path: ['public', 'styles.css'], type: 'text/css; charset=utf-8' },
  'webchat.js': { path: ['public', 'vendor', 'webchat.js'], type: 'text/javascript; charset=utf-8' },
  'staff.js': { path: ['public', 'staff.js'], type: 'text/javascript; charset=utf-8' },
  'staff.css': { path: ['public', 'staff.css'], type: 'text/css; charset=utf-8' },
  'chart.umd.js': { path: ['public', 'vendor', 'chart.umd.js'], type: 'text/javascript; charset=utf-8' },
}));

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function renderHomePage(template: string, assistant: Assistant, lang: Lang): string {
  const ctx = assistant.renderContext(lang);
  const { t, kb } = ctx;
  const municipality = kb.municipality.name[lang];
  const phone = mainPhone(kb.municipality);
  const list = (items: string[]) => items.map((i) => `<li>${escapeHtml(i)}</li>`).join('');
  const values: Record<string, string> = {
    lang,
    locale: LOCALE[lang],
    municipality: escapeHtml(municipality),
    website: escapeHtml(kb.municipality.website.url),
    serviceItems: list(kb.municipality.featured.flatMap((id) => kb.byId.get(id)?.title[lang] ?? [])),
    contactItems: list(contactsSection(ctx).lines),
    footer: escapeHtml(t('webchat.footer', { municipality, address: kb.municipality.address[lang] })),
    pageTitle: escapeHtml(t('webchat.pageTitle', { municipality })),
    chatError: escapeHtml(t('webchat.chatError', { phone })),
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? escapeHtml(t(`webchat.${key}`)));
}

export function contentSecurityPolicy(connectSources: string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Web Chat injects its component styles at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self' ${connectSources.join(' ')}`.trim(),
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}

export async function mountWebPage(server: restify.Server, options: { assistant: Assistant; root: string; connectSources: string[] }): Promise<void> {
  const template = await readFile(join(options.root, 'public', 'index.html'), 'utf8');
  const pages: Record<Lang, string> = { bg: renderHomePage(template, options.assistant, 'bg'), en: renderHomePage(template, options.assistant, 'en') };
  const csp = contentSecurityPolicy(options.connectSources);

  server.get('/', async (req: restify.Request, res: restify.Response) => {
    const lang: Lang = queryOf(req).get('lang') === 'en' ? 'en' : 'bg';
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    res.end(pages[lang]);
  });

  server.get('/static/:name', async (req: restify.Request, res: restify.Response) => {
    // A Map, so that names like "constructor" or "__proto__" find nothing rather than Object's own properties.
    const file = STATIC_FILES.get(String(req.params.name));
    if (!file) {
      sendJsonError(res, 404, 'NotFound', 'no such file');
      return;
    }
    try {
      const body = await readFile(join(options.root, ...file.path));
      res.writeHead(200, { 'content-type': file.type, 'cache-control': 'public, max-age=300', 'x-content-type-options': 'nosniff' });
      res.end(body);
    } catch {
      sendJsonError(res, 404, 'NotFound', `${file.path.join('/')} is missing: run npm run build`);
    }
  });
}
