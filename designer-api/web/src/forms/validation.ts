import { format, Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import { escapeSegment, formFlowFormats, unportableValues } from './formats';
import { pointerMembers } from '../api/problems';

// @cfworker/json-schema looks formats up in the one table it exports; FormFlow's four replace its own, which accept
// a date-time without an offset or with a space for "T" and differ on email and uri. The table is the library's only
// way to take formats, and the same four stand there however often this module is loaded.
Object.assign(format, formFlowFormats);

/**
 * One problem the browser finds in a form's data, in the server's terms (docs/schema-profile.md): the JSON Pointer of
 * the value — a missing member at its own pointer, an extra member or item at its own — the server's code, and the
 * value of the schema keyword that failed (the limit, the format's name, the allowed values).
 */
export interface FormProblem {
  pointer: string;
  code: string;
  limit?: unknown;
}

// Keywords whose failure is only that a part failed: the part's own problems say what.
const applicators = new Set(['$ref', 'properties', 'items', 'additionalProperties', 'additionalItems', 'allOf', 'if']);

/** @cfworker/json-schema's instance location (`#/goal_results/0/%E7%9B%AE%E6%A0%87`) as a JSON Pointer. */
function pointerOf(location: string): string {
  return decodeURIComponent(location.replace(/^#/, ''));
}

function parentOf(pointer: string): string {
  return pointer.slice(0, pointer.lastIndexOf('/'));
}

function member(node: unknown, name: string): unknown {
  return node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined;
}

function at(root: unknown, pointer: string): unknown {
  return pointerMembers(pointer).reduce(member, root);
}

/**
 * The value of the keyword at a keyword location (`#/properties/goal/$ref/maxLength`): the path through the schema,
 * following each `$ref` (a local pointer, `#/definitions/goal`, or the same behind the form's root id) to its target.
 */
function keywordValue(schema: unknown, location: string): unknown {
  let node = schema;
  for (const segment of pointerMembers(pointerOf(location))) {
    const reference = member(node, '$ref');
    node =
      segment === '$ref' && typeof reference === 'string'
        ? at(schema, decodeURIComponent(reference.slice(reference.indexOf('#') + 1)))
        : member(node, segment);
  }
  return node;
}

/** Whether a number is a multiple in the server's sense: the quotient lies within 10⁻⁸ of a whole number. */
function isMultiple(value: unknown, divisor: unknown): boolean {
  if (typeof value !== 'number' || typeof divisor !== 'number') return false;
  const quotient = value / divisor;
  return !(Math.abs(Math.round(quotient) - quotient) > 1e-8);
}

/**
 * A copy of a schema for the library in which every `multipleOf` outside an `if` fails (a divisor of -1 divides
 * nothing): the library's exact decimal rule then reports each number the keyword applies to, and {@link problemsOf}
 * decides by FormFlow's rule with the divisor of the original schema. Inside an `if` the library's rule picks the
 * branch (the two differ only for quotients beyond 10⁸).
 */
function everyMultipleChecked(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'multipleOf' && typeof value === 'number') {
      copy[key] = -1;
    } else if (key === 'properties' || key === 'definitions') {
      copy[key] = value !== null && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([n, v]) => [n, everyMultipleChecked(v)])) : value;
    } else if (key === 'items' || key === 'allOf') {
      copy[key] = Array.isArray(value) ? value.map(everyMultipleChecked) : everyMultipleChecked(value);
    } else if (key === 'additionalItems' || key === 'additionalProperties' || key === 'then' || key === 'else') {
      copy[key] = everyMultipleChecked(value);
    } else {
      copy[key] = value;
    }
  }
  return copy;
}

/** The problems of the leaves of @cfworker/json-schema's output, in the server's terms. */
function problemsOf(errors: readonly OutputUnit[], schema: unknown, data: unknown): FormProblem[] {
  const found: FormProblem[] = [];
  errors.forEach((error, i) => {
    const pointer = pointerOf(error.instanceLocation);
    if (applicators.has(error.keyword)) return;
    switch (error.keyword) {
      case 'required': {
        // The library names the missing member only in its message: `Instance does not have required property "x".`
        const name = /property "(.*)"\.$/s.exec(error.error)?.[1] ?? '';
        found.push({ pointer: `${pointer}/${escapeSegment(name)}`, code: 'required' });
        return;
      }
      case 'false': {
        // A member or item that `additionalProperties: false` / `additionalItems: false` forbids comes right after
        // the error of that keyword on its parent.
        const parent = errors[i - 1];
        const forbidden =
          parent !== undefined &&
          (parent.keyword === 'additionalProperties' || parent.keyword === 'additionalItems') &&
          pointerOf(parent.instanceLocation) === parentOf(pointer);
        found.push({ pointer, code: forbidden ? parent.keyword : 'false' });
        return;
      }
      case 'multipleOf': {
        // The library divides exactly in decimal; FormFlow's rule allows 10⁻⁸ (docs/schema-profile.md, "Numbers"):
        // every number a multipleOf applies to comes here (everyMultipleChecked), and this rule decides.
        const divisor = keywordValue(schema, error.keywordLocation);
        if (!isMultiple(at(data, pointer), divisor)) found.push({ pointer, code: 'multipleOf', limit: divisor });
        return;
      }
      default:
        found.push({ pointer, code: error.keyword, limit: keywordValue(schema, error.keywordLocation) });
    }
  });
  const seen = new Set<string>();
  return found.filter((p) => {
    const key = `${p.pointer}\u0000${p.code}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Data as it is sent: JSON, without the members a cleared field leaves undefined (which the library cannot read). */
export function asSent(data: unknown): unknown {
  return JSON.parse(JSON.stringify(data ?? null) ?? 'null');
}

/** A validator of whole forms against one schema (a template's or a task's reduced schema, draft-07). */
export function formChecker(schema: object | boolean): (data: unknown) => FormProblem[] {
  // The library marks the schema it reads (resolved references): it gets its own copy.
  const validator = new Validator(everyMultipleChecked(structuredClone(schema)) as Schema, '7', false);
  return (data) => {
    // What the server refuses before it validates, the browser refuses too (and validates nothing else then).
    const unportable = unportableValues(data);
    if (unportable.length > 0) return unportable.map(({ pointer, code }) => ({ pointer, code }));
    const sent = asSent(data);
    return problemsOf(validator.validate(sent).errors, schema, sent);
  };
}
