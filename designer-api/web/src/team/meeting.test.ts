import { describe, expect, it } from 'vitest';
import { toLocalInput, withOffset } from './meeting';

describe('a meeting time typed on the page', () => {
  it('keeps the local time with the offset of the browser zone, which names the same instant', () => {
    const sent = withOffset('2027-01-12T14:00')!;
    expect(sent.startsWith('2027-01-12T14:00:00')).toBe(true);
    expect(new Date(sent).getTime()).toBe(new Date(2027, 0, 12, 14, 0).getTime());
  });

  it('is no time when the text is not one', () => {
    expect(withOffset('')).toBeNull();
    expect(withOffset('next Tuesday')).toBeNull();
    expect(withOffset('2027-02-30T10:00')).toBeNull();
  });

  it('shows an instant back as the input reads it', () => {
    expect(toLocalInput(withOffset('2027-01-12T14:05')!)).toBe('2027-01-12T14:05');
  });
});
