/**
 * Deadlines of the exchanges in flight, watched by one timer. A setTimeout/clearTimeout pair per
 * call makes Node build and schedule a fresh timer list every time (the list of a duration goes when
 * its last timer is cleared): on a warm call that was the largest single cost of this plugin's own JS.
 * An ended exchange just leaves the set; the timer, armed for the earliest deadline, finds it gone.
 */
export interface Deadline {
  /** Stops watching: the exchange ended first. */
  cancel(): void;
}

class Watched implements Deadline {
  constructor(
    readonly at: number,
    readonly expire: () => void,
  ) {}

  cancel(): void {
    watched.delete(this);
  }
}

const watched = new Set<Watched>();
let timer: ReturnType<typeof setTimeout> | undefined;
let armedAt = Infinity;
const MAX_DELAY = 2 ** 31 - 1;

/**
 * Monotonic milliseconds: a clock change must not fire or postpone a deadline. Not the global
 * `performance`: its first read loads perf_hooks, ~1 ms of a cold start.
 */
function now(): number {
  const [seconds, nanos] = process.hrtime();
  return seconds * 1e3 + nanos / 1e6;
}

function arm(at: number): void {
  if (timer) clearTimeout(timer);
  armedAt = at;
  // setTimeout takes at most 2^31-1 ms (a longer delay fires at once); a sweep that comes early re-arms.
  timer = setTimeout(sweep, Math.min(MAX_DELAY, Math.max(0, Math.ceil(at - now()))));
  // An exchange in flight keeps the process alive through its socket; the watch alone must not.
  if (typeof timer.unref === 'function') timer.unref();
}

function sweep(): void {
  timer = undefined;
  armedAt = Infinity;
  const time = now();
  let next = Infinity;
  for (const entry of watched) {
    if (entry.at <= time) {
      watched.delete(entry);
      entry.expire();
    } else if (entry.at < next) {
      next = entry.at;
    }
  }
  if (next < Infinity) arm(next);
}

/** Calls `expire` once `ms` have passed, unless cancelled first. */
export function deadline(ms: number, expire: () => void): Deadline {
  const entry = new Watched(now() + ms, expire);
  watched.add(entry);
  if (entry.at < armedAt) arm(entry.at);
  return entry;
}
