import { isTask, type Branch, type ProcessDocument, type ProcessStep, type StepKind, type Texts } from './document';

/**
 * The process as the DingTalk-style chain shows it — a column of steps from the start down, decisions (and parallel
 * branches) side by side, converging below — and the edits the chain offers ("+" between cards, a branch more, a step
 * less), as pure functions of the document. The document stays the truth: the chain is read from it after every
 * edit, and a document that does not fit a chain (a loop, a step nothing reaches) is still shown whole: a loop as a
 * "back to …" mark, a step nothing reaches in a list of its own.
 */

/** Where a step is named from: the document's `start`, or a member of a step (`next`, `otherwise`, `join`, branch i). */
export interface Pointer {
  step: string | null;
  member: 'next' | 'otherwise' | 'join' | number;
}

export type ChainNode =
  | { type: 'step'; id: string; via: Pointer[] }
  | { type: 'end'; id: string; via: Pointer[] }
  | { type: 'split'; id: string; kind: 'decision' | 'parallel'; via: Pointer[]; branches: ChainBranch[]; converge: string | null }
  /** `next` names a step shown above: the process loops back there. */
  | { type: 'jump'; to: string; via: Pointer[] }
  /** `next` names no step at all (lint says `process.unknown-step`). */
  | { type: 'missing'; to: string | undefined; via: Pointer[] };

export interface ChainBranch {
  /** The branch's place in `branches`, or `otherwise`. */
  index: number | 'otherwise';
  when?: string;
  nodes: ChainNode[];
  /** The pointers that leave the branch towards where the branches meet (the branch's own pointer when it is empty). */
  exits: Pointer[];
}

export interface Chain {
  nodes: ChainNode[];
  /** False when the chain had to show a loop as a jump back: the graph shows the process as it is. */
  fits: boolean;
  /** Steps no path from the start reaches, in document order: shown apart so that nothing is lost. */
  apart: string[];
}

/** The steps a step goes on to, in the order the chain shows them. */
export function targetsOf(step: ProcessStep): string[] {
  if (step.kind === 'decision') return [...((step.branches ?? []) as Branch[]).map((b) => b.next), step.otherwise ?? ''];
  if (step.kind === 'parallel') return [...((step.branches ?? []) as string[])];
  return step.kind === 'end' ? [] : [step.next ?? ''];
}

/** The steps met from `from` on its straight way down (a decision's or parallel's way resumes where its branches meet). */
function spine(document: ProcessDocument, from: string, resolving: Set<string>): string[] {
  const seen: string[] = [];
  let current: string | null | undefined = from;
  while (current && document.steps[current] && !seen.includes(current)) {
    seen.push(current);
    const step: ProcessStep = document.steps[current]!;
    if (step.kind === 'end') break;
    if (step.kind === 'decision') {
      if (resolving.has(current)) break;
      current = convergence(document, current, resolving);
    } else if (step.kind === 'parallel') current = step.join ? (document.steps[step.join]?.next ?? null) : null;
    else current = step.next;
  }
  return seen;
}

/** Where a decision's branches meet again: the first step every branch reaches, or null when they never meet. */
export function convergence(document: ProcessDocument, decision: string, resolving = new Set<string>()): string | null {
  const step = document.steps[decision];
  if (!step) return null;
  if (step.kind === 'parallel') return step.join ?? null;
  const inner = new Set(resolving).add(decision);
  const spines = targetsOf(step)
    .filter((target) => target)
    .map((target) => spine(document, target, inner));
  if (spines.length === 0) return null;
  return spines[0]!.find((id) => spines.every((other) => other.includes(id))) ?? null;
}

/** The chain of a document. */
export function toChain(document: ProcessDocument): Chain {
  const placed = new Set<string>();
  let fits = true;

  function walk(from: string | undefined, via: Pointer[], stop: Set<string>): { nodes: ChainNode[]; exits: Pointer[] } {
    const nodes: ChainNode[] = [];
    let current = from;
    let into = via;
    for (;;) {
      if (current !== undefined && stop.has(current)) return { nodes, exits: into };
      const step = current ? document.steps[current] : undefined;
      if (!current || !step) {
        nodes.push({ type: 'missing', to: current, via: into });
        return { nodes, exits: [] };
      }
      if (placed.has(current)) {
        fits = false;
        nodes.push({ type: 'jump', to: current, via: into });
        return { nodes, exits: [] };
      }
      placed.add(current);
      if (step.kind === 'end') {
        nodes.push({ type: 'end', id: current, via: into });
        return { nodes, exits: [] };
      }
      if (step.kind === 'decision' || step.kind === 'parallel') {
        const converge = convergence(document, current);
        const inner = converge ? new Set(stop).add(converge) : stop;
        const id = current;
        const branches: ChainBranch[] =
          step.kind === 'decision'
            ? [
                ...((step.branches ?? []) as Branch[]).map((branch, index) => ({
                  index,
                  when: branch.when,
                  ...walk(branch.next, [{ step: id, member: index }], inner),
                })),
                { index: 'otherwise' as const, ...walk(step.otherwise, [{ step: id, member: 'otherwise' }], inner) },
              ]
            : ((step.branches ?? []) as string[]).map((first, index) => ({ index, ...walk(first, [{ step: id, member: index }], inner) }));
        nodes.push({ type: 'split', id, kind: step.kind, via: into, branches, converge });
        if (!converge) return { nodes, exits: [] };
        current = converge;
        into = branches.flatMap((branch) => branch.exits);
        continue;
      }
      nodes.push({ type: 'step', id: current, via: into });
      into = [{ step: current, member: 'next' }];
      current = step.next;
    }
  }

  const { nodes } = walk(document.start, [{ step: null, member: 'next' }], new Set());
  const apart = Object.keys(document.steps).filter((id) => !placed.has(id));
  return { nodes, fits, apart };
}

