import { describe, expect, it } from 'vitest';
import { safeReturnTo, signInPath } from './returnTo';

describe('the page opened after signing in', () => {
  it('is the deep link the person came with', () => {
    expect(safeReturnTo('/tasks/0193abc?tab=form')).toBe('/tasks/0193abc?tab=form');
  });

  it('is never another site', () => {
    expect(safeReturnTo('//evil.example/x')).toBe('/');
    expect(safeReturnTo('https://evil.example/')).toBe('/');
    expect(safeReturnTo('/\\evil.example')).toBe('/');
  });

  it('is never the sign-in page itself', () => {
    expect(safeReturnTo('/signin?returnTo=%2Ftasks')).toBe('/');
    expect(safeReturnTo('/signin/callback')).toBe('/');
  });

  it('travels in the sign-in address', () => {
    expect(signInPath('/tasks/42')).toBe('/signin?returnTo=%2Ftasks%2F42');
    expect(signInPath('/')).toBe('/signin');
  });
});
