import type { EChartsCoreOption } from 'echarts/core';

/** A row of completion: a department or a manager and how far their people's reviews are. */
export interface CompletionBar {
  name: string;
  completed: number;
  running: number;
  cancelled: number;
}

export interface SeriesNames {
  completed: string;
  running: string;
  cancelled: string;
}

// The colours of the three states, each with a 3:1 contrast or more against white (readable as bars and in the legend).
const colours = { completed: '#237804', running: '#0958d9', cancelled: '#8c8c8c' };

/** The pixels a horizontal bar chart of `rows` rows needs: a bar and its gap per row, the legend and the axis. */
export function barChartHeight(rows: number): number {
  return 88 + Math.max(rows, 1) * 36;
}

/**
 * Completion as horizontal stacked bars, one per department or manager, names on the left (wrapped onto a second line
 * past `labelWidth` pixels, so that a phone keeps room for the bars and still shows the whole name), completed first.
 */
export function completionOption(rows: CompletionBar[], names: SeriesNames, labelWidth: number): EChartsCoreOption {
  const stack = (key: keyof SeriesNames) => ({
    name: names[key],
    type: 'bar',
    stack: 'people',
    barMaxWidth: 24,
    itemStyle: { color: colours[key] },
    label: { show: key === 'completed', position: 'insideLeft', color: '#fff', formatter: ({ value }: { value: number }) => (value > 0 ? String(value) : '') },
    data: rows.map((r) => r[key]),
  });
  return {
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0, left: 0, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 12 } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { fontSize: 13, width: labelWidth, overflow: 'break', lineHeight: 15, color: '#262626' },
    },
    series: [stack('completed'), stack('running'), stack('cancelled')],
  };
}

/** The ratings the cycle's rating field allows (1–5 in the annual review) as vertical bars, each with its count on top. */
export function ratingOption(counts: { rating: number; count: number }[], seriesName: string): EChartsCoreOption {
  return {
    grid: { left: 8, right: 8, top: 24, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
    xAxis: { type: 'category', data: counts.map((c) => String(c.rating)), axisLabel: { fontSize: 13, color: '#262626' } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 12 } },
    series: [
      {
        name: seriesName,
        type: 'bar',
        barMaxWidth: 40,
        itemStyle: { color: '#0958d9' },
        label: { show: true, position: 'top', fontSize: 13, color: '#262626' },
        data: counts.map((c) => c.count),
      },
    ],
  };
}

/** Completion in whole percent: 0 for nobody. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((100 * part) / whole);
}
