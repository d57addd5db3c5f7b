// Polls until `probe` returns something, for effects that happen after an acknowledgement (a reply posted to a
// fake chat API). Fails with what it was waiting for.
export async function waitFor<T>(
  probe: () => T | undefined | null | false,
  what: string,
  timeoutMs = 8000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A call held by a fake API: `arrive` is called when the call comes in, which then waits for `released`. */
export interface HeldCall {
  arrive: () => void;
  released: Promise<void>;
}

/**
 * A hold for a fake's `hold()`: the fake keeps `held` and, when the call comes in, calls `held.arrive()` and waits
 * for `held.released`; the test awaits `reached` and calls `release()` when it has done what it wanted meanwhile.
 */
export function holdCall(): { held: HeldCall; reached: Promise<void>; release: () => void } {
  let arrive = () => {};
  let release = () => {};
  const reached = new Promise<void>((resolve) => {
    arrive = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { held: { arrive, released }, reached, release };
}
