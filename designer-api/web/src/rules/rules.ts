import { type Condition, emptinessText, literalFor, noCondition, operandText, recogniseCondition, rowText, conditionText } from './conditions';
import { itemsWhere } from './computed';
import { fieldByPath, isNumeric, kindOf, memberOf, operandsOf, type FieldInfo, type Operand, type Text } from './fields';
import { both, quoted, valueWords } from './phrases';
import { isNumberText, memberName, reach, readLiteral, stringLiteral } from './scriban';

/** A cross-field rule as a template holds it (docs/templates.md, "rules"). */
export interface Rule {
  key: string;
  when?: string;
  assert: string;
  field?: string;
  message: Text;
}

/**
 * What a rule asserts, as the builder offers it:
 * - required: the field is filled in (a text not only blanks, a list with an item, anything else present);
 * - equals: the field equals a value (`value`) or another field (`other`);
 * - between: min ≤ field ≤ max (either bound may be left out); an empty field passes — "required" says it must be there;
 * - itemCount: at most / at least `count` items of a group, all of them or those whose `member` is (or, `negate`, is
 *   not) `value`;
 * - total: a member of a group's items adds up to `total` (weights total 100).
 */
export type RuleSpec =
  | { kind: 'required'; field: string }
  | { kind: 'equals'; field: string; value?: string; other?: string }
  | { kind: 'between'; field: string; min?: string; max?: string }
  | { kind: 'itemCount'; group: string; bound: 'atMost' | 'atLeast'; count: string; member?: string; negate?: boolean; value?: string }
  | { kind: 'total'; group: string; member: string; total: string };

export type RuleKind = RuleSpec['kind'];
export const ruleKinds: RuleKind[] = ['required', 'equals', 'between', 'itemCount', 'total'];

const operand = (fields: FieldInfo[], path: string | undefined): Operand | undefined => {
  const field = fieldByPath(fields, path);
  return field && operandsOf([field])[0];
};

/** The fields a rule can be about: any field reached directly (not a member of a group's items). */
export const ruleFields = (fields: FieldInfo[]) => fields.filter((f) => !f.path.includes('[]'));

/** The Scriban of what a rule asserts, or undefined while the choice is not complete. */
export function assertText(spec: RuleSpec, fields: FieldInfo[]): string | undefined {
  switch (spec.kind) {
    case 'required': {
      const x = operand(fields, spec.field);
      return x && emptinessText(x, false);
    }
    case 'equals': {
      const x = operand(fields, spec.field);
      if (!x) return undefined;
      if (spec.other !== undefined) {
        const y = operand(fields, spec.other);
        return y && spec.other !== spec.field ? `${operandText(x)} == ${operandText(y)}` : undefined;
      }
      return rowText(x, { operand: x.expression, operator: 'eq', values: spec.value === undefined ? [] : [spec.value] });
    }
    case 'between': {
      const x = operand(fields, spec.field);
      if (!x || !['number', 'date'].includes(kindOf(x))) return undefined;
      const min = spec.min === undefined ? undefined : literalFor(x, spec.min);
      const max = spec.max === undefined ? undefined : literalFor(x, spec.max);
      if ((spec.min !== undefined && min === undefined) || (spec.max !== undefined && max === undefined) || (min ?? max) === undefined) return undefined;
      const e = operandText(x);
      const range =
        min !== undefined && max !== undefined ? `(${e} >= ${min} && ${e} <= ${max})` : min !== undefined ? `${e} >= ${min}` : `${e} <= ${max}`;
      // Absent is not out of range: whether the field must be there is "required"'s business.
      return `${e} == null || ${range}`;
    }
    case 'itemCount': {
      const group = fieldByPath(fields, spec.group);
      if (!group || group.type !== 'array' || !/^\d+$/.test(spec.count)) return undefined;
      let items = `(${reach(spec.group)} ?? [])`;
      if (spec.member !== undefined) {
        const member = memberOf(group, spec.member);
        const filtered = member && spec.value !== undefined ? itemsWhere(spec.group, member, spec.value, spec.negate) : undefined;
        if (!filtered) return undefined;
        items = filtered;
      }
      return `${items} | array.size ${spec.bound === 'atMost' ? '<=' : '>='} ${spec.count}`;
    }
    case 'total': {
      const member = memberOf(fieldByPath(fields, spec.group), spec.member);
      if (!member || !isNumeric(member) || !isNumberText(spec.total)) return undefined;
      return `(sum ${reach(spec.group)} ${stringLiteral(spec.member)}) == ${spec.total.trim()}`;
    }
  }
}