// ————— edits —————

const copy = (document: ProcessDocument): ProcessDocument => structuredClone(document);

/** Points `pointer` at `target`. */
function point(document: ProcessDocument, pointer: Pointer, target: string) {
  if (pointer.step === null) {
    document.start = target;
    return;
  }
  const step = document.steps[pointer.step];
  if (!step) return;
  if (typeof pointer.member === 'number') {
    const branches = step.branches ?? [];
    if (step.kind === 'decision') (branches as Branch[])[pointer.member] = { ...(branches as Branch[])[pointer.member]!, next: target };
    else (branches as string[])[pointer.member] = target;
  } else step[pointer.member] = target;
}

/** A step id not yet taken, from the kind: `approval`, `approval-2`, … */
export function freeId(document: ProcessDocument, base: string): string {
  if (!document.steps[base]) return base;
  for (let n = 2; ; n++) if (!document.steps[`${base}-${n}`]) return `${base}-${n}`;
}

/** The kinds the "+" offers, in the order of its menu. */
export const addableKinds = ['form', 'review', 'approval', 'confirmation', 'notify', 'wait', 'recurring', 'for-each', 'start-process', 'decision'] as const;
export type AddableKind = (typeof addableKinds)[number];

const titles: Record<AddableKind, Texts> = {
  form: { 'zh-CN': '填写', en: 'Fill in' },
  review: { 'zh-CN': '审阅', en: 'Review' },
  approval: { 'zh-CN': '审批', en: 'Approval' },
  confirmation: { 'zh-CN': '双方确认', en: 'Both confirm' },
  notify: { 'zh-CN': '抄送', en: 'Notify' },
  wait: { 'zh-CN': '等待', en: 'Wait' },
  recurring: { 'zh-CN': '定期 Check-in', en: 'Recurring check-in' },
  'for-each': { 'zh-CN': '逐人填写', en: 'For each person' },
  'start-process': { 'zh-CN': '启动流程', en: 'Start a process' },
  decision: { 'zh-CN': '条件分支', en: 'Condition' },
};

/** The task step nearest above these pointers (what an approval returns to by default). */
function taskAbove(document: ProcessDocument, via: Pointer[]): string | undefined {
  const seen = new Set<string>();
  let ids = via.map((p) => p.step).filter((id): id is string => !!id);
  while (ids.length > 0) {
    const task = ids.find((id) => isTask(document.steps[id]));
    if (task) return task;
    ids.forEach((id) => seen.add(id));
    ids = Object.entries(document.steps)
      .filter(([id, step]) => !seen.has(id) && targetsOf(step).some((t) => ids.includes(t)))
      .map(([id]) => id);
  }
  return undefined;
}

/** A new step of a kind, as the "+" adds it: a sensible first rule the author then adjusts in its panel. */
export function newStep(document: ProcessDocument, kind: AddableKind, next: string, via: Pointer[]): ProcessStep {
  const form = Object.keys(document.forms)[0];
  const title = { ...titles[kind] };
  const task = form ? { form } : {};
  switch (kind) {
    case 'form':
      return { kind, title, ...task, assignee: 'subject', write: [], next };
    case 'review':
      return { kind, title, ...task, author: 'subject', write: [], reviewer: 'manager', reviewerRead: '*', next };
    case 'approval':
      return { kind, title, ...task, approvers: ['manager'], mode: 'one', read: '*', returnTo: taskAbove(document, via) ?? next, next };
    case 'confirmation':
      return {
        kind,
        title,
        ...task,
        parties: [
          { assignee: 'subject', read: '*', write: [] },
          { assignee: 'manager', read: '*', write: [] },
        ],
        next,
      };
    case 'notify':
      return { kind, title, message: { 'zh-CN': '', en: '' }, to: ['manager'], next };
    case 'wait':
      return { kind, title, for: 'P7D', next };
    case 'recurring':
      return { kind, title, ...task, assignee: 'subject', every: 'P1M', count: 3, write: [], next };
    case 'for-each':
      return { kind, title, ...task, people: '', write: [], next };
    case 'start-process':
      return { kind, title, process: '', next };
    case 'decision':
      return { kind, title, branches: [{ when: '', next }], otherwise: next };
  }
}

/**
 * Adds a step where a "+" stands: every pointer of `via` now names the new step, which goes on to `next` (the step
 * that was there). A chain ending nowhere gets an end first. Answers the document and the new step's id.
 */
