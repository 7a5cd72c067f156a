import { Validator, type Schema } from '@cfworker/json-schema';
import type { ErrorSchema, RJSFSchema, RJSFValidationError, ValidationData, ValidatorType } from '@rjsf/utils';
import { pointerMembers, type ErrorTree } from '../api/problems';
import { asSent, formChecker, type FormProblem } from './validation';

const rootId = 'urn:formflow:form';

// A schema whose local references ("#/definitions/goal") point into the form's root schema instead.
function withRootReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withRootReferences);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    copy[key] = key === '$ref' && typeof value === 'string' && value.startsWith('#') ? rootId + value : withRootReferences(value);
  }
  return copy;
}

/** A message in the page's language: i18next's `t` (keys under `validation.`). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

const englishFallback: Translate = (key) => key;

/** The message of one problem, in the person's language: what failed and what to do (`validation.*` keys). */
export function messageOf(problem: FormProblem, t: Translate, value?: unknown): string {
  const { code, limit } = problem;
  switch (code) {
    case 'minLength':
    case 'minItems':
    case 'maxItems':
      return t(`validation.${code}`, { count: Number(limit) });
    case 'maxLength':
      return t('validation.maxLength', { count: Number(limit), length: typeof value === 'string' ? [...value].length : 0 });
    case 'type': {
      const expected = Array.isArray(limit) ? limit : [limit];
      const kind = expected.includes('integer') ? 'integer' : expected.includes('number') ? 'number' : expected.includes('string') ? 'string' : 'other';
      return t(`validation.type.${kind}`);
    }
    case 'format':
      return t(['date', 'date-time', 'email', 'uri'].includes(String(limit)) ? `validation.format.${String(limit)}` : 'validation.format.other');
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return t(`validation.${code}`, { limit: String(limit) });
    case 'const':
      return t('validation.const', { value: typeof limit === 'string' ? limit : JSON.stringify(limit) });
    case 'required':
    case 'pattern':
    case 'enum':
    case 'uniqueItems':
    case 'additionalProperties':
    case 'additionalItems':
    case 'json.unpaired-surrogate':
    case 'json.number-out-of-range':
    case 'false':
      return t(`validation.${code}`);
    default:
      return t('validation.other');
  }
}

/**
 * The validator react-jsonschema-form renders with, and the one that checks a form's data in the browser. It runs
 * @cfworker/json-schema, which evaluates no generated code, so the pages keep a Content-Security-Policy without
 * `'unsafe-eval'` (Ajv compiles schemas to code).
 *
 * - {@link isValid} answers rjsf's questions while it renders (the branch of an `if`/`then`/`else`).
 * - {@link validateFormData} checks the whole form for instant feedback, with FormFlow's formats and the server's
 *   checks before validating (./validation.ts, ./formats.ts), messages in the page's language at their fields.
 * - {@link problems} is the same check in the server's terms (pointer, code): the differential test
 *   (tests/FormFlow.Engine.Tests/Browser/, through scripts/verdicts.mjs) holds it to the server's verdicts.
 *
 * The server stays the judge: it checks again on save and submit, and adds what the browser cannot know (rules over
 * several fields, computed fields).
 */
export class FormValidator implements ValidatorType<unknown, RJSFSchema> {
  private readonly compiled = new Map<string, Validator>();
  private checkers = new WeakMap<object, (data: unknown) => FormProblem[]>();
  private readonly translate: Translate;

  constructor(translate: Translate = englishFallback) {
    this.translate = translate;
  }

  /** The problems of a form's data against its schema, in the server's terms. */
  problems(schema: RJSFSchema, formData: unknown): FormProblem[] {
    let check = this.checkers.get(schema);
    if (!check) {
      check = formChecker(schema);
      this.checkers.set(schema, check);
    }
    return check(formData);
  }

  validateFormData(formData: unknown, schema: RJSFSchema): ValidationData<unknown> {
    const errors: RJSFValidationError[] = [];
    const errorSchema: ErrorTree = {};
    for (const problem of this.problems(schema, formData)) {
      const members = pointerMembers(problem.pointer);
      const value = members.reduce<unknown>((node, m) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[m] : undefined), formData);
      const message = messageOf(problem, this.translate, value);
      const property = members.length > 0 ? `.${members.join('.')}` : '';
      errors.push({ name: problem.code, property, message, params: { limit: problem.limit }, stack: `${property} ${message}`.trim() });
      let node = errorSchema;
      for (const m of members) node = (node[m] ??= {}) as ErrorTree;
      node.__errors = [...(node.__errors ?? []), message];
    }
    return { errors, errorSchema: errorSchema as ErrorSchema<unknown> };
  }

  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return this.validatorFor(schema, rootSchema).validate(asSent(formData)).valid;
  }

  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
    try {
      const result = this.validatorFor(schema, schema).validate(asSent(formData));
      return { errors: result.errors as Result[] };
    } catch (error) {
      return { validationError: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  reset() {
    this.compiled.clear();
    this.checkers = new WeakMap();
  }

  private validatorFor(schema: RJSFSchema, rootSchema: RJSFSchema): Validator {
    const key = JSON.stringify([schema, rootSchema === schema ? null : rootSchema]);
    let validator = this.compiled.get(key);
    if (!validator) {
      validator = new Validator(withRootReferences(schema) as Schema, '7', true);
      validator.addSchema(withRootReferences(rootSchema) as Schema, rootId);
      this.compiled.set(key, validator);
    }
    return validator;
  }
}