/** The field whose place the rule's message is shown at, unless the author chooses another. */
export const subjectOf = (spec: RuleSpec) => ('group' in spec ? spec.group : spec.field);

/** The rule's message as the builder proposes it, in both languages, from the fields' labels. */
export function defaultMessage(spec: RuleSpec, when: Condition, fields: FieldInfo[]): Text {
  const operands = operandsOf(fields);
  const label = (path: string) => fieldByPath(fields, path)?.label ?? { 'zh-CN': path, en: path };
  const name = (path: string, language: keyof Text) => quoted(label(path), language);
  const say = (make: (language: keyof Text, zh: boolean) => string) => both((language) => make(language, language === 'zh-CN'), when, operands);
  switch (spec.kind) {
    case 'required':
      return say((l, zh) => (zh ? `请填写${name(spec.field, l)}` : `Fill in ${name(spec.field, l)}`));
    case 'equals': {
      const field = fieldByPath(fields, spec.field) ?? { type: 'string' as const };
      if (spec.other !== undefined) return say((l, zh) => (zh ? `${name(spec.field, l)}必须与${name(spec.other!, l)}相同` : `${name(spec.field, l)} must equal ${name(spec.other!, l)}`));
      return say((l, zh) => {
        const v = valueWords(field, spec.value ?? '', l);
        return zh ? `${name(spec.field, l)}必须${isNumeric(field) ? '等于 ' : '为'}${v}` : `${name(spec.field, l)} must be ${v}`;
      });
    }
    case 'between':
      return say((l, zh) => {
        const x = name(spec.field, l);
        if (kindOf(fieldByPath(fields, spec.field) ?? { type: 'string' }) === 'date' && (spec.min === undefined || spec.max === undefined)) {
          if (spec.min !== undefined) return zh ? `${x}不能早于 ${spec.min}` : `${x} must be on or after ${spec.min}`;
          return zh ? `${x}不能晚于 ${spec.max ?? ''}` : `${x} must be on or before ${spec.max ?? ''}`;
        }
        if (spec.min !== undefined && spec.max !== undefined) return zh ? `${x}须在 ${spec.min} 到 ${spec.max} 之间` : `${x} must be between ${spec.min} and ${spec.max}`;
        if (spec.min !== undefined) return zh ? `${x}不能小于 ${spec.min}` : `${x} must be at least ${spec.min}`;
        return zh ? `${x}不能大于 ${spec.max ?? ''}` : `${x} must be at most ${spec.max ?? ''}`;
      });
    case 'itemCount':
      return say((l, zh) => {
        const g = name(spec.group, l);
        const bound = zh ? (spec.bound === 'atMost' ? '最多' : '至少') : spec.bound === 'atMost' ? 'at most' : 'at least';
        const items = spec.count === '1' ? 'item' : 'items';
        const group = fieldByPath(fields, spec.group);
        const member = memberOf(group, spec.member);
        if (!member) return zh ? `${g}${bound} ${spec.count} 项` : `${g}: ${bound} ${spec.count} ${items}`;
        const m = quoted(member.label, l);
        const v = valueWords(member, spec.value ?? '', l);
        return zh
          ? `${g}中${m}${spec.negate ? '不为' : '为'}${v}的${bound} ${spec.count} 项`
          : `${g}: ${bound} ${spec.count} ${items} whose ${m} is ${spec.negate ? 'not ' : ''}${v}`;
      });
    case 'total':
      return say((l, zh) => {
        const member = memberOf(fieldByPath(fields, spec.group), spec.member);
        const m = member ? quoted(member.label, l) : spec.member;
        return zh ? `${name(spec.group, l)}的${m}合计必须等于 ${spec.total}` : `The ${m} of ${name(spec.group, l)} must add up to ${spec.total}`;
      });
  }
}

/** A rule key (lower-case letters, digits and -, from a letter) for a spec, unlike any of `taken`. */
export function keyFor(spec: RuleSpec, taken: string[]) {
  const slug = (path: string) => path.toLowerCase().replace(/\[\]/g, '').replace(/[._]/g, '-').replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '');
  const base = {
    required: () => `${slug(subjectOf(spec))}-required`,
    equals: () => `${slug(subjectOf(spec))}-equals`,
    between: () => `${slug(subjectOf(spec))}-in-range`,
    itemCount: () => `${slug(subjectOf(spec))}-${spec.kind === 'itemCount' && spec.bound === 'atLeast' ? 'at-least' : 'at-most'}`,
    total: () => `${slug(subjectOf(spec))}-total`,
  }[spec.kind]();
  const key = /^[a-z]/.test(base) ? base : `rule-${base}`.replace(/-+/g, '-');
  let candidate = key;
  for (let n = 2; taken.includes(candidate); n++) candidate = `${key}-${n}`;
  return candidate;
}

