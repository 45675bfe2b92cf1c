// npm run viber:webhook -- https://your.host/api/viber: tells Viber where to send the bot's events,
// using VIBER_AUTH_TOKEN (and VIBER_API_URL) from the environment. Viber calls the URL at once to
// check it, so the bot must already be running there with the same token.
import { VIBER_EVENT_TYPES, ViberApi, ViberApiError } from '../channels/viber/viberApi.js';
import { readConfigOrExit } from './cliConfig.js';

class UsageError extends Error {}

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new UsageError('usage: npm run viber:webhook -- https://your.host/api/viber');
  if (!URL.canParse(url) || new URL(url).protocol !== 'https:') throw new UsageError(`Viber needs an https:// webhook URL, got "${url}"`);
  const { viber } = readConfigOrExit();
  if (!viber.authToken) throw new UsageError('VIBER_AUTH_TOKEN is not set');
  const answer = await new ViberApi(viber).setWebhook(url, VIBER_EVENT_TYPES);
  console.log(JSON.stringify(answer));
}

/** One line for the operator, never a stack trace. */
function reason(err: unknown): string {
  if (err instanceof UsageError || err instanceof ViberApiError) return err.message;
  if (err instanceof Error && err.name === 'TimeoutError') return 'the Viber API did not answer in time';
  if (err instanceof TypeError && err.message === 'fetch failed') {
    const cause = err.cause instanceof Error ? err.cause.message : '';
    return `cannot reach the Viber API${cause ? `: ${cause}` : ''}`;
  }
  return err instanceof Error ? err.message : String(err);
}

main().catch((err: unknown) => {
  console.error(reason(err));
  process.exit(1);
});
