import type { Schemas } from '../api/client';

type Item = Schemas['InstanceItemResponse'];

export interface CycleChoice {
  id: string;
  name: string;
}

/** The cycles the team's instances belong to, newest first (the list comes newest first), each once. */
export function cyclesOf(items: readonly Item[]): CycleChoice[] {
  const seen = new Map<string, CycleChoice>();
  for (const item of items) {
    if (item.cycleId && !seen.has(item.cycleId)) seen.set(item.cycleId, { id: item.cycleId, name: item.cycleName ?? item.cycleId });
  }
  return [...seen.values()];
}

/** The first number of the team page: people, those still in progress, those with an overdue step. */
export function teamFigures(items: readonly Item[]): { people: number; running: number; overdue: number } {
  const people = new Set(items.map((i) => i.subject.id));
  const running = new Set(items.filter((i) => i.status === 'running').map((i) => i.subject.id));
  const overdue = new Set(items.filter((i) => i.openTasks.some((o) => o.overdue)).map((i) => i.subject.id));
  return { people: people.size, running: running.size, overdue: overdue.size };
}

/** The team's instances with the overdue first, then soonest due, then by name: whom to chase comes first. */
export function byUrgency(items: readonly Item[], language: string): Item[] {
  const due = (i: Item) => Math.min(...i.openTasks.map((o) => (o.dueAt ? Date.parse(o.dueAt) : Infinity)), Infinity);
  const overdue = (i: Item) => (i.openTasks.some((o) => o.overdue) ? 0 : 1);
  const name = (i: Item) => (language === 'en' ? i.subject.name.en : i.subject.name['zh-CN']);
  return [...items].sort((a, b) => overdue(a) - overdue(b) || due(a) - due(b) || name(a).localeCompare(name(b), language));
}
