import { describe, expect, it } from 'vitest';
import { operandsOf } from './operands';
import { newProcess } from './document';

const record = {
  key: 'interview-record',
  version: 2,
  title: { 'zh-CN': '面谈记录', en: 'Interview record' },
  sections: [],
  fields: { overall_rating: { label: { 'zh-CN': '综合评级', en: 'Overall rating' } }, cycle: { label: { 'zh-CN': '周期', en: 'Cycle' }, options: { annual: { 'zh-CN': '年度', en: 'Annual' } } } },
  schema: { properties: { overall_rating: { type: 'integer' }, cycle: { type: 'string', enum: ['annual'] }, note: { type: ['string', 'null'] } } },
};

describe('what a condition may read', () => {
  it('is each top-level field of each form, named as conditions name it, with its label, type and options', () => {
    const document = { ...newProcess('p', { 'zh-CN': '流程', en: 'Process' }, 'D210'), forms: { record: 'interview-record@2', other: 'not-published' } };
    expect(operandsOf(document, [record])).toEqual([
      { expression: 'forms.record.overall_rating', label: { 'zh-CN': '面谈记录 · 综合评级', en: 'Interview record · Overall rating' }, type: 'integer' },
      {
        expression: 'forms.record.cycle',
        label: { 'zh-CN': '面谈记录 · 周期', en: 'Interview record · Cycle' },
        type: 'string',
        options: [{ value: 'annual', label: { 'zh-CN': '年度', en: 'Annual' } }],
      },
      { expression: 'forms.record.note', label: { 'zh-CN': '面谈记录 · note', en: 'Interview record · note' }, type: 'string' },
    ]);
  });
});