export function insertStep(document: ProcessDocument, via: Pointer[], next: string | null, kind: AddableKind): { document: ProcessDocument; id: string } {
  const result = copy(document);
  let target = next;
  if (!target || !result.steps[target]) {
    target = freeId(result, 'end');
    result.steps[target] = { kind: 'end' };
  }
  const id = freeId(result, kind);
  result.steps[id] = newStep(result, kind, target, via);
  for (const pointer of via) point(result, pointer, id);
  return { document: result, id };
}

/** Adds a condition branch to a decision, before 其他情况, going straight to where the branches meet. */
export function addBranch(document: ProcessDocument, decision: string): ProcessDocument {
  const result = copy(document);
  const step = result.steps[decision];
  if (!step || step.kind !== 'decision') return document;
  let target = convergence(result, decision);
  if (!target) {
    target = freeId(result, 'end');
    result.steps[target] = { kind: 'end' };
  }
  step.branches = [...((step.branches ?? []) as Branch[]), { when: '', next: target }];
  return result;
}

/** The step ids a part of the chain shows, its branches' included. */
export function stepsOf(nodes: ChainNode[]): string[] {
  return nodes.flatMap((node) =>
    node.type === 'step' || node.type === 'end' ? [node.id] : node.type === 'split' ? [node.id, ...node.branches.flatMap((b) => stepsOf(b.nodes))] : [],
  );
}

/** Every pointer in the document that names `id`. */
function pointersTo(document: ProcessDocument, id: string): Pointer[] {
  const found: Pointer[] = document.start === id ? [{ step: null, member: 'next' }] : [];
  for (const [from, step] of Object.entries(document.steps)) {
    if (step.next === id) found.push({ step: from, member: 'next' });
    if (step.otherwise === id) found.push({ step: from, member: 'otherwise' });
    if (step.join === id) found.push({ step: from, member: 'join' });
    (step.branches ?? []).forEach((branch, index) => {
      if ((typeof branch === 'string' ? branch : branch.next) === id) found.push({ step: from, member: index });
    });
  }
  return found;
}

/**
 * Takes a step out of the chain: what led to it now leads to the step after it. A decision goes with its branches'
 * steps, keeping the steps below where they meet. A step something returns to (`returnTo`) is named in the answer,
 * so that the page can say what lint will then report.
 */
export function removeStep(document: ProcessDocument, id: string): ProcessDocument {
  const step = document.steps[id];
  if (!step || step.kind === 'end') return document;
  const result = copy(document);
  let after: string | undefined;
  if (step.kind === 'decision' || step.kind === 'parallel') {
    const chain = toChain(document);
    const split = findSplit(chain.nodes, id);
    after = split?.converge ?? undefined;
    const inside = split ? split.branches.flatMap((b) => stepsOf(b.nodes)) : [];
    for (const gone of inside) if (gone !== after) delete result.steps[gone];
    if (step.kind === 'parallel' && step.join) {
      after = document.steps[step.join]?.next;
      delete result.steps[step.join];
    }
  } else after = step.next;
  if (!after || !result.steps[after]) {
    after = freeId(result, 'end');
    result.steps[after] = { kind: 'end' };
  }
  for (const pointer of pointersTo(result, id)) point(result, pointer, after);
  delete result.steps[id];
  return result;
}

/** Takes a branch out of a decision with the steps only it shows; a decision keeps one branch and 其他情况 at least. */
export function removeBranch(document: ProcessDocument, decision: string, index: number): ProcessDocument {
  const step = document.steps[decision];
  const branches = (step?.branches ?? []) as Branch[];
  if (!step || step.kind !== 'decision' || branches.length <= 1 || !branches[index]) return document;
  const split = findSplit(toChain(document).nodes, decision);
  const result = copy(document);
  const gone = split?.branches.find((b) => b.index === index);
  for (const id of gone ? stepsOf(gone.nodes) : []) if (id !== split?.converge) delete result.steps[id];
  result.steps[decision]!.branches = branches.filter((_, i) => i !== index);
  return result;
}

/** Sets a branch's condition. */
export function setCondition(document: ProcessDocument, decision: string, index: number, when: string): ProcessDocument {
  const result = copy(document);
  const branches = result.steps[decision]?.branches as Branch[] | undefined;
  if (!branches?.[index]) return document;
  branches[index] = { ...branches[index], when };
  return result;
}

/** Replaces one step. */
export function replaceStep(document: ProcessDocument, id: string, step: ProcessStep): ProcessDocument {
  return { ...document, steps: { ...document.steps, [id]: step } };
}

export function findSplit(nodes: ChainNode[], id: string): Extract<ChainNode, { type: 'split' }> | undefined {
  for (const node of nodes) {
    if (node.type !== 'split') continue;
    if (node.id === id) return node;
    for (const branch of node.branches) {
      const found = findSplit(branch.nodes, id);
      if (found) return found;
    }
  }
  return undefined;
}

export const kindOf = (document: ProcessDocument, id: string): StepKind | undefined => document.steps[id]?.kind;
