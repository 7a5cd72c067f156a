import { describe, expect, it } from 'vitest';
import { stepTitles } from './steps';

describe('step titles', () => {
  it('are read from the process definition', () => {
    const titles = stepTitles({ steps: { 'self-review': { kind: 'form', title: { 'zh-CN': '员工自评', en: 'Self-review' } }, end: { kind: 'end' } } });
    expect([...titles.keys()]).toEqual(['self-review']);
    expect(titles.get('self-review')?.en).toBe('Self-review');
  });
  it('are none for a document without steps', () => {
    expect(stepTitles(null).size).toBe(0);
    expect(stepTitles({ steps: 3 }).size).toBe(0);
  });
});
