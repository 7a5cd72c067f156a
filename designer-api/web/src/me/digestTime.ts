/**
 * The daily digest's time: the API keeps it in UTC (HH:mm), the page shows and takes it in the person's own time.
 * `offset` is minutes east of UTC (480 in China), as `-new Date().getTimezoneOffset()` gives it for today.
 */
const day = 24 * 60;

function minutesOf(time: string): number | undefined {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

function timeOf(minutes: number): string {
  const m = ((minutes % day) + day) % day;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** A local HH:mm as the API's UTC HH:mm; undefined when it is not a time of day. */
export function localToUtc(local: string, offset: number): string | undefined {
  const minutes = minutesOf(local);
  return minutes === undefined ? undefined : timeOf(minutes - offset);
}

/** The API's UTC HH:mm as a local HH:mm; undefined when it is not a time of day. */
export function utcToLocal(utc: string, offset: number): string | undefined {
  const minutes = minutesOf(utc);
  return minutes === undefined ? undefined : timeOf(minutes + offset);
}

/** Minutes east of UTC here and now. */
export function localOffset(): number {
  return -new Date().getTimezoneOffset();
}
