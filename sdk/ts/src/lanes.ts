// A few tasks at a time, for hashing parts and sending them.

/**
 * Runs `work(i)` for each i from 0 to count - 1, in order of start, at
 * most `lanes` at once. Once one fails the others start nothing new, and
 * the first failure rejects.
 */
export async function inLanes(count: number, lanes: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < count && !failed) await work(next++);
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(lanes, count)) }, () =>
      lane().catch((err: unknown) => {
        failed = true; // the other lanes start nothing new
        throw err;
      }),
    ),
  );
}
