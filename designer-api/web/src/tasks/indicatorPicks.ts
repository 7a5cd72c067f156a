import type { Schemas } from '../api/client';

/** A proposal of the indicator library for a task's list of indicators (`GET /api/tasks/{id}/indicator-proposals`). */
export type Proposal = Schemas['IndicatorProposalResponse'];

type Item = Record<string, unknown>;

/** The items of the list, as the form holds them. */
export function itemsOf(value: unknown): Item[] {
  return Array.isArray(value) ? (value.filter((item) => item !== null && typeof item === 'object') as Item[]) : [];
}

/**
 * An item nobody has filled in: the form starts a list with its minimum of items holding only the schema's defaults
 * (a direction, a frequency), which count as room, not as indicators.
 */
export function isBlank(item: Item): boolean {
  const text = (value: unknown) => typeof value === 'string' && value.trim() !== '';
  return !text(item.name) && !text(item.indicator) && !text(item.definition) && typeof item.target !== 'number';
}

/** The items somebody filled in. */
export function filledItems(value: unknown): Item[] {
  return itemsOf(value).filter((item) => !isBlank(item));
}

/** How many more items the list takes (`maxItems`); unbounded without one. */
export function roomLeft(items: readonly Item[], maxItems: number | null | undefined): number {
  return maxItems == null ? Number.POSITIVE_INFINITY : Math.max(0, maxItems - items.filter((item) => !isBlank(item)).length);
}

/** The proposals not yet in the list (an item picked from the library carries the indicator's key). */
export function notYetChosen(proposals: readonly Proposal[], items: readonly Item[]): Proposal[] {
  const chosen = new Set(items.map((item) => item.indicator).filter((key): key is string => typeof key === 'string'));
  return proposals.filter((p) => !chosen.has(p.key));
}

/**
 * What is ticked when the drawer opens: for an empty list (a new hire, a role change), the best matches up to the
 * list's `minItems` (no more than it takes); otherwise nothing — the manager picks.
 */
export function initialTicks(proposals: readonly Proposal[], items: readonly Item[], minItems: number | null | undefined, maxItems: number | null | undefined): string[] {
  if (items.some((item) => !isBlank(item))) return [];
  const count = Math.min(minItems ?? 0, roomLeft(items, maxItems), proposals.length);
  return proposals.slice(0, count).map((p) => p.key);
}

/** Ticks `key` (when there is room) or unticks it. */
export function toggleTick(ticked: readonly string[], key: string, room: number): string[] {
  if (ticked.includes(key)) return ticked.filter((k) => k !== key);
  return ticked.length < room ? [...ticked, key] : [...ticked];
}

/**
 * A list item filled from an indicator, in the page's language: the library key, the texts and settings, and the
 * target and threshold of the person's grade — which the manager may still change. The weight is theirs to set.
 */
export function itemOf(proposal: Proposal, language: string): Item {
  const en = language.startsWith('en');
  const item: Item = {
    indicator: proposal.key,
    name: en ? proposal.name.en : proposal.name['zh-CN'],
    definition: en ? proposal.definition.en : proposal.definition['zh-CN'],
    unit: proposal.unit,
    direction: proposal.direction,
    target: proposal.target,
    frequency: proposal.frequency,
    data_source: proposal.dataSource,
    warn_after: proposal.warnAfter,
  };
  if (proposal.threshold != null) item.threshold = proposal.threshold;
  return item;
}

/**
 * The list with the ticked proposals after the filled items, in the order proposed, within `maxItems`; they take the
 * places of blank items, and blank items left over stay (the list keeps its length).
 */
export function appendTicked(items: readonly Item[], proposals: readonly Proposal[], ticked: readonly string[], language: string, maxItems: number | null | undefined): Item[] {
  const filled = items.filter((item) => !isBlank(item));
  const picked = notYetChosen(proposals, filled).filter((p) => ticked.includes(p.key)).slice(0, roomLeft(filled, maxItems));
  const next = [...filled, ...picked.map((p) => itemOf(p, language))];
  const blanks = items.filter(isBlank).slice(0, Math.max(0, items.length - next.length));
  return [...next, ...blanks];
}
