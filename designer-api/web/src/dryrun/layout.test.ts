import { describe, expect, it } from 'vitest';
import { assigneesOf, edgesOf, layoutProcess, nodeHeight, nodeWidth } from './layout';

// The annual review's shape (samples/processes/annual-review.json), members that do not draw left out.
const annualReview = {
  start: 'self-review',
  steps: {
    'self-review': { kind: 'form', assignee: 'subject', next: 'prepare' },
    prepare: { kind: 'form', assignee: 'manager', next: 'record' },
    record: { kind: 'review', author: 'subject', reviewer: 'manager', next: 'confirm' },
    confirm: { kind: 'confirmation', parties: [{ assignee: 'subject' }, { assignee: 'manager' }], returnTo: 'record', next: 'rating-check' },
    'rating-check': { kind: 'decision', branches: [{ when: 'forms.record.overall_rating == 5', next: 'skip-level-approval' }], otherwise: 'plan-choice' },
    'skip-level-approval': { kind: 'approval', approvers: ['skip-level'], returnTo: 'record', next: 'plan-choice' },
    'plan-choice': { kind: 'decision', branches: [{ when: 'forms.record.overall_rating <= 2', next: 'start-pip' }], otherwise: 'idp' },
    'start-pip': { kind: 'start-process', process: 'performance-improvement', next: 'end' },
    idp: { kind: 'form', assignee: 'subject', next: 'idp-approval' },
    'idp-approval': { kind: 'approval', approvers: ['manager'], returnTo: 'idp', next: 'check-ins' },
    'check-ins': { kind: 'recurring', assignee: 'subject', next: 'end' },
    end: { kind: 'end' },
  },
};

const layerOf = (layout: ReturnType<typeof layoutProcess>) => Object.fromEntries(layout.steps.map((s) => [s.id, s.layer]));

describe('the edges of a process', () => {
  it('are its next steps, branches with their conditions, otherwise, returns and a parallel with its join', () => {
    const edges = edgesOf({
      steps: {
        split: { kind: 'parallel', branches: ['a', 'b'], join: 'meet' },
        a: { kind: 'form', next: 'meet' },
        b: { kind: 'approval', next: 'meet', returnTo: 'a' },
        meet: { kind: 'join', next: 'choose' },
        choose: { kind: 'decision', branches: [{ when: 'x == 1', next: 'a' }], otherwise: 'end' },
        end: { kind: 'end' },
      },
    });

    expect(edges.map((e) => [e.source, e.target, e.kind, e.condition])).toEqual([
      ['split', 'a', 'parallel', undefined],
      ['split', 'b', 'parallel', undefined],
      ['split', 'meet', 'join', undefined],
      ['a', 'meet', 'next', undefined],
      ['b', 'meet', 'next', undefined],
      ['b', 'a', 'return', undefined],
      ['meet', 'choose', 'next', undefined],
      ['choose', 'a', 'branch', 'x == 1'],
      ['choose', 'end', 'otherwise', undefined],
    ]);
  });

  it('leave out members naming a step that does not exist, and a document without steps has none', () => {
    expect(edgesOf({ steps: { a: { kind: 'form', next: 'nowhere' } } })).toEqual([]);
    expect(edgesOf(null)).toEqual([]);
    expect(edgesOf({ steps: [] })).toEqual([]);
  });
});

