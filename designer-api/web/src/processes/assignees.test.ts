import { describe, expect, it } from 'vitest';
import { namedPerson, personAssignee } from './document';

describe('a named person as an assignee', () => {
  it('is person: and the employee id, read back as written', () => {
    expect(personAssignee('E011')).toBe('person:E011');
    expect(namedPerson(personAssignee('E011'))).toBe('E011');
  });

  it('is not a relationship, a role, nothing, or person: without an id', () => {
    for (const assignee of ['manager', 'role:hrbp', undefined, 'person:']) expect(namedPerson(assignee)).toBeUndefined();
  });
});
