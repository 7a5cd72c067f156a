import { describe, expect, it } from 'vitest';
import { messageCount, shownErrors } from './feedback';

describe('the errors a form shows', () => {
  it("show the browser's message where both name a field, never both", () => {
    const browser = { weight: { __errors: ['Enter 100 or less.'] } };
    const server = { weight: { __errors: ['"Weight" must be at most 100'] } };
    expect(shownErrors(browser, server)).toEqual({ weight: { __errors: ['Enter 100 or less.'] } });
  });

  it("keep the server's problems at the fields the browser finds nothing wrong with (its rules)", () => {
    const browser = { goals: { 0: { result: { __errors: ['Fill in this field.'] } } } };
    const server = { goals: { 1: { result: { __errors: ['rule'] } } }, plan: { __errors: ['Explain the plan'] }, __errors: ['whole form'] };
    expect(shownErrors(browser, server)).toEqual({
      goals: { 0: { result: { __errors: ['Fill in this field.'] } }, 1: { result: { __errors: ['rule'] } } },
      plan: { __errors: ['Explain the plan'] },
      __errors: ['whole form'],
    });
  });

  it('are counted by message', () => {
    expect(messageCount({ a: { __errors: ['x', 'y'] }, b: { 0: { c: { __errors: ['z'] } } }, __errors: ['w'] })).toBe(4);
    expect(messageCount({})).toBe(0);
  });
});
