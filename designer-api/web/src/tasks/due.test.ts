import { describe, expect, it } from 'vitest';
import { dueState, formatDate } from './due';

const at = (local: string) => new Date(local);

describe('where a due date stands', () => {
  it('counts calendar days overdue', () => {
    expect(dueState(at('2026-12-01T18:00:00').toISOString(), at('2026-12-03T09:00:00'))).toEqual({ kind: 'overdue', days: 2 });
    expect(dueState(at('2026-12-02T23:00:00').toISOString(), at('2026-12-03T08:00:00'))).toEqual({ kind: 'overdue', days: 1 });
  });

  it('tells a task due later today from one whose hour has passed', () => {
    expect(dueState(at('2026-12-03T18:00:00').toISOString(), at('2026-12-03T09:00:00'))).toEqual({ kind: 'today' });
    expect(dueState(at('2026-12-03T08:00:00').toISOString(), at('2026-12-03T09:00:00'))).toEqual({ kind: 'overdue-today' });
  });

  it('counts the days left', () => {
    expect(dueState(at('2026-12-10T18:00:00').toISOString(), at('2026-12-03T09:00:00'))).toEqual({ kind: 'upcoming', days: 7 });
  });

  it('is nothing without a due date', () => {
    expect(dueState(null, new Date())).toEqual({ kind: 'none' });
  });
});

describe('dates on screen', () => {
  it('read as the language writes them', () => {
    const iso = at('2026-12-02T12:00:00').toISOString();
    expect(formatDate(iso, 'zh-CN')).toBe('2026年12月2日');
    expect(formatDate(iso, 'en')).toBe('Dec 2, 2026');
  });
});
