import type { Schemas } from '../api/client';

export type KpiBoard = Schemas['KpiBoardResponse'];
export type KpiIndicator = Schemas['BoardIndicatorResponse'];
export type KpiPoint = Schemas['ActualPointResponse'];

/** Whether a value is on the wrong side of the threshold: below it when higher is better, above it when lower is. */
export function breaches(direction: string, threshold: number | null | undefined, value: number): boolean {
  if (threshold === null || threshold === undefined) return false;
  return direction === 'lower-better' ? value > threshold : value < threshold;
}

/** The newest period's point of an indicator, or undefined when nothing was recorded. */
export function latest(indicator: KpiIndicator): KpiPoint | undefined {
  return indicator.points.at(-1);
}

/** The point recorded for a period, if any. */
export function pointOf(indicator: KpiIndicator, period: string): KpiPoint | undefined {
  return indicator.points.find((p) => p.period === period);
}

/** A number as a person types it: `1,200.5`, ` 65 `, `１２` (full-width digits); null for anything else or nothing. */
export function parseValue(text: string | null | undefined): number | null {
  if (text === null || text === undefined) return null;
  const plain = text
    .trim()
    .replace(/[０-９．－]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/,/g, '');
  if (plain === '' || !/^-?\d+(\.\d+)?$/.test(plain)) return null;
  return Number(plain);
}

/** A value for people: as written, at most four decimals, no trailing zeros. */
export function formatValue(value: number): string {
  return String(Number(value.toFixed(4)));
}

/** The direction of the last change: up, down or flat; null with fewer than two periods. */
export function trend(indicator: KpiIndicator): 'up' | 'down' | 'flat' | null {
  const [before, last] = indicator.points.slice(-2);
  if (!before || !last) return null;
  return last.value > before.value ? 'up' : last.value < before.value ? 'down' : 'flat';
}

/** Where a sparkline draws its points and its reference lines (target, threshold), in a box of the given size. */
export interface SparklineLayout {
  points: { x: number; y: number; value: number }[];
  path: string;
  y: (value: number) => number;
}

/**
 * Lays out a sparkline: the values from left to right, scaled so that the values and the reference lines all fit
 * with a margin; one value sits in the middle.
 */
export function sparkline(values: number[], width: number, height: number, references: (number | null | undefined)[] = []): SparklineLayout {
  const margin = 4;
  const all = [...values, ...references.filter((r): r is number => typeof r === 'number')];
  const low = all.length ? Math.min(...all) : 0;
  const high = all.length ? Math.max(...all) : 1;
  const span = high - low || Math.abs(high) || 1;
  const y = (value: number) => Number((height - margin - ((value - low) / span) * (height - 2 * margin)).toFixed(2));
  const step = values.length > 1 ? (width - 2 * margin) / (values.length - 1) : 0;
  const points = values.map((value, i) => ({ x: Number((values.length > 1 ? margin + i * step : width / 2).toFixed(2)), y: y(value), value }));
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x} ${p.y}`).join(' ');
  return { points, path, y };
}

/** One actual to send: the person, the indicator, the period and the value. */
export interface Entry {
  personId: string;
  indicator: string;
  period: string;
  value: number;
}

/**
 * What a save sends: the values typed for the indicators' last periods that differ from what is recorded (an
 * unchanged value is not written again), and the indicators whose text is not a number.
 */
export function entriesOf(personId: string, indicators: KpiIndicator[], typed: Record<string, string>): { entries: Entry[]; invalid: string[] } {
  const entries: Entry[] = [];
  const invalid: string[] = [];
  for (const indicator of indicators) {
    const text = typed[indicator.id];
    if (text === undefined || text.trim() === '') continue;
    const value = parseValue(text);
    if (value === null) {
      invalid.push(indicator.id);
      continue;
    }
    if (pointOf(indicator, indicator.lastPeriod)?.value === value) continue;
    entries.push({ personId, indicator: indicator.id, period: indicator.lastPeriod, value });
  }
  return { entries, invalid };
}
