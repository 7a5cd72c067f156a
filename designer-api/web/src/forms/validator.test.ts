import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { RJSFSchema } from '@rjsf/utils';
import zhCN from '../i18n/zh-CN.json';
import en from '../i18n/en.json';
import { FormValidator, messageOf, type Translate } from './validator';

const root: RJSFSchema = {
  type: 'object',
  properties: { action: { $ref: '#/definitions/action' } },
  definitions: {
    action: {
      type: 'object',
      properties: { type: { type: 'string', enum: ['training', 'mentoring'] } },
      required: ['type'],
    },
  },
};

// A form like the shipped templates': limits, a format, a list, a choice whose answer makes another field required.
const review: RJSFSchema = {
  type: 'object',
  required: ['summary', 'rating'],
  additionalProperties: false,
  properties: {
    summary: { type: 'string', minLength: 10, maxLength: 20 },
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    meeting_at: { type: 'string', format: 'date-time' },
    goals: { type: 'array', minItems: 1, maxItems: 2, uniqueItems: true, items: { $ref: '#/definitions/goal' } },
    outcome: { type: 'string', enum: ['meets', 'improve'] },
    plan: { type: 'string' },
    weight: { type: 'number', multipleOf: 0.01 },
  },
  definitions: { goal: { type: 'string', pattern: '^\\d{4}-Q[1-4]$' } },
  if: { properties: { outcome: { const: 'improve' } }, required: ['outcome'] },
  then: { required: ['plan'] },
};

async function translator(language: 'zh-CN' | 'en'): Promise<Translate> {
  const instance = i18next.createInstance();
  await instance.init({ resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } }, lng: language, interpolation: { escapeValue: false } });
  return (key, options) => instance.t(key, options ?? {});
}

describe('the validator the form renders with', () => {
  it('checks data against a part of the schema, following references into the root schema', () => {
    const validator = new FormValidator();
    const part: RJSFSchema = { $ref: '#/definitions/action' };
    expect(validator.isValid(part, { type: 'mentoring' }, root)).toBe(true);
    expect(validator.isValid(part, { type: 'singing' }, root)).toBe(false);
    expect(validator.isValid(part, {}, root)).toBe(false);
  });

  it('picks the branch of a condition', () => {
    const validator = new FormValidator();
    const condition: RJSFSchema = { properties: { type: { const: 'mentoring' } }, required: ['type'] };
    expect(validator.isValid(condition, { type: 'mentoring' }, root)).toBe(true);
    expect(validator.isValid(condition, { type: 'training' }, root)).toBe(false);
    // A field the person cleared is left undefined by the form: it is missing, as in what is sent.
    expect(validator.isValid(condition, { type: undefined }, root)).toBe(false);
  });
});

describe("the browser's verdict on a form", () => {
  const problems = (data: unknown) => new FormValidator().problems(review, data).map((p) => `${p.code} ${p.pointer}`).sort();

  it('accepts a complete answer', () => {
    expect(problems({ summary: 'A good year.', rating: 4, meeting_at: '2026-12-02T09:30:00+08:00', goals: ['2026-Q1'], weight: 0.3 })).toEqual([]);
  });

  it("names each problem at its value in the server's terms, a missing answer at its own field", () => {
    expect(problems({ summary: 'short', rating: 4.5, meeting_at: '2026-12-02 09:30:00', goals: ['２０２６-Q1', '２０２６-Q1', 'x'], extra: 1 })).toEqual([
      'additionalProperties /extra',
      'format /meeting_at',
      'maxItems /goals',
      'minLength /summary',
      'pattern /goals/0',
      'pattern /goals/1',
      'pattern /goals/2',
      'type /rating',
      'uniqueItems /goals',
    ]);
  });

  it('applies the branch of a condition the answers choose', () => {
    expect(problems({ summary: 'A good year.', rating: 2, outcome: 'improve' })).toEqual(['required /plan']);
    expect(problems({ summary: 'A good year.', rating: 2, outcome: 'meets' })).toEqual([]);
  });

  it("counts multiples by the server's rule: the decimals JSON carries, exactly", () => {
    expect(problems({ summary: 'A good year.', rating: 2, weight: 0.305 })).toEqual(['multipleOf /weight']);
    expect(problems({ summary: 'A good year.', rating: 2, weight: 0.30000000001 })).toEqual(['multipleOf /weight']);
    // 5221890.72 ÷ 0.01 is 522189071.99999994 in double arithmetic; in decimals it is 522189072.
    expect(problems({ summary: 'A good year.', rating: 2, weight: 5221890.72 })).toEqual([]);
    expect(problems({ summary: 'A good year.', rating: 2, weight: -338907623.52 })).toEqual([]);
  });

  it('picks the branch of a condition on a multiple by the same rule', () => {
    const amount: RJSFSchema = {
      type: 'object',
      properties: { amount: { type: 'number' }, note: { type: 'string' } },
      if: { properties: { amount: { multipleOf: 0.01 } } },
      then: {},
      else: { required: ['note'] },
    };
    const inBranch = (data: object) => new FormValidator().problems(amount, data).map((p) => `${p.code} ${p.pointer}`);
    expect(inBranch({ amount: 5221890.72 })).toEqual([]);
    expect(inBranch({ amount: 0.305 })).toEqual(['required /note']);
  });

  it('refuses what the server refuses before validating: half an emoji, a number beyond a double', () => {
    expect(problems({ summary: '好的👍'.slice(0, 3), rating: Infinity })).toEqual(['json.number-out-of-range /rating', 'json.unpaired-surrogate /summary']);
  });

  it('ignores the members a cleared field leaves undefined, as JSON does when the form is sent', () => {
    expect(problems({ summary: 'A good year.', rating: 3, plan: undefined })).toEqual([]);
    expect(problems({ summary: undefined, rating: 3 })).toEqual(['required /summary']);
  });
});

