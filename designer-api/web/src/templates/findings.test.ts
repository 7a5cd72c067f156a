import { describe, expect, it } from 'vitest';
import type { Finding } from '../authoring/findings';
import { fieldFindings, memberFindings, sectionFindings, targetOf } from './findings';

const finding = (path: string, code = 'x'): Finding => ({ code, severity: 'error', path, message: { 'zh-CN': code, en: code } });

describe('the findings of a field', () => {
  const findings = [
    finding("$.fields['reason'].label.en", 'text.missing-language'),
    finding("$.fields['goals[].result'].label", 'field.missing-label'),
    finding('$.schema.properties.reason.maxLength', 'schema.invalid-keyword-value'),
    finding('$.schema.properties.reasons', 'other-field'),
    finding('$.computed[0].expression', 'expression.syntax'),
    finding('$.rules[1].assert', 'expression.unknown-field'),
    finding('$.sections[1].title.en', 'text.missing-language'),
  ];
  const document = { computed: [{ field: 'average', expression: '(' }], rules: [{ key: 'a', field: 'average' }, { key: 'b', field: 'reason' }] };

  it('are those at its entry, its schema, its computed expression and its rules', () => {
    expect(fieldFindings(findings, document, 'reason').map((f) => f.path)).toEqual(["$.fields['reason'].label.en", '$.schema.properties.reason.maxLength', '$.rules[1].assert']);
    expect(fieldFindings(findings, document, 'average').map((f) => f.code)).toEqual(['expression.syntax']);
  });

  it('include its members\' and a member has its own', () => {
    expect(fieldFindings(findings, document, 'goals').map((f) => f.code)).toEqual(['field.missing-label']);
    expect(memberFindings(findings, 'goals', 'result').map((f) => f.code)).toEqual(['field.missing-label']);
  });

  it('of a role are its field\'s, a nested role its member\'s, at any depth', () => {
    const roles = [finding("$.roles['goals[].result']", 'roles.not-a-rating'), finding("$.roles['plans[].actions[].due']", 'roles.unknown-role'), finding('$.schema.properties.plans.items.properties.actions.items.properties.due.format', 'schema')];
    expect(fieldFindings(roles, document, 'goals').map((f) => f.code)).toEqual(['roles.not-a-rating']);
    expect(memberFindings(roles, 'goals', 'result').map((f) => f.code)).toEqual(['roles.not-a-rating']);
    expect(memberFindings(roles, 'plans', 'actions', 'due').map((f) => f.code)).toEqual(['roles.unknown-role', 'schema']);
    expect(targetOf(roles[1]!, document)).toEqual({ kind: 'field', key: 'plans' });
  });

  it('of a section are found by its place', () => {
    expect(sectionFindings(findings, 1)).toHaveLength(1);
    expect(sectionFindings(findings, 0)).toHaveLength(0);
  });
});

describe('a finding chosen in the list', () => {
  const document = { computed: [{ field: 'average', expression: '(' }], sections: [{ key: 'basics' }, { key: 'ratings' }] };
  it('selects what it is about', () => {
    expect(targetOf(finding("$.fields['goals[].result'].label"), document)).toEqual({ kind: 'field', key: 'goals' });
    expect(targetOf(finding('$.schema.properties.reason.maxLength'), document)).toEqual({ kind: 'field', key: 'reason' });
    expect(targetOf(finding('$.computed[0].expression'), document)).toEqual({ kind: 'field', key: 'average' });
    expect(targetOf(finding('$.sections[1].title.en'), document)).toEqual({ kind: 'section', key: 'ratings' });
    expect(targetOf(finding('$.rules[0].assert'), document)).toEqual({ kind: 'rules' });
    expect(targetOf(finding('$.title.en'), document)).toEqual({ kind: 'form' });
  });
});
