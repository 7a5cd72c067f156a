import { describe, expect, it } from 'vitest';
import { localTimes, names, outcomeCounts, problemsOf, stuckFirst, type DryRunPerson, type DryRunStuck } from './timeline';

const person = (id: string, outcome: string, stuck: Partial<DryRunStuck>[] = []): DryRunPerson => ({
  person: { id, name: { 'zh-CN': `人${id}`, en: `Person ${id}` } },
  outcome,
  events: [],
  stuck: stuck.map((s) => ({ code: 'no-assignee', at: '2026-12-01T01:00:00Z', process: 'annual-review', message: `${id}: ${s.code ?? 'no-assignee'}`, ...s })),
});

describe('the outcome of a dry run', () => {
  it('counts the people who complete, are still running at the end and are stuck', () => {
    const people = [person('a', 'completed'), person('b', 'stuck'), person('c', 'open-at-horizon'), person('d', 'completed')];

    expect(outcomeCounts(people)).toEqual({ completed: 2, 'open-at-horizon': 1, stuck: 1 });
  });

  it('lists the people whose process stops first, then those with a step nobody is found for, then the others', () => {
    const people = [
      person('a', 'completed'),
      person('b', 'completed', [{ code: 'no-assignee' }]),
      person('c', 'stuck', [{ code: 'unassignable' }]),
      person('d', 'open-at-horizon'),
      person('e', 'stuck', [{ code: 'loop' }]),
    ];

    expect(stuckFirst(people).map((p) => p.person.id)).toEqual(['c', 'e', 'b', 'a', 'd']);
  });

  it('groups the stuck points by what they are, naming everybody concerned, stopping ones first', () => {
    const step = { id: 'skip-level-approval', title: { 'zh-CN': '跨级审批', en: 'Skip-level approval' } };
    const people = [
      person('a', 'completed', [{ code: 'no-assignee', step, wanted: 'skip-level' }]),
      person('b', 'completed', [{ code: 'no-assignee', step, wanted: 'skip-level' }]),
      person('c', 'stuck', [{ code: 'unassignable', step, wanted: 'hrbp' }]),
    ];

    const problems = problemsOf(people);

    expect(problems.map((p) => [p.code, p.wanted, p.people.map((x) => x.id)])).toEqual([
      ['unassignable', 'hrbp', ['c']],
      ['no-assignee', 'skip-level', ['a', 'b']],
    ]);
    expect(problems[1]!.messages).toEqual(['a: no-assignee', 'b: no-assignee']);
    expect(names(problems[1]!.people, (t) => t['zh-CN'], '、')).toBe('人a、人b');
  });
});

describe('the times in the API\'s sentences', () => {
  it('are shown as the page shows dates, not in UTC', () => {
    const shown = localTimes('Still running at 2027-12-01 01:00 UTC, waiting at "Check-ins"; due 2026-12-15 10:30 UTC', (iso) => `<${iso}>`);

    expect(shown).toBe('Still running at <2027-12-01T01:00:00Z>, waiting at "Check-ins"; due <2026-12-15T10:30:00Z>');
  });

  it('leave a sentence without a time as it is', () => {
    expect(localTimes('「评级判断」走向「制定发展计划」', () => 'x')).toBe('「评级判断」走向「制定发展计划」');
  });
});
