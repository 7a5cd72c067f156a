import { findingsUnder, pathSegments, type Finding } from '../authoring/findings';
import type { TemplateDocument } from './model';

const listed = (document: TemplateDocument, member: 'computed' | 'rules' | 'sections'): unknown[] => (Array.isArray(document[member]) ? (document[member] as unknown[]) : []);
const named = (entry: unknown, key: string) => typeof entry === 'object' && entry !== null && (entry as { field?: unknown }).field === key;

/**
 * The lint findings about one top-level field, by the template's paths: its `fields` entries (its members' too), its
 * schema and uiSchema, its computed expression, and the rules checked at it.
 */
export function fieldFindings(findings: Finding[], document: TemplateDocument, key: string): Finding[] {
  const mine = findings.filter((finding) => {
    const [top, name] = pathSegments(finding.path);
    return (top === 'fields' || top === 'roles') && name !== undefined && (name === key || name.startsWith(`${key}[]`) || name.startsWith(`${key}.`));
  });
  mine.push(...findingsUnder(findings, 'schema', 'properties', key), ...findingsUnder(findings, 'uiSchema', key));
  listed(document, 'computed').forEach((entry, index) => named(entry, key) && mine.push(...findingsUnder(findings, 'computed', String(index))));
  listed(document, 'rules').forEach((entry, index) => named(entry, key) && mine.push(...findingsUnder(findings, 'rules', String(index))));
  return mine;
}

/**
 * The findings about one member of a repeating group (`'goal_results', 'self_rating'`), or of a group inside it
 * (`'development_goals', 'actions', 'deadline'`): its entry and its role at `a[].b`, its schema and its uiSchema.
 */
export function memberFindings(findings: Finding[], ...keys: string[]): Finding[] {
  const path = keys.join('[].');
  return [
    ...findingsUnder(findings, 'fields', path),
    ...findingsUnder(findings, 'roles', path),
    ...findingsUnder(findings, 'schema', 'properties', ...keys.flatMap((key, i) => (i === 0 ? [key] : ['items', 'properties', key]))),
    ...findingsUnder(findings, 'uiSchema', ...keys.flatMap((key, i) => (i === 0 ? [key] : ['items', key]))),
  ];
}

/** The findings on the role at a field's path (`overall_rating`, `goal_results[].self_rating`). */
export const roleFindings = (findings: Finding[], path: string): Finding[] => findingsUnder(findings, 'roles', path);

/** The findings about a section (by its place in `sections`). */
export function sectionFindings(findings: Finding[], index: number): Finding[] {
  return findingsUnder(findings, 'sections', String(index));
}

/** The findings about the rules (all of them, or one by its place). */
export function ruleFindings(findings: Finding[], index?: number): Finding[] {
  return index === undefined ? findingsUnder(findings, 'rules') : findingsUnder(findings, 'rules', String(index));
}

/** What a finding is about, for the designer to select: a top-level field, a section, the rules or the form itself. */
export type FindingTarget = { kind: 'field'; key: string } | { kind: 'section'; key: string } | { kind: 'rules' } | { kind: 'form' };

export function targetOf(finding: Finding, document: TemplateDocument): FindingTarget {
  const [top, name, third] = pathSegments(finding.path);
  const at = (member: 'computed' | 'sections', index: string | undefined) => {
    const entry = listed(document, member)[Number(index)] as { field?: unknown; key?: unknown } | undefined;
    return typeof entry?.[member === 'computed' ? 'field' : 'key'] === 'string' ? (entry[member === 'computed' ? 'field' : 'key'] as string) : undefined;
  };
  if ((top === 'fields' || top === 'roles') && name) return { kind: 'field', key: name.split(/[[.]/)[0]! };
  if (top === 'schema' && name === 'properties' && third) return { kind: 'field', key: third };
  if (top === 'uiSchema' && name && !name.startsWith('ui:')) return { kind: 'field', key: name };
  if (top === 'computed' && at('computed', name)) return { kind: 'field', key: at('computed', name)! };
  if (top === 'sections' && at('sections', name)) return { kind: 'section', key: at('sections', name)! };
  if (top === 'rules') return { kind: 'rules' };
  return { kind: 'form' };
}
