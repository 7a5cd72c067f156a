import { describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import { FormValidator } from './validator';

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
  });

  it('leaves the checking of submissions to the server', () => {
    expect(new FormValidator().validateFormData()).toEqual({ errors: [], errorSchema: {} });
  });
});
