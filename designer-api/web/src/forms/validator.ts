import { Validator, type Schema } from '@cfworker/json-schema';
import type { RJSFSchema, ValidationData, ValidatorType } from '@rjsf/utils';

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

/**
 * The validator react-jsonschema-form asks while it renders: whether data matches a part of the schema (to pick the
 * branch of an `if`/`then`/`else`, a `oneOf` option, a dependency). It runs @cfworker/json-schema, which evaluates no
 * generated code, so the pages keep a Content-Security-Policy without `'unsafe-eval'` (Ajv compiles schemas to code).
 *
 * The form's data is checked by the server on save and submit, in the person's language; its problems are shown at
 * their fields (`extraErrors`). So {@link validateFormData} reports nothing of its own: there is one validator of
 * submissions, the server's.
 */
export class FormValidator implements ValidatorType<unknown, RJSFSchema> {
  private readonly compiled = new Map<string, Validator>();

  validateFormData(): ValidationData<unknown> {
    return { errors: [], errorSchema: {} };
  }

  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return this.validatorFor(schema, rootSchema).validate(formData ?? null).valid;
  }

  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown): { errors?: Result[]; validationError?: Error } {
    try {
      const result = this.validatorFor(schema, schema).validate(formData ?? null);
      return { errors: result.errors as Result[] };
    } catch (error) {
      return { validationError: error instanceof Error ? error : new Error(String(error)) };
    }
  }

  reset() {
    this.compiled.clear();
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
