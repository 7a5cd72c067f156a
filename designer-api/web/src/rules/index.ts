/**
 * Builders for computed fields, cross-field rules and conditions without writing Scriban for the common cases
 * (docs/templates.md "computed", "rules", "Expressions"; docs/processes.md "Conditions"). A page showing them loads
 * the `rules` texts: `page(() => import(...), 'Name', [..., 'rules'])` in App.tsx.
 */
export type { FieldInfo, Operand, Text } from './fields';
export { fieldsOf, operandsOf } from './fields';
export type { Rule, RuleSpec } from './rules';
export { recogniseRule } from './rules';
export type { Condition, ConditionRow, Operator } from './conditions';
export { conditionText, recogniseCondition } from './conditions';
export type { ComputedSpec } from './computed';
export { computedText, recogniseComputed } from './computed';
export { RulesEditor } from './RulesEditor';
export { ComputedEditor } from './ComputedEditor';
export { ConditionBuilder } from './ConditionBuilder';
