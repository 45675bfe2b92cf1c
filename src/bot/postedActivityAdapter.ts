// Bot Framework's CloudAdapter, taking in a posted activity without its zod checks. Its process()
// builds zod schemas anew on every request to check what the route has checked already (a POST
// whose body is a JSON object with the ids a turn needs, botServer.ts), about 1.5 % of a turn's
// work and 19 KB of garbage (bench:http, issue 20). The steps and the answers are
// process()'s own (botbuilder 4.23, cloudAdapter.js): the activity's dates read, the turn run with
// the request's Authorization header, the invoke or expect-replies answer sent, 401 for a failed
// authentication and 500 for any other failure.
import { CloudAdapter, StatusCodes, type Activity, type Request, type Response, type TurnContext } from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';

/** The activity's timestamps as dates, their texts kept beside them (botbuilder's validateAndFixActivity). */
function withDates(activity: Record<string, unknown>): Activity {
  if (typeof activity.type !== 'string') throw new Error('validateAndFixActivity(): missing activity type.');
  for (const [field, raw] of [
    ['timestamp', 'rawTimestamp'],
    ['expiration', 'rawExpiration'],
    ['localTimestamp', 'rawLocalTimestamp'],
  ] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity as unknown as Activity;
}

export class PostedActivityAdapter extends CloudAdapter {
  /** CloudAdapter.process(req, res, logic) for a request whose body the route has parsed and checked. */
  async processPosted(req: Request, res: Response, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const end = (status: number, body?: unknown) => {
      res.status(status);
      if (body) res.send(body);
      res.end();
    };
    if (req.method !== 'POST') return end(StatusCodes.METHOD_NOT_ALLOWED);
    const body = req.body as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return end(StatusCodes.BAD_REQUEST, '`req.body` not an object, make sure you are using middleware to parse incoming requests.');
    }
    const activity = withDates(body as Record<string, unknown>);
    if (!activity.type) return end(StatusCodes.BAD_REQUEST);
    const authorization = req.headers.authorization ?? req.headers.Authorization ?? '';
    try {
      const invokeResponse = await this.processActivity(String(authorization), activity, logic);
      return end(invokeResponse?.status ?? StatusCodes.OK, invokeResponse?.body);
    } catch (err) {
      // What process() answers, and its line on stderr.
      console.error(err);
      return end(err instanceof AuthenticationError ? StatusCodes.UNAUTHORIZED : StatusCodes.INTERNAL_SERVER_ERROR, (err as Error).message ?? err);
    }
  }
}
