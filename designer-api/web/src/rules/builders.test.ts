import { describe, expect, it } from 'vitest';
import cases from './builder-cases.json';
import { conditionText, recogniseCondition, type Condition } from './conditions';
import { computedText, recogniseComputed, type ComputedSpec } from './computed';
import { fieldsOf, operandsOf, type FieldInfo } from './fields';
import { assertText, defaultMessage, keyFor, recogniseRule, ruleFrom, type RuleSpec } from './rules';

// The cases are shared with the engine's tests (RuleBuilderCasesTests), which run each expression on sample data.
const fields = cases.fields as FieldInfo[];
const operands = operandsOf(fields);

describe('a condition built with rows', () => {
  it.each(cases.conditions)('is written as Scriban: $name', ({ condition, scriban }) => {
    expect(conditionText(condition as Condition, operands)).toBe(scriban);
  });

  it.each(cases.conditions)('is read back from its Scriban: $name', ({ condition, scriban }) => {
    expect(recogniseCondition(scriban, operands)).toEqual(condition);
  });

  it('is no condition at all without rows, and the empty text is read back as no rows', () => {
    expect(conditionText({ combine: 'and', rows: [] }, operands)).toBe('');
    expect(recogniseCondition('  ', operands)).toEqual({ combine: 'and', rows: [] });
  });

  it('leaves out a row that lacks its value', () => {
    const condition: Condition = {
      combine: 'and',
      rows: [
        { operand: 'form.rating', operator: 'le', values: ['2'] },
        { operand: 'form.score_a', operator: 'gt', values: [''] },
        { operand: 'form.decision', operator: 'eq', values: ['not-an-option'] },
      ],
    };
    expect(conditionText(condition, operands)).toBe('form.rating <= 2');
  });

  it('writes a number only as digits, never a text where a number is compared', () => {
    expect(conditionText({ combine: 'and', rows: [{ operand: 'form.rating', operator: 'eq', values: ['1e3'] }] }, operands)).toBe('');
    expect(recogniseCondition('form.rating == "5"', operands)).toBeUndefined();
  });

  it('puts an operand that is not a plain member chain in parentheses', () => {
    const reviewers = [{ expression: 'forms.request.reviewers | array.size', label: { 'zh-CN': '评价人数', en: 'Reviewers' }, type: 'integer' as const }];
    const condition: Condition = { combine: 'and', rows: [{ operand: 'forms.request.reviewers | array.size', operator: 'ge', values: ['3'] }] };
    expect(conditionText(condition, reviewers)).toBe('(forms.request.reviewers | array.size) >= 3');
    expect(recogniseCondition('(forms.request.reviewers | array.size) >= 3', reviewers)).toEqual(condition);
  });

  it.each([
    'form.rating <= 2 && form.rating >= 1 || form.booked',
    'form.rating <= 2 and form.booked',
    'form.ratings <= 2',
    'form.rating <= 2 ',
    'form.rating<=2',
    '(form.rating <= 2)',
    'form.rating <= 2 && ',
    '(form.comment ?? "") | string.strip | string.size >= 10',
    '(form.goals ?? []) | array.map "status" | array.contains "off-track"',
    'form.decision == "maybe"',
    'form.comment == "unterminated',
  ])('is not read from Scriban it would not write (%s): that stays for expert mode', (text) => {
    const condition = recogniseCondition(text, operands);
    // Read back or not, never changed: what is read back writes the very same text.
    if (condition) expect(conditionText(condition, operands)).toBe(text.trim());
    else expect(condition).toBeUndefined();
  });
});

describe('a computed field built by choice', () => {
  it.each(cases.computed)('is written as Scriban: $name', ({ spec, scriban }) => {
    expect(computedText(spec as ComputedSpec, fields)).toBe(scriban);
  });

  it.each(cases.computed)('is read back from its Scriban: $name', ({ spec, scriban }) => {
    expect(recogniseComputed(scriban, fields)).toEqual(spec);
  });

  it('is not written while incomplete or over fields that do not fit', () => {
    expect(computedText({ kind: 'sum', fields: [] }, fields)).toBeUndefined();
    expect(computedText({ kind: 'sum', fields: ['comment'] }, fields)).toBeUndefined();
    expect(computedText({ kind: 'sumItems', group: 'kpis', member: 'name' }, fields)).toBeUndefined();
    expect(computedText({ kind: 'countWhere', group: 'kpis', member: 'kind', value: 'other' }, fields)).toBeUndefined();
    expect(computedText({ kind: 'count', field: 'rating' }, fields)).toBeUndefined();
  });

  it.each(['(form.actions ?? []) | array.size + 1', 'sum form.kpis "weight" ', 'sum [form.score_a, form.comment]', 'sum form.kpis "nothing"', 'math.round form.score_a 2'])(
    'is not read from other Scriban (%s)',
    (text) => {
      const spec = recogniseComputed(text, fields);
      if (spec) expect(computedText(spec, fields)).toBe(text.trim());
      else expect(spec).toBeUndefined();
    },
  );
});

