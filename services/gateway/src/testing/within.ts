/**
 * `promise`, or a rejection after `ms` with the message `describe()` gives then: a call the gateway
 * never answers fails its test saying what was left waiting, instead of as a bare test timeout.
 */
export async function within<T>(promise: Promise<T>, ms: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(describe())), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
