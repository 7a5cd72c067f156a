import { describe, expect, it } from 'vitest';
import { barChartHeight, completionOption, percent } from './chartOptions';

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

describe('completion in percent', () => {
  it('rounds and is 0 for nobody', () => {
    expect(percent(1, 3)).toBe(33);
    expect(percent(2, 3)).toBe(67);
    expect(percent(0, 0)).toBe(0);
  });
});