/** A rule made with the builder: its spec and condition. */
export interface BuiltRule {
  spec: RuleSpec;
  when: Condition;
}

function candidates(assert: string, fields: FieldInfo[]): RuleSpec[] {
  const found: RuleSpec[] = [];
  for (const field of ruleFields(fields)) {
    const x = operandText(operand(fields, field.path)!);
    found.push({ kind: 'required', field: field.path });
    if (assert === x) found.push({ kind: 'equals', field: field.path, value: 'true' });
    if (assert === `!${x}`) found.push({ kind: 'equals', field: field.path, value: 'false' });
    if (assert.startsWith(`${x} == `)) {
      const rest = assert.slice(x.length + 4);
      const literal = readLiteral(rest);
      if (literal && literal.kind !== 'null') found.push({ kind: 'equals', field: field.path, value: literal.value });
      const other = ruleFields(fields).find((f) => operandText(operand(fields, f.path)!) === rest);
      if (other) found.push({ kind: 'equals', field: field.path, other: other.path });
    }
    const guard = `${x} == null || `;
    if (assert.startsWith(guard)) {
      const range = assert.slice(guard.length);
      const both = new RegExp(`^\\(${escape(x)} >= (.+) && ${escape(x)} <= (.+)\\)$`).exec(range);
      const min = new RegExp(`^${escape(x)} >= (.+)$`).exec(range);
      const max = new RegExp(`^${escape(x)} <= (.+)$`).exec(range);
      const value = (text: string | undefined) => (text === undefined ? undefined : readLiteral(text)?.value);
      if (both) found.push({ kind: 'between', field: field.path, min: value(both[1]), max: value(both[2]) });
      else if (min) found.push({ kind: 'between', field: field.path, min: value(min[1]) });
      else if (max) found.push({ kind: 'between', field: field.path, max: value(max[1]) });
    }
  }
  for (const group of fields.filter((f) => f.type === 'array')) {
    const bound = / (<=|>=) (\d+)$/.exec(assert);
    if (bound) {
      const base = { kind: 'itemCount' as const, group: group.path, bound: bound[1] === '<=' ? ('atMost' as const) : ('atLeast' as const), count: bound[2]! };
      found.push(base);
      for (const member of group.items ?? []) {
        const name = memberName(member.path);
        for (const negate of [false, true]) {
          const prefix = `(${reach(group.path)} ?? []) | array.filter @(do; ret $0.${name} ${negate ? '!=' : '=='} `;
          if (!assert.startsWith(prefix)) continue;
          const end = assert.indexOf('; end) | array.size', prefix.length);
          const literal = end < 0 ? undefined : readLiteral(assert.slice(prefix.length, end));
          if (literal) found.push({ ...base, member: name, value: literal.value, ...(negate ? { negate } : {}) });
        }
      }
    }
    const total = new RegExp(`^\\(sum ${escape(reach(group.path))} ("(?:[^"\\\\]|\\\\.)*")\\) == (.+)$`).exec(assert);
    const member = total && readLiteral(total[1]!);
    if (total && member) found.push({ kind: 'total', group: group.path, member: member.value, total: total[2]! });
  }
  return found;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads back a rule the builder made — its `when` and `assert` exactly as the builder writes them — or undefined for
 * anything else, which is then edited as Scriban (expert mode) and kept as it is.
 */
export function recogniseRule(rule: Pick<Rule, 'when' | 'assert'>, fields: FieldInfo[]): BuiltRule | undefined {
  const when = recogniseCondition(rule.when ?? '', operandsOf(fields));
  if (!when) return undefined;
  const assert = rule.assert.trim();
  const spec = candidates(assert, fields).find((candidate) => assertText(candidate, fields) === assert);
  return spec && { spec, when };
}

/** The rule a built rule stands for; key, field and message as given. */
export function ruleFrom(built: BuiltRule, fields: FieldInfo[], rest: Pick<Rule, 'key' | 'field' | 'message'>): Rule | undefined {
  const assert = assertText(built.spec, fields);
  if (assert === undefined) return undefined;
  const when = conditionText(built.when, operandsOf(fields));
  return { key: rest.key, ...(when ? { when } : {}), assert, ...(rest.field ? { field: rest.field } : {}), message: rest.message };
}

export { noCondition };
