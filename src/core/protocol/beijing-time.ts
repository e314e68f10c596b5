const BEIJING_OFFSET_MS = 8 * 60 * 60 * 1000;

const pad = (n: number) => (n < 10 ? '0' : '') + n;
const last = { second: NaN, text: '' };

/**
 * `yyyy-MM-dd HH:mm:ss` in Beijing time (UTC+8, no daylight saving), as the gateway expects,
 * whatever the runtime's TZ: Aliyun and Tencent run UTC, HBuilderX runs the PC's zone.
 */
export function beijingTimestamp(now: Date | number = Date.now()): string {
  const second = Math.floor(Number(now) / 1000);
  // Calls come many to a second: the text of the last second is kept.
  if (second !== last.second) {
    const t = new Date(second * 1000 + BEIJING_OFFSET_MS);
    last.text =
      `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ` +
      `${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    last.second = second;
  }
  return last.text;
}

/** Parses a Beijing-time `yyyy-MM-dd HH:mm:ss`; undefined when the text is not in that form. */
export function parseBeijingTimestamp(text: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const utc = Date.UTC(y, mo - 1, d, h, mi, s) - BEIJING_OFFSET_MS;
  const check = new Date(utc + BEIJING_OFFSET_MS);
  // Reject 2026-02-30 and friends, which Date.UTC would silently roll over.
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return undefined;
  return new Date(utc);
}