describe('a rule built by choice', () => {
  it.each(cases.rules)('asserts in Scriban: $name', ({ spec, when, rule }) => {
    expect(assertText(spec as RuleSpec, fields)).toBe(rule.assert);
    expect(conditionText(when as Condition, operands)).toBe(rule.when ?? '');
  });

  it.each(cases.rules)('is read back from its Scriban: $name', ({ spec, when, rule }) => {
    expect(recogniseRule(rule, fields)).toEqual({ spec, when });
  });

  it.each(cases.rules)('proposes its message in both languages from the labels: $name', ({ spec, when, rule }) => {
    expect(defaultMessage(spec as RuleSpec, when as Condition, fields)).toEqual(rule.message);
  });

  it.each(cases.rules)('becomes the rule a template holds: $name', ({ spec, when, rule }) => {
    expect(ruleFrom({ spec: spec as RuleSpec, when: when as Condition }, fields, rule)).toEqual(rule);
  });

  it('gets a key of its own, from its field and kind', () => {
    const spec: RuleSpec = { kind: 'required', field: 'score_a' };
    expect(keyFor(spec, [])).toBe('score-a-required');
    expect(keyFor(spec, ['score-a-required', 'score-a-required-2'])).toBe('score-a-required-3');
    expect(keyFor({ kind: 'total', group: 'kpis', member: 'weight', total: '100' }, [])).toBe('kpis-total');
    expect(keyFor({ kind: 'required', field: '_x' }, [])).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it('is not written without its bounds or with a bound that is not a number', () => {
    expect(assertText({ kind: 'between', field: 'rating' }, fields)).toBeUndefined();
    expect(assertText({ kind: 'between', field: 'rating', min: 'low' }, fields)).toBeUndefined();
    expect(assertText({ kind: 'itemCount', group: 'kpis', bound: 'atMost', count: '-1' }, fields)).toBeUndefined();
    expect(assertText({ kind: 'equals', field: 'rating', other: 'rating' }, fields)).toBeUndefined();
  });
});

// The shipped templates' rules, read with the fields the builder would be given for them.
const shipped = import.meta.glob<{ key: string; schema: unknown; fields: unknown; rules?: { key: string; when?: string; assert: string }[]; computed?: { field: string; expression: string }[] }>(
  '../../../../templates/*.json',
  { import: 'default', eager: true },
);

describe("the shipped templates' rules and computed fields", () => {
  const all = Object.values(shipped).flatMap((template) => {
    const f = fieldsOf(template);
    return [
      ...(template.rules ?? []).map((rule) => ({ id: `${template.key}/${rule.key}`, built: recogniseRule(rule, f), rule, fields: f })),
    ];
  });

  it('are found', () => {
    expect(all.length).toBeGreaterThan(10);
  });

  it.each(all)('are read back unchanged or left to expert mode: $id', ({ built, rule, fields: f }) => {
    if (!built) return;
    expect(assertText(built.spec, f)).toBe(rule.assert);
    expect(conditionText(built.when, operandsOf(f))).toBe(rule.when ?? '');
  });

  it('that the builder would write open in the builder', () => {
    const read = all.filter((r) => r.built).map((r) => r.id);
    expect(read).toEqual(
      expect.arrayContaining([
        'kpi-setting/weights-sum-to-100',
        'kpi-setting/reason-when-objecting',
        'interview-record/plan-when-low-rating',
        'feedback-request-360/not-only-manager',
      ]),
    );
  });

  it('include the weight total, read as a sum over the indicators', () => {
    const kpi = Object.values(shipped).find((t) => t.key === 'kpi-setting')!;
    expect(recogniseComputed(kpi.computed![0]!.expression, fieldsOf(kpi))).toEqual({ kind: 'sumItems', group: 'kpis', member: 'weight' });
  });
});

describe('the fields of a template', () => {
  it('are every property with its label, options and members, $ref followed', () => {
    const kpi = Object.values(shipped).find((t) => t.key === 'kpi-setting')!;
    const f = fieldsOf(kpi);
    expect(f.map((x) => x.path)).toEqual(['period', 'role_family', 'kpis', 'total_weight', 'employee_decision', 'objection_reason', 'results']);
    const kpis = f.find((x) => x.path === 'kpis')!;
    expect(kpis.items?.map((m) => m.path)).toContain('kpis[].weight');
    expect(kpis.items?.find((m) => m.path === 'kpis[].frequency')?.options?.[0]).toEqual({ value: 'weekly', label: { 'zh-CN': '每周', en: 'Weekly' } });
    expect(f.find((x) => x.path === 'employee_decision')?.label).toEqual({ 'zh-CN': '员工确认', en: "Employee's response" });
  });

  it('include the members of an object under a dotted path, reached with ?. ', () => {
    const prep = Object.values(shipped).find((t) => t.key === 'interview-preparation-333')!;
    const f = fieldsOf(prep);
    expect(f.map((x) => x.path)).toContain('checklist.meeting_booked');
    expect(operandsOf(f).find((o) => o.label.en === f.find((x) => x.path === 'checklist.meeting_booked')!.label.en)?.expression).toBe('form.checklist?.meeting_booked');
  });
});
