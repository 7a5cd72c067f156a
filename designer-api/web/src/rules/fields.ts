import type { Operator } from './conditions';
import { memberName, reach } from './scriban';

export type Text = { 'zh-CN': string; en: string };

/**
 * A field of the form as the builders offer it. `items`: the members of a repeating group's items (an array of
 * objects), each with its full path (`kpis[].weight`); undefined for a multiple choice (an array of options).
 * Nested object members are fields of their own with a dotted path (`checklist.meeting_booked`).
 */
export interface FieldInfo {
  path: string;
  label: Text;
  type: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  options?: { value: string; label: Text }[];
  items?: FieldInfo[];
}

/** Conditions for process decisions and rules' "when": operands are any expressions with a label and type. */
export interface Operand {
  expression: string;
  label: Text;
  type: FieldInfo['type'];
  options?: FieldInfo['options'];
  /** The field's format (`date`, `date-time`): dates compare in order as text. */
  format?: string;
  /** The operators offered, in this order, when not every one of its kind makes sense (the subject's level). */
  operators?: Operator[];
  /**
   * For 属于（含下级） (`within`): the list holding the value and everything above it, which contains the chosen
   * option when the value lies under it (`subject.departments` for `subject.department`).
   */
  within?: string;
  /**
   * For 不低于 / 不高于 (`atLeast`, `atMost`): the members holding the value's ladder and its number on it
   * (`subject.level_track`, `subject.level_rank` for `subject.level`).
   */
  ladder?: { track: string; rank: string };
}

/** What a builder can do with a value of this kind. */
export type ValueKind = 'number' | 'text' | 'date' | 'choice' | 'boolean' | 'list' | 'group' | 'object';

export function kindOf(field: Pick<FieldInfo, 'type' | 'format' | 'options' | 'items'>): ValueKind {
  switch (field.type) {
    case 'number':
    case 'integer':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'object':
      return 'object';
    case 'array':
      return field.items ? 'group' : 'list';
    default:
      if (field.options?.length) return 'choice';
      if (field.format === 'date' || field.format === 'date-time') return 'date';
      return 'text';
  }
}

export const isNumeric = (field: Pick<FieldInfo, 'type'>) => field.type === 'number' || field.type === 'integer';

/** The fields an expression reads directly (not members of a group's items). */
export const fieldByPath = (fields: FieldInfo[], path: string | undefined) => fields.find((field) => field.path === path);

/** A member of a group by its name (`weight`), whatever its path is written as. */
export const memberOf = (group: FieldInfo | undefined, name: string | undefined) =>
  group?.items?.find((member) => memberName(member.path) === name);

/** The form's fields as operands of a condition over `root` (`form` in a template's rules). */
export function operandsOf(fields: FieldInfo[], root = 'form'): Operand[] {
  return fields.map((field) => ({
    expression: reach(field.path, root),
    label: field.label,
    type: field.type,
    ...(field.options ? { options: field.options } : {}),
    ...(field.format ? { format: field.format } : {}),
  }));
}

type Json = { [member: string]: unknown };
type Labels = Record<string, { label?: Text; options?: Record<string, Text> } | undefined>;

/**
 * The fields of a template document (its `schema` and `fields`) as the builders want them: every property at any
 * depth with its label, type, format and options; a group's members under `items`. `$ref` into `definitions` is
 * followed. What the schema leaves unclear (no `type`) is passed over.
 */
export function fieldsOf(template: { schema?: unknown; fields?: unknown }): FieldInfo[] {
  const schema = (template.schema ?? {}) as Json;
  const labels = (template.fields ?? {}) as Labels;
  const resolve = (node: unknown, seen = 0): Json => {
    const n = (node ?? {}) as Json;
    const ref = n.$ref;
    if (typeof ref === 'string' && ref.startsWith('#/') && seen < 20) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce<unknown>((at, part) => (at as Json | undefined)?.[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')], schema);
      return resolve(target, seen + 1);
    }
    return n;
  };
  const field = (path: string, node: Json): FieldInfo | undefined => {
    const type = Array.isArray(node.type) ? (node.type as unknown[]).find((t) => t !== 'null') : node.type;
    if (typeof type !== 'string' || !['string', 'number', 'integer', 'boolean', 'array', 'object'].includes(type)) return undefined;
    const entry = labels[path];
    const info: FieldInfo = { path, label: entry?.label ?? { 'zh-CN': path, en: path }, type: type as FieldInfo['type'] };
    if (typeof node.format === 'string') info.format = node.format;
    const enumerated = Array.isArray(node.enum) ? node.enum : undefined;
    if (type === 'string' && enumerated) info.options = options(enumerated, entry?.options);
    if (type === 'array') {
      const items = resolve(node.items);
      if (items.type === 'object') info.items = members(`${path}[]`, items);
      else if (Array.isArray(items.enum)) info.options = options(items.enum, entry?.options);
    }
    return info;
  };
  const options = (values: unknown[], texts: Record<string, Text> | undefined) =>
    values.filter((v): v is string => typeof v === 'string').map((value) => ({ value, label: texts?.[value] ?? { 'zh-CN': value, en: value } }));
  const members = (prefix: string, node: Json) =>
    Object.entries((node.properties ?? {}) as Json).flatMap(([name, child]) => {
      const found = field(`${prefix}.${name}`, resolve(child));
      return found ? [found] : [];
    });
  const walk = (prefix: string, node: Json): FieldInfo[] =>
    Object.entries((node.properties ?? {}) as Json).flatMap(([name, child]) => {
      const path = prefix ? `${prefix}.${name}` : name;
      const resolved = resolve(child);
      const found = field(path, resolved);
      if (!found) return [];
      return found.type === 'object' ? [found, ...walk(path, resolved)] : [found];
    });
  return walk('', resolve(schema));
}
