import { fieldByPath, isNumeric, kindOf, memberOf, type FieldInfo } from './fields';
import { literalFor } from './conditions';
import { memberName, readLiteral, reach, splitTopLevel, stringLiteral } from './scriban';

/**
 * What a computed field is, as the builder offers it:
 * - sum: chosen number fields added up, an empty one counting 0 (`sum [form.a, form.b]`);
 * - sumItems: a member added up over a group's items, e.g. the weight total (`sum form.kpis "weight"`), missing ones 0;
 * - average / averageItems: the mean of the values given — empty fields and items without the member are left out, not
 *   counted as 0 — rounded to 2 decimals by Scriban's `math.round` (an exact half goes to the even digit: 0.125 → 0.12,
 *   while 2.345 → 2.35); with no value at all the result is null and the field stays absent (rules reading it are then
 *   not checked);
 * - count: the items of a group, or the choices made in a multiple choice;
 * - countWhere: the items of a group whose member equals a value.
 */
export type ComputedSpec =
  | { kind: 'sum'; fields: string[] }
  | { kind: 'sumItems'; group: string; member: string }
  | { kind: 'average'; fields: string[] }
  | { kind: 'averageItems'; group: string; member: string }
  | { kind: 'count'; field: string }
  | { kind: 'countWhere'; group: string; member: string; value: string };

export type ComputedKind = ComputedSpec['kind'];
export const computedKinds: ComputedKind[] = ['sum', 'sumItems', 'average', 'averageItems', 'count', 'countWhere'];

/** Number fields one may add up or average (the computed field itself left out). */
export const numberFields = (fields: FieldInfo[], except?: string) => fields.filter((f) => isNumeric(f) && f.path !== except);
/** Repeating groups (arrays of objects). */
export const groups = (fields: FieldInfo[]) => fields.filter((f) => kindOf(f) === 'group');
/** What `count` counts: groups and multiple choices. */
export const countables = (fields: FieldInfo[]) => fields.filter((f) => f.type === 'array');
/** A group's members that are numbers. */
export const numberMembers = (group: FieldInfo | undefined) => (group?.items ?? []).filter(isNumeric);
/** A group's members one can compare with a value (options, numbers, text, yes/no). */
export const comparableMembers = (group: FieldInfo | undefined) => (group?.items ?? []).filter((m) => !['array', 'object'].includes(m.type));

/** Items of a group whose member equals a value, as the rules write it too (`array.filter` with `$0.member`). */
export function itemsWhere(group: string, member: FieldInfo, value: string, negate = false) {
  const literal = literalFor(member, value);
  if (literal === undefined) return undefined;
  const name = memberName(member.path);
  return `(${reach(group)} ?? []) | array.filter @(do; ret $0.${name} ${negate ? '!=' : '=='} ${literal}; end)`;
}

const average = (values: string) => `xs = ${values} | array.compact; if xs.size > 0; math.round ((sum xs) / xs.size) 2; end`;

/** The Scriban of a computed field, or undefined while the choice is not complete. */
export function computedText(spec: ComputedSpec, fields: FieldInfo[]): string | undefined {
  switch (spec.kind) {
    case 'sum':
    case 'average': {
      if (spec.fields.length === 0 || spec.fields.some((path) => !isNumeric(fieldByPath(fields, path) ?? { type: 'object' }))) return undefined;
      const list = `[${spec.fields.map((path) => reach(path)).join(', ')}]`;
      return spec.kind === 'sum' ? `sum ${list}` : average(list);
    }
    case 'sumItems':
    case 'averageItems': {
      const member = memberOf(fieldByPath(fields, spec.group), spec.member);
      if (!member || !isNumeric(member)) return undefined;
      return spec.kind === 'sumItems'
        ? `sum ${reach(spec.group)} ${stringLiteral(spec.member)}`
        : average(`(${reach(spec.group)} ?? []) | array.map ${stringLiteral(spec.member)}`);
    }
    case 'count':
      return fieldByPath(fields, spec.field)?.type === 'array' ? `(${reach(spec.field)} ?? []) | array.size` : undefined;
    case 'countWhere': {
      const group = fieldByPath(fields, spec.group);
      const member = memberOf(group, spec.member);
      if (!group || !member || kindOf(group) !== 'group') return undefined;
      const items = itemsWhere(spec.group, member, spec.value);
      return items && `${items} | array.size`;
    }
  }
}

/** Every spec the text could have been written from, found by its shape; `recogniseComputed` keeps the one that writes it again. */
function candidates(text: string, fields: FieldInfo[]): ComputedSpec[] {
  const found: ComputedSpec[] = [];
  const list = (inner: string) => splitTopLevel(inner, ', ')?.map((e) => fields.find((f) => reach(f.path) === e)?.path ?? '\u0000') ?? [];
  let m = /^sum \[(.*)\]$/.exec(text);
  if (m) found.push({ kind: 'sum', fields: list(m[1]!) });
  m = /^xs = \[(.*)\] \| array\.compact; /.exec(text);
  if (m) found.push({ kind: 'average', fields: list(m[1]!) });
  for (const group of groups(fields)) {
    const g = reach(group.path);
    for (const member of group.items ?? []) {
      const name = memberName(member.path);
      found.push({ kind: 'sumItems', group: group.path, member: name }, { kind: 'averageItems', group: group.path, member: name });
      const prefix = `(${g} ?? []) | array.filter @(do; ret $0.${name} == `;
      if (text.startsWith(prefix) && text.endsWith('; end) | array.size')) {
        const literal = readLiteral(text.slice(prefix.length, -'; end) | array.size'.length));
        if (literal) found.push({ kind: 'countWhere', group: group.path, member: name, value: literal.value });
      }
    }
  }
  for (const field of countables(fields)) found.push({ kind: 'count', field: field.path });
  return found;
}

/** Reads back what `computedText` wrote — exactly — or undefined (the expression is then edited as Scriban). */
export function recogniseComputed(expression: string, fields: FieldInfo[]): ComputedSpec | undefined {
  const text = expression.trim();
  return candidates(text, fields).find((spec) => computedText(spec, fields) === text);
}
