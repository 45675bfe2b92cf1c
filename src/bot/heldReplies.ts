// A turn's replies wait until the turn is over (its state saved, its conversation's lock released)
// and only then go out. So a slow channel, such as a Bot Framework serviceUrl that does not answer,
// never holds a lock or a database connection, and a turn that fails after its dialogs ran (its
// state could not be saved) sends only the sentence about the failure, never the next prompt as if
// the step had been kept.
import { ActivityTypes, type TurnContext } from 'botbuilder';

export interface HeldReplies {
  /** Sends what was held, in order; later sends of the turn go out at once. */
  release(): Promise<void>;
  /** Drops what was held (the turn failed); later sends of the turn go out at once. */
  discard(): void;
}

export function holdReplies(context: TurnContext): HeldReplies {
  // Each held send is the rest of Bot Framework's own send chain for it, run later as it would
  // have been run then (the adapter's send, Expect Replies buffering, the `responded` flag).
  let held: Array<() => Promise<unknown>> | undefined = [];
  context.onSendActivities(async (_context, activities, next) => {
    if (!held) return next();
    held.push(next);
    // As if sent: a prompt whose validator has answered must not prompt again (botbuilder reads this flag).
    if (activities.some((a) => a.type !== ActivityTypes.Trace)) context.responded = true;
    return activities.map(() => ({ id: '' }));
  });
  return {
    async release() {
      const sends = held ?? [];
      held = undefined;
      for (const send of sends) await send();
    },
    discard() {
      held = undefined;
    },
  };
}