describe('the layered layout', () => {
  it('puts each step one row below the lowest step leading to it, returns and loops aside', () => {
    const layout = layoutProcess(annualReview);

    expect(layerOf(layout)).toEqual({
      'self-review': 0,
      prepare: 1,
      record: 2,
      confirm: 3,
      'rating-check': 4,
      'skip-level-approval': 5,
      'plan-choice': 6,
      'start-pip': 7,
      idp: 7,
      'idp-approval': 8,
      'check-ins': 9,
      end: 10,
    });
  });

  it('points every edge but the returns down the page', () => {
    const layout = layoutProcess(annualReview);
    const y = Object.fromEntries(layout.steps.map((s) => [s.id, s.y]));

    for (const edge of layout.edges.filter((e) => e.kind !== 'return')) expect(y[edge.target]!, `${edge.source} → ${edge.target}`).toBeGreaterThan(y[edge.source]!);
  });

  it('places the steps of one row side by side without overlapping, centred', () => {
    const layout = layoutProcess(annualReview);
    const row = layout.steps.filter((s) => s.layer === 7).sort((a, b) => a.order - b.order);

    expect(row).toHaveLength(2);
    expect(row[1]!.x - row[0]!.x).toBeGreaterThanOrEqual(nodeWidth);
    expect(row[0]!.x + row[1]!.x + nodeWidth).toBe(0);
    expect(row[0]!.y).toBe(row[1]!.y);
    expect(layout.height).toBe(11 * nodeHeight + 10 * 36);
  });

  it('keeps a loop of next steps from pushing its steps down without end', () => {
    const layout = layoutProcess({
      start: 'respond',
      steps: {
        respond: { kind: 'form', next: 'check' },
        check: { kind: 'decision', branches: [{ when: 'x', next: 'revise' }], otherwise: 'end' },
        revise: { kind: 'form', next: 'respond' },
        end: { kind: 'end' },
      },
    });

    expect(layerOf(layout)).toEqual({ respond: 0, check: 1, revise: 2, end: 2 });
  });

  it('lays a parallel out with its branches side by side above the join', () => {
    const layout = layoutProcess({
      start: 'split',
      steps: {
        split: { kind: 'parallel', branches: ['left', 'right'], join: 'meet' },
        left: { kind: 'form', next: 'meet' },
        right: { kind: 'form', next: 'more' },
        more: { kind: 'form', next: 'meet' },
        meet: { kind: 'join', next: 'end' },
        end: { kind: 'end' },
      },
    });

    expect(layerOf(layout)).toEqual({ split: 0, left: 1, right: 1, more: 2, meet: 3, end: 4 });
  });

  it('orders a row by the places of the steps leading to it', () => {
    const layout = layoutProcess({
      start: 'choose',
      steps: {
        choose: { kind: 'decision', branches: [{ when: 'a', next: 'first' }], otherwise: 'second' },
        second: { kind: 'form', next: 'after-second' },
        first: { kind: 'form', next: 'after-first' },
        'after-second': { kind: 'end' },
        'after-first': { kind: 'end' },
      },
    });
    const x = Object.fromEntries(layout.steps.map((s) => [s.id, s.x]));

    expect(x['second']).toBeLessThan(x['first']!);
    expect(x['after-second']).toBeLessThan(x['after-first']!);
  });

  it('still places a step nothing reaches, at the top', () => {
    const layout = layoutProcess({ start: 'a', steps: { a: { kind: 'form', next: 'end' }, lost: { kind: 'form', next: 'end' }, end: { kind: 'end' } } });

    expect(layerOf(layout)).toEqual({ a: 0, lost: 0, end: 1 });
  });

  it('draws nothing for a document without steps', () => {
    expect(layoutProcess({})).toEqual({ steps: [], edges: [], width: 0, height: 0 });
  });
});

describe('the people of a step', () => {
  it('are its assignee, author and reviewer, approvers, parties and recipients, each once', () => {
    expect(assigneesOf({ author: 'subject', reviewer: 'manager' })).toEqual(['subject', 'manager']);
    expect(assigneesOf({ parties: [{ assignee: 'subject' }, { assignee: 'manager' }] })).toEqual(['subject', 'manager']);
    expect(assigneesOf({ approvers: ['manager', 'manager', 'role:hrbp'] })).toEqual(['manager', 'role:hrbp']);
    expect(assigneesOf({ to: ['hrbp'] })).toEqual(['hrbp']);
    expect(assigneesOf({ kind: 'decision' })).toEqual([]);
  });
});
