/**
 * The shape of a process as a graph, and where each step goes on screen: a top-down layered layout computed here, with
 * no layout library (the process designer and the dry run draw the same picture from it).
 */

/** How one step leads to another. */
export type EdgeKind = 'next' | 'branch' | 'otherwise' | 'return' | 'parallel' | 'join';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** A branch's condition (`when`). */
  condition?: string;
}

export interface PlacedStep {
  id: string;
  kind: string;
  /** The row, from 0 at the start step down. */
  layer: number;
  /** The place in its row, from the left. */
  order: number;
  x: number;
  y: number;
}

export interface ProcessLayout {
  steps: PlacedStep[];
  edges: GraphEdge[];
  width: number;
  height: number;
}

export const nodeWidth = 220;
export const nodeHeight = 64;
const gapX = 48;
const gapY = 36;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : undefined);

/** The steps of a process document, by id, in the document's order; nothing when it has none it can read. */
export function stepsOf(document: unknown): [string, Json][] {
  const steps = isObject(document) ? document.steps : undefined;
  return isObject(steps) ? Object.entries(steps).filter((entry): entry is [string, Json] => isObject(entry[1])) : [];
}

/**
 * The edges of a process: `next`, each branch of a decision (with its condition) and its `otherwise`, `returnTo`
 * (back to an earlier step), a parallel's branches and the parallel's `join`. Members naming a step that does not
 * exist are left out (lint reports them).
 */
export function edgesOf(document: unknown): GraphEdge[] {
  const steps = stepsOf(document);
  const ids = new Set(steps.map(([id]) => id));
  const edges: GraphEdge[] = [];
  const add = (source: string, target: unknown, kind: EdgeKind, suffix: string, condition?: string) => {
    const to = text(target);
    if (to && ids.has(to)) edges.push({ id: `${source}:${suffix}`, source, target: to, kind, ...(condition !== undefined ? { condition } : {}) });
  };
  for (const [id, step] of steps) {
    const branches = Array.isArray(step.branches) ? step.branches : [];
    if (step.kind === 'decision') {
      branches.forEach((branch, i) => {
        if (isObject(branch)) add(id, branch.next, 'branch', `branch${i}`, text(branch.when) ?? '');
      });
      add(id, step.otherwise, 'otherwise', 'otherwise');
    } else if (step.kind === 'parallel') {
      branches.forEach((branch, i) => add(id, branch, 'parallel', `parallel${i}`));
      add(id, step.join, 'join', 'join');
    }
    add(id, step.next, 'next', 'next');
    add(id, step.returnTo, 'return', 'returnTo');
  }
  return edges;
}

/**
 * Places the steps in rows, top-down: a step goes one row below the lowest step leading to it, so that every forward
 * edge points down (edges that close a loop — `returnTo`, or a `next` back to an earlier step — and a parallel's
 * `join`, which its branches already place, do not count). Within a row steps are ordered by where the steps above
 * leading to them are (their mean place), then by the document's order; each row is centred on x = 0.
 */
export function layoutProcess(document: unknown): ProcessLayout {
  const steps = stepsOf(document);
  const edges = edgesOf(document);
  const order = new Map(steps.map(([id], i) => [id, i]));
  const start = isObject(document) ? text(document.start) : undefined;

  const out = new Map<string, GraphEdge[]>(steps.map(([id]) => [id, []]));
  for (const edge of edges) if (edge.kind !== 'return' && edge.kind !== 'join') out.get(edge.source)!.push(edge);

  // Depth-first from the start, then from each step not reached yet (in the document's order): an edge to a step on
  // the current path closes a loop and does not place anything.
  const forward: GraphEdge[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const visit = (id: string) => {
    state.set(id, 'open');
    for (const edge of out.get(id)!) {
      const seen = state.get(edge.target);
      if (seen === 'open') continue;
      forward.push(edge);
      if (seen === undefined) visit(edge.target);
    }
    state.set(id, 'done');
  };
  if (start && order.has(start)) visit(start);
  for (const [id] of steps) if (!state.has(id)) visit(id);

  // Longest path over the forward edges, in topological order.
  const incoming = new Map<string, string[]>(steps.map(([id]) => [id, []]));
  for (const edge of forward) incoming.get(edge.target)!.push(edge.source);
  const layer = new Map<string, number>();
  const pending = new Map(steps.map(([id]) => [id, incoming.get(id)!.length]));
  const ready = steps.map(([id]) => id).filter((id) => pending.get(id) === 0);
  for (const id of ready) layer.set(id, 0);
  while (ready.length > 0) {
    const id = ready.shift()!;
    for (const edge of forward.filter((e) => e.source === id)) {
      layer.set(edge.target, Math.max(layer.get(edge.target) ?? 0, layer.get(id)! + 1));
      const left = pending.get(edge.target)! - 1;
      pending.set(edge.target, left);
      if (left === 0) ready.push(edge.target);
    }
  }

  const rows: string[][] = [];
  for (const [id] of steps) (rows[layer.get(id) ?? 0] ??= []).push(id);
  const place = new Map<string, number>();
  const placed: PlacedStep[] = [];
  let widest = 0;
  rows.forEach((row = [], r) => {
    const mean = (id: string) => {
      const above = incoming.get(id)!.filter((s) => place.has(s));
      return above.length === 0 ? Number.POSITIVE_INFINITY : above.reduce((sum, s) => sum + place.get(s)!, 0) / above.length;
    };
    const sorted = [...row].sort((a, b) => mean(a) - mean(b) || order.get(a)! - order.get(b)!);
    const rowWidth = sorted.length * nodeWidth + (sorted.length - 1) * gapX;
    widest = Math.max(widest, rowWidth);
    sorted.forEach((id, i) => {
      // Places are kept in row units centred on 0, so that rows of different lengths compare.
      place.set(id, i - (sorted.length - 1) / 2);
      placed.push({
        id,
        kind: text(steps[order.get(id)!]![1].kind) ?? '',
        layer: r,
        order: i,
        x: -rowWidth / 2 + i * (nodeWidth + gapX),
        y: r * (nodeHeight + gapY),
      });
    });
  });
  return { steps: placed, edges, width: widest, height: rows.length === 0 ? 0 : rows.length * nodeHeight + (rows.length - 1) * gapY };
}

/** The people a step names, as relations (`subject`, `manager`, `role:hrbp` …), in the document's order, each once. */
export function assigneesOf(step: Json): string[] {
  const list = (value: unknown) => (Array.isArray(value) ? value.map(text).filter((v): v is string => v !== undefined) : []);
  const names = [
    text(step.assignee),
    text(step.author),
    text(step.reviewer),
    ...list(step.approvers),
    ...(Array.isArray(step.parties) ? step.parties.map((p) => (isObject(p) ? text(p.assignee) : undefined)) : []),
    ...list(step.to),
  ].filter((v): v is string => v !== undefined);
  return [...new Set(names)];
}
