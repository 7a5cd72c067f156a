import { describe, expect, it } from 'vitest';
import { isMultiple } from './validation';

describe('isMultiple', () => {
  it('takes amounts in cents as multiples of a hundredth, whatever the double quotient', () => {
    // 5221890.72 / 0.01 is 522189071.99999994 in double arithmetic.
    expect(isMultiple(5221890.72, 0.01)).toBe(true);
    expect(isMultiple(338907623.52, 0.01)).toBe(true);
    expect(isMultiple(123456789012.34, 0.01)).toBe(true);
    expect(isMultiple(19.99, 0.01)).toBe(true);
  });

  it('compares the decimals JSON carries, with no tolerance', () => {
    expect(isMultiple(0.3, 0.1)).toBe(true);
    expect(isMultiple(0.35, 0.1)).toBe(false);
    expect(isMultiple(0.0075, 0.0001)).toBe(true);
    expect(isMultiple(0.00751, 0.0001)).toBe(false);
    expect(isMultiple(0.30000000001, 0.01)).toBe(false);
    // 0.1 + 0.2 is 0.30000000000000004: the digits JSON carries are not those of 0.3.
    expect(isMultiple(0.1 + 0.2, 0.1)).toBe(false);
  });

  it('holds for negative numbers as for their magnitude', () => {
    expect(isMultiple(-5221890.72, 0.01)).toBe(true);
    expect(isMultiple(-0.3, 0.1)).toBe(true);
    expect(isMultiple(-0.35, 0.1)).toBe(false);
    expect(isMultiple(-6, 3)).toBe(true);
    expect(isMultiple(-7, 3)).toBe(false);
  });

  it('is divisibility for whole numbers', () => {
    expect(isMultiple(0, 3)).toBe(true);
    expect(isMultiple(12, 3)).toBe(true);
    expect(isMultiple(13, 3)).toBe(false);
    expect(isMultiple(7.5, 3)).toBe(false);
    expect(isMultiple(7.5, 0.5)).toBe(true);
    expect(isMultiple(10, 2.5)).toBe(true);
  });

  it('reads exponent forms (1e-7, 1e+21) as their decimals', () => {
    expect(isMultiple(3e-7, 1e-7)).toBe(true);
    expect(isMultiple(0.0000035, 1e-7)).toBe(true);
    expect(isMultiple(0.3, 1e-7)).toBe(true);
    expect(isMultiple(1.5e-7, 1e-7)).toBe(false);
    expect(isMultiple(5221890.72, 1e-7)).toBe(true);
    expect(isMultiple(1e-9, 1e-7)).toBe(false);
    expect(isMultiple(1e21, 1e-7)).toBe(true);
  });

  it('is exact for huge values', () => {
    expect(isMultiple(1e308, 0.5)).toBe(true);
    expect(isMultiple(1e308, 0.123456789)).toBe(false);
    expect(isMultiple(1.7976931348623157e308, 3)).toBe(false);
    expect(isMultiple(123456789012345680000, 0.01)).toBe(true);
    expect(isMultiple(9007199254740992, 2)).toBe(true);
  });

  it('takes nothing but finite numbers and a divisor above 0', () => {
    expect(isMultiple('4', 2)).toBe(false);
    expect(isMultiple(4, '2')).toBe(false);
    expect(isMultiple(Infinity, 2)).toBe(false);
    expect(isMultiple(4, 0)).toBe(false);
    expect(isMultiple(4, -2)).toBe(false);
  });
});
