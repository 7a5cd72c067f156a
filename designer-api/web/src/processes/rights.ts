import type { Schemas } from '../api/client';

type Person = Pick<Schemas['PersonResponse'], 'roles' | 'headOf' | 'hrbpOf'>;
type Department = Pick<Schemas['DepartmentResponse'], 'id' | 'parentId' | 'mayLaunch'>;

/**
 * Who may author a process with which owner, as the pages can tell beforehand (docs/authorization.md): administrators
 * every process; HRBPs those of the whole organisation and of the departments they cover; department heads those of
 * the departments they cover. "Covers" is what the departments list answers as `mayLaunch` (the departments the
 * person heads or is the HRBP of, and those below them; every one for an administrator). The API decides in the end
 * (`ProcessRights`): a refusal it answers is shown as it says it.
 */
export function mayAuthorWholeOrganisation(person: Person): boolean {
  return person.roles.includes('admin') || person.roles.includes('hrbp');
}

/** Whether the person may draft and publish a process owned by `owner` (undefined: the whole organisation). */
export function mayAuthor(person: Person, owner: string | null | undefined, departments: Department[]): boolean {
  if (person.roles.includes('admin')) return true;
  if (!owner) return mayAuthorWholeOrganisation(person);
  return departments.some((d) => d.id === owner && d.mayLaunch);
}

/** The departments the person may give a new process as its owner, parents before their children. */
export function ownerChoices<D extends Department>(person: Person, departments: D[]): D[] {
  return departments.filter((d) => mayAuthor(person, d.id, departments));
}

/** Whether the person may author any process at all (the 新建流程 button). */
export function mayAuthorAny(person: Person, departments: Department[]): boolean {
  return mayAuthorWholeOrganisation(person) || ownerChoices(person, departments).length > 0;
}

/** Process keys as docs/processes.md allows them: lower-case letters, digits and -, from a letter, at most 64. */
export const validKey = (key: string) => /^[a-z][a-z0-9-]{0,63}$/.test(key);
