/** Waiting for work with a deadline, for shutdown steps that must end in time. */

/** True when `work` settled before `deadline` (epoch ms), false when time ran out first; never throws for a timeout. */
export async function withinDeadline (work: Promise<unknown>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => { timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now())) })
  try {
    return await Promise.race([work.then(() => true), timeout])
  } finally {
    clearTimeout(timer)
  }
}
