// Span times need sub-millisecond precision: a tool span often starts in the same millisecond as its
// agent span, and viewers order and nest by time. Date has only milliseconds, so use the monotonic
// clock anchored at the process's time origin, and write microseconds (as the Python SDK does).
// Spans take the clock as a number when they start and end (`clockNow()`) and format it as text only
// when someone reads the time (an exporter, usually later): most readers never need both strings
// per span, and a number costs no allocation.
const origin = performance.timeOrigin;

// Formatting a Date costs ~0.5 µs; the date-and-seconds part changes once a second, so cache it.
let cachedSecond = -1;
let cachedPrefix = '';

/** The monotonic clock in milliseconds since the time origin: what `isoAt` formats. */
export function clockNow(): number {
  return performance.now();
}

/** A `clockNow()` reading as an ISO 8601 UTC string with microseconds: `2026-01-02T03:04:05.123456Z`. */
export function isoAt(clock: number): string {
  const now = origin + clock;
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedPrefix = new Date(second * 1000).toISOString().slice(0, 19);
  }
  const micros = Math.min(999_999, Math.floor((now - second * 1000) * 1000));
  return `${cachedPrefix}.${String(micros).padStart(6, '0')}Z`;
}

/** The current time as an ISO 8601 UTC string with microseconds: `2026-01-02T03:04:05.123456Z`. */
export function nowIso(): string {
  return isoAt(performance.now());
}

/** Milliseconds since the epoch (with a fraction) for an ISO time, keeping any microseconds. */
export function isoToEpochMs(iso: string): number {
  const base = Date.parse(iso);
  const fraction = /\.\d{3}(\d{1,3})/.exec(iso);
  return fraction ? base + Number(fraction[1]!.padEnd(3, '0')) / 1000 : base;
}
