import { describe, expect, it } from 'vitest';
import { blankTemplate, newKeyProblem } from './creating';
import { readDesign } from './model';

describe('a new template', () => {
  it('takes a key of lower-case letters, digits and dashes, starting with a letter, not yet taken', () => {
    expect(newKeyProblem('promotion-review', ['self-review'])).toBeUndefined();
    expect(newKeyProblem('', [])).toBe('empty');
    expect(newKeyProblem('Promotion', [])).toBe('invalid');
    expect(newKeyProblem('2026-review', [])).toBe('invalid');
    expect(newKeyProblem('promotion_review', [])).toBe('invalid');
    expect(newKeyProblem('a'.repeat(65), [])).toBe('invalid');
    expect(newKeyProblem('self-review', ['self-review'])).toBe('taken');
  });

  it('starts with no fields and no sections', () => {
    expect(readDesign(blankTemplate('x', { 'zh-CN': '甲', en: 'A' }))).toEqual({ sections: [] });
  });
});
