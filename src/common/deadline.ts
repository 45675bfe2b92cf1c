// Waiting for work with a limit, for a stop that must end: the work is not cancelled when the
// time runs out, the caller decides what to cut.

/** Whether `work` settled (resolved or rejected) within `ms`. */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
