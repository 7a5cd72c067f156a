import { pointerMembers } from '../api/problems';

interface SchemaNode {
  type?: string | string[];
  title?: string;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

/** The JSON Pointer of a field of the form from its path (`['goal_results', 0, 'result']` → `/goal_results/0/result`). */
export function pointerOf(path: readonly (string | number)[]): string {
  return path.map((member) => '/' + String(member).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The schema of the field a JSON Pointer names, or undefined when the form has no such field. */
export function schemaAt(schema: unknown, pointer: string): SchemaNode | undefined {
  let node = schema as SchemaNode | undefined;
  for (const member of pointerMembers(pointer)) {
    if (!node) return undefined;
    node = /^\d+$/.test(member) && node.items ? node.items : node.properties?.[member];
  }
  return node;
}

/**
 * How a person reads the field a JSON Pointer names: its label, and for an item of a list the list's label and the
 * item's number (`目标与结果 › 2 › 实际结果`); the pointer's own member names where the form has no label.
 */
export function fieldName(schema: unknown, pointer: string): string {
  const members = pointerMembers(pointer);
  const names: string[] = [];
  let node = schema as SchemaNode | undefined;
  for (const member of members) {
    const index = /^\d+$/.test(member);
    node = index && node?.items ? node.items : node?.properties?.[member];
    names.push(index ? String(Number(member) + 1) : (node?.title ?? member));
  }
  return names.join(' › ');
}

/** A value of a past form as text: numbers and texts as they are, yes/no in words, a list item by item. */
export type ShownValue = { kind: 'text'; text: string } | { kind: 'list'; items: ShownValue[] } | { kind: 'fields'; fields: { name: string; value: ShownValue }[] };

export function showValue(value: unknown, schema: SchemaNode | undefined, words: { yes: string; no: string; empty: string }): ShownValue {
  if (value === null || value === undefined || value === '') return { kind: 'text', text: words.empty };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? words.yes : words.no };
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item) => showValue(item, schema?.items, words)) };
  if (typeof value === 'object') {
    return {
      kind: 'fields',
      fields: Object.entries(value as Record<string, unknown>).map(([name, v]) => ({
        name: schema?.properties?.[name]?.title ?? name,
        value: showValue(v, schema?.properties?.[name], words),
      })),
    };
  }
  return { kind: 'text', text: String(value) };
}
