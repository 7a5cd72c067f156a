import { describe, expect, it } from 'vitest';
import { fileNameOf } from './fileName';

describe('fileNameOf', () => {
  it('reads the UTF-8 name of a Content-Disposition', () => {
    expect(fileNameOf("attachment; filename=history.csv; filename*=UTF-8''%E4%B8%AA%E4%BA%BA%E5%8E%86%E5%8F%B2.csv", 'x.csv')).toBe('个人历史.csv');
  });
  it('reads a plain quoted name', () => {
    expect(fileNameOf('attachment; filename="history.xlsx"', 'x.xlsx')).toBe('history.xlsx');
  });
  it('falls back when there is none', () => {
    expect(fileNameOf(null, 'history.csv')).toBe('history.csv');
  });
});
