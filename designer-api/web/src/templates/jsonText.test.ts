import { describe, expect, it } from 'vitest';
import { parseJson } from './jsonText';

describe('the JSON view', () => {
  it('takes a text that parses', () => {
    expect(parseJson('{ "a": 1 }')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('names the line and column where a text stops parsing', () => {
    const parsed = parseJson('{\n  "a": 1,\n  "b": }\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect([parsed.line, parsed.column]).toEqual([3, 8]);
  });

  it('puts a text that ends too soon at its end', () => {
    const parsed = parseJson('{\n  "a": [1, 2');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.line).toBe(2);
  });
});
