// JSON logs on stdout (pino). Logs never carry personal data: an error is logged as its kind, its
// system code and the code locations of its stack, never its message or its properties (a failed
// dialog turn's error carries the dialog stack with the citizen's description, name and e-mail,
// and storage errors name conversation ids); conversations appear only as salted hashes.
import { pino, type DestinationStream, type Logger } from 'pino';
import { hashConversation } from './conversationHash.js';

export type { Logger };

/** What the logs keep of an error. */
export interface LoggedError {
  type: string;
  code?: string;
  /** The stack's "at …" lines: code locations only. */
  stack?: string;
  /** The error this one wraps (botbuilder's DialogContextError wraps the step's error). */
  cause?: LoggedError;
}

export function safeError(err: unknown, depth = 0): LoggedError {
  if (!(err instanceof Error)) return { type: typeof err };
  const code = (err as { code?: unknown }).code;
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const wrapped = (err as { error?: unknown }).error ?? err.cause;
  return {
    type: err.name || err.constructor.name,
    ...(typeof code === 'string' ? { code } : {}),
    ...(frames.length ? { stack: frames.join('\n') } : {}),
    ...(wrapped instanceof Error && depth < 3 ? { cause: safeError(wrapped, depth + 1) } : {}),
  };
}

/** Logs to stdout, or to `destination` (tests read what was logged). */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'obshtina-chatbot' }, serializers: { err: safeError } };
  return destination ? pino(options, destination) : pino(options);
}

/** How a conversation appears in the logs: the same salted hash as in the stored records. */
export function loggedConversation(salt: string, channel: string | undefined, conversationId: string | undefined): string | undefined {
  return conversationId ? hashConversation(salt, channel ?? 'unknown', conversationId) : undefined;
}
