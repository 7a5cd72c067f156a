import { describe, expect, it } from 'vitest';
import { barChartHeight, barsShown, completionOption, mostBars, percent } from './chartOptions';

describe('the completion chart', () => {
  it('stacks completed, running and cancelled per row, in the rows order', () => {
    const option = completionOption(
      [
        { name: '研发中心', completed: 2, running: 9, cancelled: 0 },
        { name: '平台研发部', completed: 0, running: 8, cancelled: 1 },
      ],
      { completed: '已完成', running: '进行中', cancelled: '已取消' },
      96,
    ) as { yAxis: { data: string[]; axisLabel: { width: number } }; series: { name: string; stack: string; data: number[] }[] };
    expect(option.yAxis.data).toEqual(['研发中心', '平台研发部']);
    expect(option.yAxis.axisLabel.width).toBe(96);
    expect(option.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ['已完成', 'people', [2, 0]],
      ['进行中', 'people', [9, 8]],
      ['已取消', 'people', [0, 1]],
    ]);
  });

  it('grows with its rows and keeps room for one when empty', () => {
    expect(barChartHeight(0)).toBe(barChartHeight(1));
    expect(barChartHeight(10)).toBeGreaterThan(barChartHeight(2));
  });
});

describe('the rows a completion chart shows', () => {
  const row = (name: string, completed: number, running: number, cancelled = 0) => ({ name, completed, running, cancelled });

  it('are all of them in their order when they fit', () => {
    const rows = [row('b', 5, 0), row('a', 0, 5)];
    expect(barsShown(rows, 2)).toEqual(rows);
  });

  it('are the least complete when there are more, those with more people still running first among equals', () => {
    const rows = [row('done', 4, 0), row('half', 2, 2), row('none of two', 0, 2), row('none of six', 0, 6), row('only cancelled', 0, 0, 3), row('most', 3, 1)];
    expect(barsShown(rows, 4).map((r) => r.name)).toEqual(['none of six', 'none of two', 'half', 'most']);
  });

  it('are at most twenty of a whole organisation of managers', () => {
    const managers = Array.from({ length: 11_111 }, (_, i) => row(`m${i}`, i % 10, 10 - (i % 10)));
    const shown = barsShown(managers);
    expect(shown).toHaveLength(mostBars);
    expect(mostBars).toBe(20);
    expect(shown.every((r) => r.completed === 0)).toBe(true);
    expect(barChartHeight(shown.length)).toBeLessThan(1000);
  });
});

describe('completion in percent', () => {
  it('rounds and is 0 for nobody', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(2, 3)).toBe(67);
    expect(percent(0, 0)).toBe(0);
  });
});
