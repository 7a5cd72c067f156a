import type { Schemas } from '../api/client';

/** A published indicator as `GET /api/indicators` answers it. */
export type PublishedIndicator = Schemas['IndicatorResponse'];

/** Whom an indicator (or a grade) is for: department ids (with those below), levels, role families; empty means anyone. */
export interface Scope {
  departments?: string[];
  levels?: string[];
  roleFamilies?: string[];
}

export interface Grade extends Scope {
  target?: number;
  threshold?: number;
}

/** An indicator document as an author edits it (`"formflow": "indicator/1"`, docs/indicators.md). */
export interface IndicatorDocument {
  formflow: 'indicator/1';
  key: string;
  name: { 'zh-CN': string; en: string };
  definition: { 'zh-CN': string; en: string };
  unit: string;
  direction: 'higher-better' | 'lower-better';
  dataSource: string;
  frequency: 'weekly' | 'biweekly' | 'monthly' | 'quarterly';
  target?: number;
  threshold?: number;
  warnAfter?: number;
  appliesTo?: Scope;
  grades?: Grade[];
}

export const directions = ['higher-better', 'lower-better'] as const;
export const frequencies = ['weekly', 'biweekly', 'monthly', 'quarterly'] as const;

/** The role families the shipped KPI form knows (its `role_family` options); the library may name others. */
export const knownRoleFamilies = ['sales-rep', 'customer-service', 'product-manager'] as const;

const keyPattern = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Whether a text is an indicator key: lower-case letters, digits and -, at most 64 characters. */
export function isIndicatorKey(text: string): boolean {
  return keyPattern.test(text);
}

/** A new indicator's first document: what the author fills in, the defaults the KPI form also uses. */
export function blankIndicator(key: string, nameZh = '', nameEn = ''): IndicatorDocument {
  return {
    formflow: 'indicator/1',
    key,
    name: { 'zh-CN': nameZh, en: nameEn },
    definition: { 'zh-CN': '', en: '' },
    unit: '',
    direction: 'higher-better',
    dataSource: '',
    frequency: 'monthly',
    warnAfter: 2,
    appliesTo: { departments: [], levels: [], roleFamilies: [] },
    grades: [],
  };
}

/** The document with one member changed; `undefined` removes it (an emptied number is not a zero). */
export function withMember<K extends keyof IndicatorDocument>(document: IndicatorDocument, member: K, value: IndicatorDocument[K] | undefined): IndicatorDocument {
  const next = { ...document };
  if (value === undefined) delete next[member];
  else next[member] = value;
  return next;
}

/** The document with one list of `appliesTo` replaced. */
export function withScope(document: IndicatorDocument, list: keyof Scope, values: string[]): IndicatorDocument {
  return { ...document, appliesTo: { ...(document.appliesTo ?? {}), [list]: cleanList(values) } };
}

/** The document with grade `index` changed (a member set to `undefined` is removed). */
export function withGrade(document: IndicatorDocument, index: number, change: Partial<Grade>): IndicatorDocument {
  const grades = [...(document.grades ?? [])];
  const grade: Grade = { ...grades[index], ...change };
  for (const member of Object.keys(change) as (keyof Grade)[]) if (change[member] === undefined) delete grade[member];
  grades[index] = grade;
  return { ...document, grades };
}

export function addGrade(document: IndicatorDocument): IndicatorDocument {
  return { ...document, grades: [...(document.grades ?? []), { levels: [], target: document.target }] };
}

export function removeGrade(document: IndicatorDocument, index: number): IndicatorDocument {
  return { ...document, grades: (document.grades ?? []).filter((_, i) => i !== index) };
}

/** Trimmed, without empty or repeated entries, as the library stores a list. */
export function cleanList(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => v.trim()).filter((v) => v.length > 0))];
}

/** The departments above each department (`parentId`), to tell whether a department lies under another. */
export type Parents = ReadonlyMap<string, string | null | undefined>;

/** A department and every one above it, nearest first. */
export function departmentChain(department: string, parents: Parents): string[] {
  const chain: string[] = [];
  for (let at: string | null | undefined = department; at && !chain.includes(at); at = parents.get(at)) chain.push(at);
  return chain;
}

export interface LibraryFilter {
  department?: string;
  level?: string;
  roleFamily?: string;
  search?: string;
}

/**
 * The indicators a filter keeps: for a department, level or role family, those that apply to it (an empty list in
 * `appliesTo` applies to anyone; a department's list includes the departments below it, or a grade names it); the
 * search looks in the key, both names and both definitions.
 */
export function filterLibrary<T extends PublishedIndicator>(library: readonly T[], filter: LibraryFilter, parents: Parents = new Map()): T[] {
  const search = filter.search?.trim().toLowerCase() ?? '';
  const chain = filter.department ? departmentChain(filter.department, parents) : [];
  const fits = (list: readonly string[] | undefined, value: string | undefined, match: (entry: string, value: string) => boolean) =>
    !value || !list || list.length === 0 || list.some((entry) => match(entry, value));
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  return library.filter((indicator) => {
    const scope = indicator.appliesTo;
    if (filter.department && !fits(scope.departments, filter.department, (entry) => chain.includes(entry))) return false;
    if (!fits(scope.levels, filter.level, same) && !indicator.grades.some((g) => g.levels.some((l) => same(l, filter.level!)))) return false;
    if (!fits(scope.roleFamilies, filter.roleFamily, same)) return false;
    if (!search) return true;
    return [indicator.key, indicator.name['zh-CN'], indicator.name.en, indicator.definition['zh-CN'], indicator.definition.en].some((text) => text.toLowerCase().includes(search));
  });
}

/** Every level and role family the library names (its scopes and grades), sorted, for the filters. */
export function valuesIn(library: readonly PublishedIndicator[]): { levels: string[]; roleFamilies: string[] } {
  const levels = new Set<string>();
  const families = new Set<string>(knownRoleFamilies);
  for (const indicator of library) {
    indicator.appliesTo.levels.forEach((l) => levels.add(l));
    indicator.appliesTo.roleFamilies.forEach((f) => families.add(f));
    for (const grade of indicator.grades) {
      grade.levels.forEach((l) => levels.add(l));
      grade.roleFamilies.forEach((f) => families.add(f));
    }
  }
  return { levels: [...levels].sort(), roleFamilies: [...families].sort() };
}

/** A number as a person reads it: 150, 0.5, without trailing zeros. */
export function shown(value: number | null | undefined): string {
  return value == null ? '–' : String(Number(value.toFixed(4)));
}
