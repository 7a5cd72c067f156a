import { describe, expect, it } from 'vitest';
import { addBranch, convergence, insertStep, removeBranch, removeStep, stepsOf, toChain, type ChainNode } from './chain';
import { newProcess, type ProcessDocument } from './document';

const samples = import.meta.glob<ProcessDocument>('../../../../samples/processes/*.json', { import: 'default', eager: true });
const sample = (key: string) => structuredClone(samples[`../../../../samples/processes/${key}.json`]!);

/** The chain in a short form to compare: ids, [split: branch | branch], ↩ for a jump back. */
function sketch(nodes: ChainNode[]): unknown[] {
  return nodes.map((node) =>
    node.type === 'split'
      ? { [node.id]: node.branches.map((b) => sketch(b.nodes)) }
      : node.type === 'jump'
        ? `↩${node.to}`
        : node.type === 'missing'
          ? `?${node.to}`
          : node.id,
  );
}

describe('a process as a chain', () => {
  it('reads every shipped process, showing each of its steps', () => {
    expect(Object.keys(samples).length).toBeGreaterThanOrEqual(5);
    for (const document of Object.values(samples)) {
      const chain = toChain(document);
      expect([...stepsOf(chain.nodes), ...chain.apart].sort()).toEqual(Object.keys(document.steps).sort());
    }
  });

  it('shows the annual review top down, its decisions side by side meeting below', () => {
    const chain = toChain(sample('annual-review'));
    expect(chain.fits).toBe(true);
    expect(chain.apart).toEqual([]);
    expect(sketch(chain.nodes)).toEqual([
      'self-review',
      'prepare',
      'record',
      'confirm',
      { 'dispute-check': [['hrbp-decides', { 'dispute-outcome': [['manager-revises'], []] }], []] },
      { 'rating-check': [['skip-level-approval', { 'recognition-check': [['recognition'], []] }], []] },
      { 'plan-choice': [['start-pip'], ['idp', 'idp-approval', 'check-ins', 'next-period']] },
      'end',
    ]);
    expect(convergence(sample('annual-review'), 'rating-check')).toBe('plan-choice');
  });

  it('shows a loop as a jump back, and says the chain does not fit', () => {
    const chain = toChain(sample('kpi-quarterly'));
    expect(chain.fits).toBe(false);
    const split = chain.nodes.find((n) => n.type === 'split' && n.id === 'objection-check');
    expect(split && sketch([split])).toEqual([{ 'objection-check': [['revise', '↩respond'], [{ quarter: [['window', 'adjust', 'confirm', 'quarter-end'], ['checkpoint']] }, 'quarter-over', 'results', 'end']] }]);
  });

  it('keeps the steps nothing reaches apart, and a parallel between its branches and its join', () => {
    const document: ProcessDocument = {
      ...newProcess('p', { 'zh-CN': '流程', en: 'Process' }, undefined),
      start: 'fan',
      steps: {
        fan: { kind: 'parallel', branches: ['a', 'b'], join: 'meet' },
        a: { kind: 'wait', for: 'P1D', next: 'meet' },
        b: { kind: 'wait', for: 'P2D', next: 'meet' },
        meet: { kind: 'join', next: 'end' },
        end: { kind: 'end' },
        lost: { kind: 'wait', for: 'P1D', next: 'end' },
      },
    };
    const chain = toChain(document);
    expect(sketch(chain.nodes)).toEqual([{ fan: [['a'], ['b']] }, 'meet', 'end']);
    expect(chain.apart).toEqual(['lost']);
  });

  it('names a next that is no step', () => {
    const document = newProcess('p', { 'zh-CN': '流程', en: 'Process' }, undefined);
    document.steps.end = { kind: 'wait', for: 'P1D', next: 'nowhere' };
    expect(sketch(toChain(document).nodes)).toEqual(['end', '?nowhere']);
  });
});

describe('editing the chain', () => {
  const fresh = () => newProcess('d210-review', { 'zh-CN': '评审', en: 'Review' }, 'D210');

  it('adds a step where a "+" stands, in order', () => {
    let document: ProcessDocument = { ...fresh(), forms: { record: 'interview-record' } };
    let chain = toChain(document);
    const atEnd = chain.nodes[0]!;
    ({ document } = insertStep(document, atEnd.via, 'end', 'form'));
    chain = toChain(document);
    const end = chain.nodes[1]!;
    ({ document } = insertStep(document, end.via, 'end', 'review'));
    expect(sketch(toChain(document).nodes)).toEqual(['form', 'review', 'end']);
    expect(document.start).toBe('form');
    expect(document.steps.form).toMatchObject({ kind: 'form', form: 'record', assignee: 'subject', next: 'review' });
    const approval = insertStep(document, toChain(document).nodes[2]!.via, 'end', 'approval');
    expect(approval.document.steps.approval).toMatchObject({ approvers: ['manager'], mode: 'one', returnTo: 'review', next: 'end' });
  });

  it('adds a decision whose branches meet below it; a step in a branch stays in it', () => {
    let document = insertStep(fresh(), [{ step: null, member: 'next' }], 'end', 'decision').document;
    document = addBranch(document, 'decision');
    let split = toChain(document).nodes[0] as Extract<ChainNode, { type: 'split' }>;
    expect(split.branches.map((b) => b.index)).toEqual([0, 1, 'otherwise']);
    expect(split.converge).toBe('end');
    document = insertStep(document, split.branches[0]!.exits, 'end', 'approval').document;
    split = toChain(document).nodes[0] as Extract<ChainNode, { type: 'split' }>;
    document = insertStep(document, split.branches[2]!.exits, 'end', 'confirmation').document;
    // A step below the decision follows every branch.
    const end = toChain(document).nodes[1]!;
    document = insertStep(document, end.via, 'end', 'form').document;
    expect(sketch(toChain(document).nodes)).toEqual([{ decision: [['approval'], [], ['confirmation']] }, 'form', 'end']);
    expect(document.steps.approval!.next).toBe('form');
    expect(document.steps.confirmation!.next).toBe('form');
    expect((document.steps.decision!.branches as { next: string }[])[1]!.next).toBe('form');
  });

  it('removes a step, joining what was before and after it', () => {
    const document = removeStep(sample('annual-review'), 'prepare');
    expect(document.steps.prepare).toBeUndefined();
    expect(document.steps['self-review']!.next).toBe('record');
    expect(removeStep(sample('annual-review'), 'self-review').start).toBe('prepare');
  });

  it('removes a decision with the steps of its branches, keeping what follows', () => {
    const document = removeStep(sample('annual-review'), 'rating-check');
    expect(document.steps['skip-level-approval']).toBeUndefined();
    expect(document.steps['dispute-outcome']!.otherwise).toBe('plan-choice');
    expect(document.steps['manager-revises']!.next).toBe('plan-choice');
    const chain = toChain(document);
    expect(chain.apart).toEqual([]);
  });

  it('removes one branch with its steps, never the last one', () => {
    const document = removeBranch(addBranch(sample('annual-review'), 'plan-choice'), 'plan-choice', 0);
    expect(document.steps['start-pip']).toBeUndefined();
    expect(document.steps['plan-choice']!.branches).toEqual([{ when: '', next: 'end' }]);
    expect(document.steps.end).toBeDefined();
    expect(removeBranch(document, 'plan-choice', 0)).toBe(document);
    const two = addBranch(sample('annual-review'), 'rating-check');
    expect(removeBranch(removeBranch(two, 'rating-check', 1), 'rating-check', 0).steps['rating-check']!.branches).toHaveLength(1);
  });
});
