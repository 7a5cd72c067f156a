import { describe, expect, it } from 'vitest';
import { mayAuthor, mayAuthorAny, ownerChoices, validKey } from './rights';

// The demo organisation's corner the matrix of docs/authorization.md speaks of: R&D (D200) above Platform Engineering
// (D210), Sales (D300) beside them; what the departments list answers each person as `mayLaunch`.
const org = (covered: string[]) =>
  [
    { id: 'D000', parentId: undefined },
    { id: 'D200', parentId: 'D000' },
    { id: 'D210', parentId: 'D200' },
    { id: 'D300', parentId: 'D000' },
  ].map((d) => ({ ...d, mayLaunch: covered.includes(d.id) }));

const head = { roles: ['employee', 'manager'], headOf: ['D210'], hrbpOf: [] };
const hrbp = { roles: ['employee', 'hrbp'], headOf: [], hrbpOf: ['D200'] };
const admin = { roles: ['admin'], headOf: [], hrbpOf: [] };
const employee = { roles: ['employee'], headOf: [], hrbpOf: [] };

describe('who may author which process', () => {
  it('lets a department head author their department and below, never the whole organisation nor another department', () => {
    const departments = org(['D210']);
    expect(mayAuthor(head, 'D210', departments)).toBe(true);
    expect(mayAuthor(head, 'D300', departments)).toBe(false);
    expect(mayAuthor(head, 'D200', departments)).toBe(false);
    expect(mayAuthor(head, undefined, departments)).toBe(false);
    expect(ownerChoices(head, departments).map((d) => d.id)).toEqual(['D210']);
  });

  it('lets an HRBP author the whole organisation and the departments they serve', () => {
    const departments = org(['D200', 'D210']);
    expect(mayAuthor(hrbp, undefined, departments)).toBe(true);
    expect(ownerChoices(hrbp, departments).map((d) => d.id)).toEqual(['D200', 'D210']);
    expect(mayAuthor(hrbp, 'D300', departments)).toBe(false);
  });

  it('lets an administrator author everything and an employee nothing', () => {
    expect(mayAuthor(admin, 'D300', org([]))).toBe(true);
    expect(mayAuthorAny(employee, org([]))).toBe(false);
  });

  it('takes keys of lower-case letters, digits and - from a letter', () => {
    expect(validKey('d210-review')).toBe(true);
    expect(validKey('D210')).toBe(false);
    expect(validKey('2fast')).toBe(false);
    expect(validKey('a'.repeat(65))).toBe(false);
  });
});
