import { describe, expect, it } from 'vitest';
import { afterStart, defaultSubject, subjectOptions, type Candidate } from './start';

const li: Candidate = { id: 'E012', name: { 'zh-CN': '李娜', en: 'Na Li' } };
const wang: Candidate = { id: 'E013', name: { 'zh-CN': '王强', en: 'Qiang Wang' } };
const zhang: Candidate = { id: 'E011', name: { 'zh-CN': '张伟', en: 'Wei Zhang' } };

describe('whom a start is for by default', () => {
  it('is oneself when one may start it for oneself', () => {
    expect(defaultSubject([zhang, li, wang], 'E011')).toBe('E011');
  });
  it('is the only person offered', () => {
    expect(defaultSubject([li], 'E011')).toBe('E012');
  });
  it('is nobody when the person must choose among several', () => {
    expect(defaultSubject([li, wang], 'E011')).toBeUndefined();
  });
});

describe('after a start', () => {
  it("opens the starter's own first task", () => {
    expect(afterStart({ instanceId: 'I1', taskId: 'T 1' })).toEqual({ kind: 'task', path: '/tasks/T%201' });
  });
  it('says it started when someone else acts first', () => {
    expect(afterStart({ instanceId: 'I1', taskId: null })).toEqual({ kind: 'started', instanceId: 'I1' });
  });
});

describe('the people offered', () => {
  it('name oneself as oneself', () => {
    const options = subjectOptions([zhang, li], 'E011', (c) => c.name['zh-CN'], (name) => `我自己（${name}）`);
    expect(options).toEqual([
      { value: 'E011', label: '我自己（张伟）' },
      { value: 'E012', label: '李娜' },
    ]);
  });
});
