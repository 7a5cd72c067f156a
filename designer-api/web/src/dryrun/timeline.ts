import type { Schemas, Texts } from '../api/client';

export type DryRunAnswer = Schemas['DryRunResponse'];
export type DryRunPerson = Schemas['DryRunPersonResponse'];
export type DryRunEvent = Schemas['DryRunEventResponse'];
export type DryRunStuck = Schemas['DryRunStuckResponse'];

export const outcomes = ['completed', 'open-at-horizon', 'stuck'] as const;
export type Outcome = (typeof outcomes)[number];

/** How many people ended each way, in the order the page shows them (完成 · 到期时仍在进行 · 卡住). */
export function outcomeCounts(people: DryRunPerson[]): Record<Outcome, number> {
  const counts: Record<Outcome, number> = { completed: 0, 'open-at-horizon': 0, stuck: 0 };
  for (const person of people) if (person.outcome in counts) counts[person.outcome as Outcome] += 1;
  return counts;
}

/**
 * The people as the page lists them: those whose process stops first, then those with a step nobody is found for
 * (the runtime hands it to someone else), then the others — each group in the answer's order.
 */
export function stuckFirst(people: DryRunPerson[]): DryRunPerson[] {
  const rank = (p: DryRunPerson) => (p.outcome === 'stuck' ? 0 : p.stuck.length > 0 ? 1 : 2);
  return people.map((person, i) => ({ person, i })).sort((a, b) => rank(a.person) - rank(b.person) || a.i - b.i).map(({ person }) => person);
}

/** One problem the dry run found, with everybody it concerns: the same code at the same step for the same relation. */
export interface Problem {
  code: string;
  step?: Schemas['Named'];
  wanted?: string;
  people: Schemas['PersonRef'][];
  /** What the dry run says of each person, in the API's words. */
  messages: string[];
}

/** The stuck points of all people, grouped by what they are (code, process, step and the relation wanted); stopping ones first. */
export function problemsOf(people: DryRunPerson[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const person of people)
    for (const stuck of person.stuck) {
      const key = [stuck.code, stuck.process, stuck.step?.id ?? '', stuck.wanted ?? ''].join('\u0000');
      const problem = problems.get(key) ?? { code: stuck.code, step: stuck.step, wanted: stuck.wanted, people: [], messages: [] };
      if (!problem.people.some((p) => p.id === person.person.id)) problem.people.push(person.person);
      problem.messages.push(stuck.message);
      problems.set(key, problem);
    }
  const stops = (p: Problem) => (p.code === 'no-assignee' ? 1 : 0);
  return [...problems.values()].sort((a, b) => stops(a) - stops(b));
}

const utcStamp = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}) UTC/g;

/**
 * A sentence of the API with its times (written `2026-12-15 01:00 UTC`) shown as the page shows every date: in the
 * person's time zone and language.
 */
export function localTimes(text: string, format: (iso: string) => string): string {
  return text.replace(utcStamp, (_, y: string, mo: string, d: string, h: string, mi: string) => format(`${y}-${mo}-${d}T${h}:${mi}:00Z`));
}

/** A person's events at one step of one process, for highlighting the step chosen on the chart. */
export function atStep(event: DryRunEvent, processKey: string, stepId: string | undefined): boolean {
  return stepId !== undefined && event.process === processKey && event.step?.id === stepId;
}

/** The names of people, in the page's language, as a list. */
export function names(people: Schemas['PersonRef'][], say: (text: Texts) => string, separator: string): string {
  return people.map((p) => say(p.name)).join(separator);
}

