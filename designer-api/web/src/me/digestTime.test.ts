import { describe, expect, it } from 'vitest';
import { localToUtc, utcToLocal } from './digestTime';

describe('the digest time', () => {
  it('is kept in UTC: 09:00 in China is 01:00 UTC', () => {
    expect(localToUtc('09:00', 480)).toBe('01:00');
    expect(utcToLocal('01:00', 480)).toBe('09:00');
  });
  it('wraps around midnight both ways', () => {
    expect(localToUtc('06:30', 480)).toBe('22:30');
    expect(utcToLocal('22:30', 480)).toBe('06:30');
    expect(localToUtc('20:00', -300)).toBe('01:00');
  });
  it('is not a time when it is not HH:mm of one day', () => {
    expect(localToUtc('24:00', 0)).toBeUndefined();
    expect(localToUtc('9:00', 0)).toBeUndefined();
    expect(utcToLocal('', 0)).toBeUndefined();
  });
});
