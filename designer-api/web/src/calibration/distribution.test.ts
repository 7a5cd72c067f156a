import { describe, expect, it } from 'vitest';
import { deviation, ratingsText } from './distribution';

describe('a band against its guideline', () => {
  it('is out of line more than five points away', () => {
    expect(deviation(50, 20)).toEqual({ points: 30, off: true });
    expect(deviation(72, 70)).toEqual({ points: 2, off: false });
    expect(deviation(4, 10)).toEqual({ points: -6, off: true });
  });

  it('names its ratings as runs', () => {
    expect(ratingsText([5, 4])).toBe('4–5');
    expect(ratingsText([3])).toBe('3');
    expect(ratingsText([1, 2, 4])).toBe('1–2, 4');
  });
});
