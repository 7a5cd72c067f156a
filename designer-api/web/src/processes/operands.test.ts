import { describe, expect, it } from 'vitest';
import cases from '../rules/builder-cases.json';
import { conditionText, recogniseCondition, type Condition } from '../rules/conditions';
import { operandsOf, roles, subjectOperands, type DepartmentEntry } from './operands';
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

// Shared with the engine (tests/FormFlow.Engine.Tests/Processes/SubjectBuilderCasesTests.cs), which evaluates each
// Scriban on the subjects of its samples.
const departments = cases.subject.departments as DepartmentEntry[];
const labelled = (key: string) => ({ 'zh-CN': `zh:${key}`, en: `en:${key}` });
const subject = subjectOperands(departments, labelled);

describe('what a condition may read of the person', () => {
  it('is their level as text, their department among the organisation’s, their roles', () => {
    expect(subject.map((o) => [o.expression, o.label.en, o.operators])).toEqual([
      ['subject.level', 'en:processes.subject.level', ['eq', 'ne', 'oneOf', 'atLeast', 'atMost']],
      ['subject.department', 'en:processes.subject.department', ['within', 'is']],
      ['subject.roles', 'en:processes.subject.role', ['has']],
      ['subject.tenure_months', 'en:processes.subject.tenure', ['ge', 'gt', 'lt', 'le']],
    ]);
    expect(subject[2]!.options).toEqual(roles.map((role) => ({ value: role, label: labelled(`role.${role}`) })));
  });

  it('offers the departments as a tree, each under its parent, indented, with its id', () => {
    expect(subject[1]!.options!.map((o) => o.label['zh-CN'])).toEqual(['总部（D000）', '\u3000人力资源部（D100）', '\u3000研发中心（D200）', '\u3000\u3000平台研发部（D210）']);
    expect(subject[1]!.options!.map((o) => o.label.en)).toEqual(['Headquarters (D000)', '\u3000Human Resources (D100)', '\u3000R&D Center (D200)', '\u3000\u3000Platform R&D (D210)']);
  });

  it.each(cases.subject.conditions)('is written as Scriban: $name', ({ condition, scriban }) => {
    expect(conditionText(condition as Condition, subject)).toBe(scriban);
  });

  it.each(cases.subject.conditions)('is read back from its Scriban: $name', ({ condition, scriban }) => {
    expect(recogniseCondition(scriban, subject)).toEqual(condition);
  });

  it('reads back a person’s condition next to a form’s field', () => {
    const document = { ...newProcess('p', { 'zh-CN': '流程', en: 'Process' }, 'D210'), forms: { record: 'interview-record@2' } };
    const all = [...operandsOf(document, [record]), ...subject];
    const scriban = 'forms.record.overall_rating <= 2 || subject.roles | array.contains "manager"';
    expect(conditionText({ combine: 'or', rows: [{ operand: 'forms.record.overall_rating', operator: 'le', values: ['2'] }, { operand: 'subject.roles', operator: 'has', values: ['manager'] }] }, all)).toBe(
      'forms.record.overall_rating <= 2 || (subject.roles | array.contains "manager")',
    );
    expect(recogniseCondition('forms.record.overall_rating <= 2 || (subject.roles | array.contains "manager")', all)?.rows).toHaveLength(2);
    expect(recogniseCondition(scriban, all)).toBeUndefined();
  });

  it.each([
    'subject.department == "D999"',
    'subject.departments | array.contains "D999"',
    'subject.roles | array.contains "owner"',
    '(subject.roles ?? []) | array.contains "hrbp"',
    'subject.level > "M1"',
    'subject.level == 2',
  ])('leaves what it does not write to expert mode: %s', (scriban) => {
    expect(recogniseCondition(scriban, subject)).toBeUndefined();
  });

  it('writes nothing for a department or role that is not offered', () => {
    expect(conditionText({ combine: 'and', rows: [{ operand: 'subject.department', operator: 'within', values: ['D999'] }] }, subject)).toBe('');
    expect(conditionText({ combine: 'and', rows: [{ operand: 'subject.roles', operator: 'has', values: ['owner'] }] }, subject)).toBe('');
    expect(conditionText({ combine: 'and', rows: [{ operand: 'subject.level', operator: 'gt', values: ['M1'] }] }, subject)).toBe('');
  });
});
