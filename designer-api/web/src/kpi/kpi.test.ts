import { describe, expect, it } from 'vitest';
import { breaches, entriesOf, formatValue, parseValue, sparkline, trend, type KpiIndicator } from './kpi';

const indicator = (id: string, values: [string, number][], lastPeriod = '2026-W48'): KpiIndicator => ({
  id,
  name: id,
  direction: 'higher-better',
  threshold: 8,
  target: 12,
  frequency: 'weekly',
  warnAfter: 2,
  lastPeriod,
  points: values.map(([period, value]) => ({ period, value, recordedBy: 'E011', recordedAt: '2026-11-30T01:00:00Z', source: 'hand', rows: 1, breaches: value < 8 })),
});

describe('the threshold', () => {
  it('is breached below it when higher is better and above it when lower is better', () => {
    expect([breaches('higher-better', 8, 7), breaches('higher-better', 8, 8), breaches('lower-better', 3, 4), breaches('lower-better', 3, 3)]).toEqual([true, false, true, false]);
  });

  it('is never breached when there is none', () => {
    expect(breaches('higher-better', null, -100)).toBe(false);
  });
});

describe('a typed value', () => {
  it('reads thousands separators, spaces and full-width digits', () => {
    expect([parseValue('1,200.5'), parseValue(' 65 '), parseValue('１２'), parseValue('-3')]).toEqual([1200.5, 65, 12, -3]);
  });

  it('is nothing when it is not a number', () => {
    expect([parseValue('很多'), parseValue(''), parseValue('1e3'), parseValue(undefined)]).toEqual([null, null, null, null]);
  });

  it('is shown without trailing zeros', () => {
    expect([formatValue(72.5), formatValue(65), formatValue(1 / 3)]).toEqual(['72.5', '65', '0.3333']);
  });
});

describe('what a save sends', () => {
  it('sends the values typed for the last period, not the unchanged ones, and names the ones that are not numbers', () => {
    const visits = indicator('visits', [['2026-W48', 5]]);
    const value = indicator('value', []);
    const rate = indicator('rate', []);
    expect(entriesOf('E012', [visits, value, rate], { visits: '5', value: '90', rate: 'abc' })).toEqual({
      entries: [{ personId: 'E012', indicator: 'value', period: '2026-W48', value: 90 }],
      invalid: ['rate'],
    });
  });
});

describe('the trend and the sparkline', () => {
  it('says whether the last period went up or down', () => {
    expect([trend(indicator('a', [['W1', 1], ['W2', 3]])), trend(indicator('b', [['W1', 3], ['W2', 1]])), trend(indicator('c', [['W1', 3]]))]).toEqual(['up', 'down', null]);
  });

  it('fits the values and the reference lines in the box, the highest at the top', () => {
    const layout = sparkline([5, 10], 100, 40, [0]);
    expect(layout.points.map((p) => [p.x, p.y])).toEqual([
      [4, 20],
      [96, 4],
    ]);
    expect(layout.y(0)).toBe(36);
    expect(layout.path).toBe('M4 20 L96 4');
  });

  it('puts a single value in the middle', () => {
    expect(sparkline([7], 100, 40).points[0]!.x).toBe(50);
  });
});
