// Direct Line activities: reading a conversation's transcript after a watermark (polling), and
// posting the user's activity, which is echoed into the transcript and answered by the bot.
import type { Activity } from 'botbuilder';
import type * as restify from 'restify';
import { sendJsonError } from '../../http/jsonError.js';
import { queryOf } from '../../http/query.js';
import { BASE, fromUser, type DirectLineContext } from './shared.js';

/** The largest activity a client may post; Web Chat's messages are a few kilobytes. */
export const MAX_ACTIVITY_BYTES = 32 * 1024;

/** What the bot takes from a posted activity; the user is who the token says, whatever the body claims. */
function incomingOf(sent: Partial<Activity>): Partial<Activity> {
  return {
    type: sent.type,
    text: typeof sent.text === 'string' ? sent.text : undefined,
    value: sent.value,
    entities: Array.isArray(sent.entities) ? sent.entities : undefined,
    attachments: Array.isArray(sent.attachments) ? sent.attachments : undefined,
    // Web Chat needs the echo with its channelData.
    channelData: sent.channelData,
    locale: typeof sent.locale === 'string' ? sent.locale : undefined,
  };
}

export function mountActivityRoutes(server: restify.Server, dl: DirectLineContext): void {
  server.get(`${BASE}/conversations/:id/activities`, async (req: restify.Request, res: restify.Response) => {
    const claims = await dl.authorise(req, res, req.params.id);
    if (!claims) return;
    const watermark = Number(queryOf(req).get('watermark') ?? 0) || 0;
    let transcript = await dl.store.since(claims.conversationId, watermark);
    if (!transcript) {
      // A conversation forgotten meanwhile (or never started) starts again, empty.
      await dl.store.open(claims.conversationId, claims.userId);
      transcript = { activities: [], watermark: 0 };
    }
    res.json({ activities: transcript.activities, watermark: String(transcript.watermark) });
  });

  server.post(`${BASE}/conversations/:id/activities`, async (req: restify.Request, res: restify.Response) => {
    const claims = await dl.authorise(req, res, req.params.id);
    if (!claims) return;
    const body: unknown = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      sendJsonError(res, 400, 'BadArgument', 'expected an activity');
      return;
    }
    if (Buffer.byteLength(String(req.rawBody ?? '')) > MAX_ACTIVITY_BYTES) {
      sendJsonError(res, 413, 'ActivityTooLarge', `an activity may have at most ${MAX_ACTIVITY_BYTES} bytes`);
      return;
    }
    const c = { id: claims.conversationId, userId: claims.userId };
    const [echo] = await dl.store.append(c, [{ ...incomingOf(body as Partial<Activity>), ...fromUser(claims.userId, c) }]);
    res.json({ id: echo.id });
    void dl.deliver(c, echo);
  });

  server.post(`${BASE}/conversations/:id/upload`, async (req: restify.Request, res: restify.Response) => {
    if (!(await dl.authorise(req, res, req.params.id))) return;
    sendJsonError(res, 415, 'NotSupported', 'file uploads are not accepted');
  });
}
