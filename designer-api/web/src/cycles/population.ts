import type { Schemas } from '../api/client';

type Person = Schemas['PersonResponse'];

/** A department people sit in, as the people list names it. */
export interface DepartmentOption {
  id: string;
  name: Schemas['Texts'];
}

/** The departments and levels (职级) the people belong to, each once, departments by id, levels in their natural order (P3 < P10). */
export function departmentsAndLevels(people: Person[]): { departments: DepartmentOption[]; levels: string[] } {
  const departments = new Map<string, DepartmentOption>();
  const levels = new Set<string>();
  for (const person of people) {
    if (person.department) departments.set(person.department.id, person.department);
    if (person.level) levels.add(person.level);
  }
  return {
    departments: [...departments.values()].sort((a, b) => a.id.localeCompare(b.id)),
    levels: [...levels].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
  };
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
