/**
 * What an anonymous step's answers say, as the engine lets anyone read them (Visibility: only that they are pending
 * while the step runs; then an aggregate — the count, and with at least 3 answers the mean of each number and the
 * texts in alphabetical order, never who said what).
 */
export type AnonymousAnswers =
  | { kind: 'pending' }
  | { kind: 'withheld'; count: number }
  | { kind: 'aggregate'; count: number; means: [string, number][]; texts: [string, string[]][] };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads an instance's `answers` member for one step; undefined when it is not an anonymous aggregate (or absent). */
export function anonymousAnswers(value: unknown): AnonymousAnswers | undefined {
  if (!isObject(value)) return undefined;
  if (value.pending === true) return { kind: 'pending' };
  const count = typeof value.count === 'number' ? value.count : undefined;
  if (count === undefined) return undefined;
  if (value.withheld === true) return { kind: 'withheld', count };
  const means = isObject(value.means) ? Object.entries(value.means).filter((e): e is [string, number] => typeof e[1] === 'number') : [];
  const texts = isObject(value.texts)
    ? Object.entries(value.texts)
        .map(([path, list]) => [path, Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []] as [string, string[]])
        .filter(([, list]) => list.length > 0)
    : [];
  return { kind: 'aggregate', count, means, texts };
}

/** The i18n key of an aggregated field's label (`ratings.communication` → `me.feedback.field.ratings_communication`). */
export function fieldKey(path: string): string {
  return 'me.feedback.field.' + path.replace(/\[\]/g, '').replace(/\./g, '_');
}
