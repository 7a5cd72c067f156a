import { describe, expect, it } from 'vitest';
import { departmentTree, launchableProcesses, levelsOf, newCycleId } from './population';

const person = (id: string, department: string | null, level: string | null) => ({
  id,
  name: { 'zh-CN': id, en: id },
  email: `${id}@example.com`,
  locale: 'zh-CN',
  department: department ? { id: department, name: { 'zh-CN': department, en: department } } : undefined,
  level: level ?? undefined,
  roles: [],
  headOf: [],
  hrbpOf: [],
});

const department = (id: string, parentId: string | null, mayLaunch = true) => ({
  id,
  name: { 'zh-CN': id, en: id },
  parentId: parentId ?? undefined,
  people: 1,
  peopleWithin: 1,
  mayLaunch,
});

describe('the choices of a population', () => {
  it('lists each level once, in their natural order', () => {
    expect(levelsOf([person('E1', 'D200', 'P10'), person('E2', 'D100', 'P3'), person('E3', 'D200', null), person('E4', null, 'M2'), person('E5', null, 'P3')])).toEqual(['M2', 'P3', 'P10']);
  });

  it('lists the departments one may launch for as a tree, each below its parent', () => {
    const tree = departmentTree([department('D300', 'D000'), department('D210', 'D200'), department('D000', null), department('D200', 'D000'), department('D100', 'D000')]);
    expect(tree.map((d) => `${d.depth}:${d.id}`)).toEqual(['0:D000', '1:D100', '1:D200', '2:D210', '1:D300']);
  });

  it('leaves out the departments one may not launch for, their children starting trees of their own', () => {
    const tree = departmentTree([department('D000', null, false), department('D200', 'D000'), department('D210', 'D200'), department('D100', 'D000', false)]);
    expect(tree.map((d) => `${d.depth}:${d.id}`)).toEqual(['0:D200', '1:D210']);
  });

  it('offers the processes of the whole organisation and those owned by a department one may launch for', () => {
    const processes = [
      { key: 'annual-review', ownerDepartment: null },
      { key: 'platform-check-in', ownerDepartment: 'D210' },
      { key: 'rd-check-in', ownerDepartment: 'D200' },
      { key: 'sales-check-in', ownerDepartment: 'D300' },
    ];
    const departments = [department('D200', 'D000', false), department('D210', 'D200'), department('D300', 'D000', false)];
    expect(launchableProcesses(processes, departments).map((p) => p.key)).toEqual(['annual-review', 'platform-check-in']);
  });
});

describe('a new cycle id', () => {
  it('names the process and the day', () => {
    expect(newCycleId('annual-review', new Date(2026, 11, 2), () => 0)).toBe('annual-review-20261202-0000');
  });
});
