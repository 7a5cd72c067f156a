import { describe, expect, it } from 'vitest';
import { overdueRows, parseCsv, ratingCounts } from './csv';

describe('a report table as CSV', () => {
  it('is read with quoted commas, doubled quotes, CRLF and a byte order mark', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
    ]);
  });

  it('keeps a line break inside quotes and a last row without one', () => {
    expect(parseCsv('a\n"two\nlines"\nlast')).toEqual([['a'], ['two\nlines'], ['last']]);
  });

  it('gives the overdue tasks by column, the header left out', () => {
    const csv = '处理人,员工,流程,环节,截止时间,逾期天数\r\n郑浩,蒋涛,年度绩效评估,自评,2026-12-01 18:00,2\r\n';
    expect(overdueRows(csv)).toEqual([{ assignee: '郑浩', subject: '蒋涛', process: '年度绩效评估', step: '自评', due: '2026-12-01 18:00', days: 2 }]);
  });

  it('gives the ratings as numbers', () => {
    expect(ratingCounts('Overall rating,Records,Share %\n1,0,0\n4,3,75\n')).toEqual([
      { rating: 1, count: 0 },
      { rating: 4, count: 3 },
    ]);
  });
});
