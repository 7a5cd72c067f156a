import { describe, expect, it } from 'vitest';
import type { Finding } from '../authoring/findings';
import { diagnosticsOf } from './diagnostics';

const finding = (code: string, en: string, line = 40, column = 12): Finding => ({
  code,
  severity: 'error',
  path: '$.rules[0].assert',
  line,
  column,
  message: { 'zh-CN': `中文：${en}`, en },
});

describe('a finding of lint shown in the expression it is about', () => {
  it("is placed at the syntax error's own line and column, not the document's", () => {
    const found = finding('expression.syntax', 'Syntax error in the expression at line 2, column 5: unexpected token');
    expect(diagnosticsOf([found], 'form.a\n&& )', 'en')).toEqual([
      { line: 2, column: 5, severity: 'error', message: 'Syntax error in the expression at line 2, column 5: unexpected token' },
    ]);
  });

  it('is placed at the unknown name it quotes', () => {
    const found = finding('expression.unknown-field', 'The expression uses "form.ratng", which is not a field of the schema');
    expect(diagnosticsOf([found], 'form.x == 1 &&\n  form.ratng <= 2', 'zh-CN')[0]).toMatchObject({ line: 2, column: 3, message: expect.stringMatching(/^中文/) });
  });

  it('is placed at the start when it names no place', () => {
    expect(diagnosticsOf([finding('rule.unknown-field', 'The rule\'s field "x" is not a field')], 'form.a', 'en')[0]).toMatchObject({ line: 1, column: 1 });
  });
});
