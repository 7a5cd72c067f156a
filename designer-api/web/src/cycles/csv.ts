/**
 * The rows of a CSV text as the reports write it (RFC 4180: commas, CRLF or LF, fields in double quotes with "" for a
 * quote), without a leading byte order mark. The first row is the header.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** An overdue task of the cycle progress report's `overdue` table: who holds it, whose review, which step, due, days. */
export interface OverdueRow {
  assignee: string;
  subject: string;
  process: string;
  step: string;
  due: string;
  days: number;
}

/** The `overdue` table (columns in the report's documented order: docs/reports.md), header dropped. */
export function overdueRows(csv: string): OverdueRow[] {
  return parseCsv(csv)
    .slice(1)
    .filter((r) => r.length >= 6)
    .map((r) => ({ assignee: r[0] ?? '', subject: r[1] ?? '', process: r[2] ?? '', step: r[3] ?? '', due: r[4] ?? '', days: Number(r[5]) }));
}

/** The `ratings` table: how many interview records gave each overall rating 1–5. */
export function ratingCounts(csv: string): { rating: number; count: number }[] {
  return parseCsv(csv)
    .slice(1)
    .filter((r) => r.length >= 2)
    .map((r) => ({ rating: Number(r[0]), count: Number(r[1]) }));
}