describe('the messages at the fields', () => {
  it.each([
    ['zh-CN', '请填写此项。', '最多 20 个字，现在 21 个。', '请填写日期和时间，如 2026-12-31T09:00:00+08:00。', '请填写整数。', '不能大于 5。'],
    ['en', 'Fill in this field.', 'Use at most 20 characters (now 21).', 'Enter a date and time such as 2026-12-31T09:00:00+08:00.', 'Enter a whole number.', 'Enter 5 or less.'],
  ] as const)('are in the page language (%s), one per problem at its field', async (language, required, tooLong, dateTime, integer, maximum) => {
    const validator = new FormValidator(await translator(language));
    const { errorSchema, errors } = validator.validateFormData({ summary: 'x'.repeat(21), rating: 6.5, meeting_at: 'soon' }, review);
    expect(errors).toHaveLength(4);
    expect(errorSchema).toEqual({
      summary: { __errors: [tooLong] },
      rating: { __errors: [integer, maximum] },
      meeting_at: { __errors: [dateTime] },
    });
    expect(validator.validateFormData({ summary: 'A good year.' }, review).errorSchema).toEqual({ rating: { __errors: [required] } });
  });

  it.each(['zh-CN', 'en'] as const)('exist in %s for every code the server and the browser share', async (language) => {
    const t = await translator(language);
    const codes: [string, unknown][] = [
      ['required', undefined], ['type', 'string'], ['type', 'number'], ['type', 'integer'], ['type', 'boolean'], ['enum', ['a']],
      ['const', 'yes'], ['minimum', 1], ['maximum', 1], ['exclusiveMinimum', 0], ['exclusiveMaximum', 100], ['multipleOf', 0.5],
      ['minLength', 1], ['minLength', 2], ['maxLength', 1], ['pattern', '^a$'], ['format', 'date'], ['format', 'date-time'],
      ['format', 'email'], ['format', 'uri'], ['minItems', 1], ['minItems', 3], ['maxItems', 2], ['uniqueItems', true],
      ['additionalProperties', false], ['additionalItems', false], ['false', false], ['json.unpaired-surrogate', undefined],
      ['json.number-out-of-range', undefined],
    ];
    for (const [code, limit] of codes) {
      const message = messageOf({ pointer: '/x', code, limit }, t, 'ab');
      expect(message, `${code} ${String(limit)}`).not.toMatch(/^validation\./);
      expect(message, `${code} ${String(limit)}`).not.toMatch(/{{|undefined|NaN/);
    }
  });

  it('say in English how many items or characters, singular or plural', async () => {
    const t = await translator('en');
    expect(messageOf({ pointer: '/x', code: 'minItems', limit: 1 }, t)).toBe('Add at least 1 item.');
    expect(messageOf({ pointer: '/x', code: 'minItems', limit: 3 }, t)).toBe('Add at least 3 items.');
    expect(messageOf({ pointer: '/x', code: 'minLength', limit: 10 }, t)).toBe('Enter at least 10 characters.');
  });
});
