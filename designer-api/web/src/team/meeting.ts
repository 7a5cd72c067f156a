/**
 * A time typed into a date-time-local input ("2027-01-12T14:00"), in the browser's own time zone, as the API takes
 * it: with the offset of that zone on that day ("2027-01-12T14:00:00+08:00"), so that the form keeps the local time
 * the person chose. Null when the text is not a time.
 */
export function withOffset(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return null;
  const [y, mo, d, h, mi] = match.slice(1).map(Number) as [number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi);
  if (Number.isNaN(at.getTime()) || at.getDate() !== d) return null;
  const minutes = -at.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const pad = (n: number) => String(Math.abs(n)).padStart(2, '0');
  return `${local}:00${sign}${pad(Math.trunc(minutes / 60))}:${pad(minutes % 60)}`;
}

/** An instant as a date-time-local input shows it, in the browser's time zone ("2027-01-12T14:00"). */
export function toLocalInput(iso: string): string {
  const at = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}
