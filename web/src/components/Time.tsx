const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const ABSOLUTE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 30],
  ["month", 12],
  ["year", Infinity],
];

/** "3 hours ago" for a timestamp; `now` is injectable for tests. */
export function relativeTime(iso: string, now: number = Date.now()): string {
  let amount = (new Date(iso).getTime() - now) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(amount) < size) return RELATIVE.format(Math.round(amount), unit);
    amount /= size;
  }
  return ABSOLUTE.format(new Date(iso));
}

/** A timestamp shown relative, with the exact time in the title and machine-readable attribute. */
export function Time({ value }: { value: string }) {
  return (
    <time dateTime={value} title={ABSOLUTE.format(new Date(value))}>
      {relativeTime(value)}
    </time>
  );
}

/** The absolute local form of a timestamp, for tables and timelines. */
export function formatTime(iso: string): string {
  return ABSOLUTE.format(new Date(iso));
}
