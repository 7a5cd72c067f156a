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

/** |n| as digits × 10^exponent, read from its shortest round-trip text (`String(n)`: 5221890.72, 1e-7, 1e+21). */
function shortestDecimal(n: number): [bigint, number] {
  const [coefficient = '0', exponent = '0'] = String(Math.abs(n)).split('e');
  const point = coefficient.indexOf('.');
  const decimals = point < 0 ? 0 : coefficient.length - point - 1;
  return [BigInt(coefficient.replace('.', '')), Number(exponent) - decimals];
}

/**
 * Whether a number is a multiple in the server's sense (docs/schema-profile.md, "Numbers"): exactly, in the decimals
 * JSON carries. The value and the divisor are written as `String(n)` gives them (the shortest text that reads back
 * as the same double, as .NET's "R" on the server), scaled by 10^k for the larger count of decimals, and divided as
 * BigInts: 5221890.72 is a multiple of 0.01 and 0.3 of 0.1 (though their double quotients are 522189071.99999994 and
 * 2.9999999999999996), 0.35 is none of 0.1. Only finite numbers count, and only a divisor above 0 divides.
 */
export function isMultiple(value: unknown, divisor: unknown): boolean {
  if (typeof value !== 'number' || typeof divisor !== 'number') return false;
  if (!Number.isFinite(value) || !Number.isFinite(divisor) || divisor <= 0) return false;
  const [valueDigits, valueExponent] = shortestDecimal(value);
  const [divisorDigits, divisorExponent] = shortestDecimal(divisor);
  const shift = valueExponent - divisorExponent;
  return shift >= 0
    ? (valueDigits * 10n ** BigInt(shift)) % divisorDigits === 0n
    : valueDigits % (divisorDigits * 10n ** BigInt(-shift)) === 0n;
}

/**
 * A copy of a schema for the library in which every `multipleOf` outside an `if` fails (a divisor of -1 divides
 * nothing): the library then reports each number the keyword applies to, and {@link problemsOf} decides by
 * {@link isMultiple} with the divisor of the original schema, so FormFlow's rule is the one under its own tests
 * whatever the library does. Inside an `if` the library's rule picks the branch: @cfworker/json-schema's (4.1.6) is
 * the same exact decimal rule, and a test of the validator holds it to that.
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
        // Every number a multipleOf outside an `if` applies to comes here (everyMultipleChecked); FormFlow's rule decides.
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
