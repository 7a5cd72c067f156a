import type { Schemas } from '../api/client';

type Person = Schemas['PersonResponse'];
type Department = Schemas['DepartmentResponse'];

/** A department of the tree as the wizard lists it: below its parent, `depth` levels down from a top department. */
export interface DepartmentOption {
  id: string;
  name: Schemas['Texts'];
  depth: number;
  peopleWithin: number;
}

/**
 * The departments the person may launch for, as a tree read top-down: each after its parent, siblings by id. A
 * department whose parent is not listed (the person may not launch for it) starts a tree of its own.
 */
export function departmentTree(departments: Department[]): DepartmentOption[] {
  const launchable = departments.filter((d) => d.mayLaunch);
  const ids = new Set(launchable.map((d) => d.id));
  const children = new Map<string | null, Department[]>();
  for (const d of launchable) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const tree: DepartmentOption[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const d of [...(children.get(parent) ?? [])].sort((a, b) => a.id.localeCompare(b.id))) {
      tree.push({ id: d.id, name: d.name, depth, peopleWithin: Number(d.peopleWithin) });
      visit(d.id, depth + 1);
    }
  };
  visit(null, 0);
  return tree;
}

/**
 * The processes the person may launch: those of the whole organisation, and those owned by a department they may launch
 * for (a head is not offered another department's process, which the launch would refuse).
 */
export function launchableProcesses<P extends { ownerDepartment: string | null }>(processes: P[], departments: Department[]): P[] {
  const launchable = new Set(departments.filter((d) => d.mayLaunch).map((d) => d.id));
  return processes.filter((p) => p.ownerDepartment === null || launchable.has(p.ownerDepartment));
}

/** The levels (职级) the people have, each once, in their natural order (P3 < P10). */
export function levelsOf(people: Person[]): string[] {
  const levels = new Set<string>();
  for (const person of people) {
    if (person.level) levels.add(person.level);
  }
  return [...levels].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
}

/** A cycle id from the process and the day it is launched, with a short random tail so that two launches on a day differ. */
export function newCycleId(processKey: string, today: Date, random: () => number = Math.random): string {
  const day = `${today.getFullYear()}${String(today.getMonth() + 1).padStart(2, '0')}${String(today.getDate()).padStart(2, '0')}`;
  const tail = Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0');
  return `${processKey}-${day}-${tail}`;
}

/** How a date picker writes a date in the page's language: 2026年12月2日 / Dec 2, 2026 (as formatDate does). */
export function dateFormat(language: string): string {
  return language === 'en' ? 'MMM D, YYYY' : 'YYYY年M月D日';
}
