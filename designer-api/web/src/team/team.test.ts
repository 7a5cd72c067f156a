import { describe, expect, it } from 'vitest';
import type { Schemas } from '../api/client';
import { byUrgency, cyclesOf, teamFigures } from './team';

type Item = Schemas['InstanceItemResponse'];

function item(id: string, subject: string, options: { cycle?: string; status?: string; due?: string; overdue?: boolean } = {}): Item {
  return {
    id,
    process: { id: 'annual-review', title: { 'zh-CN': '年度', en: 'Annual' } },
    cycleId: options.cycle,
    cycleName: options.cycle ? `${options.cycle} name` : undefined,
    subject: { id: subject, name: { 'zh-CN': subject, en: subject } },
    status: options.status ?? 'running',
    startedAt: '2026-12-01T00:00:00Z',
    active: [],
    openTasks: options.due ? [{ step: { id: 's', title: { 'zh-CN': 's', en: 's' } }, dueAt: options.due, overdue: options.overdue ?? false }] : [],
  } as Item;
}

describe('the team page', () => {
  it('offers each cycle once, newest first', () => {
    expect(cyclesOf([item('1', 'A', { cycle: 'c2' }), item('2', 'B', { cycle: 'c1' }), item('3', 'C', { cycle: 'c2' }), item('4', 'D')])).toEqual([
      { id: 'c2', name: 'c2 name' },
      { id: 'c1', name: 'c1 name' },
    ]);
  });
  it('counts people, not instances', () => {
    expect(teamFigures([item('1', 'A', { due: '2026-12-01T00:00:00Z', overdue: true }), item('2', 'A'), item('3', 'B', { status: 'completed' })])).toEqual({ people: 2, running: 1, overdue: 1 });
  });
  it('puts the overdue first, then the soonest due', () => {
    const sorted = byUrgency([item('1', 'A', { due: '2026-12-20T00:00:00Z' }), item('2', 'B'), item('3', 'C', { due: '2026-12-01T00:00:00Z', overdue: true }), item('4', 'D', { due: '2026-12-10T00:00:00Z' })], 'en');
    expect(sorted.map((i) => i.id)).toEqual(['3', '4', '1', '2']);
  });
});
