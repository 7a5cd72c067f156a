import { describe, expect, it } from 'vitest';
import { departmentsAndLevels, newCycleId } from './population';

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

describe('the choices of a population', () => {
  it('lists each department and level once, levels in their natural order', () => {
    const { departments, levels } = departmentsAndLevels([person('E1', 'D200', 'P10'), person('E2', 'D100', 'P3'), person('E3', 'D200', null), person('E4', null, 'M2')]);
    expect(departments.map((d) => d.id)).toEqual(['D100', 'D200']);
    expect(levels).toEqual(['M2', 'P3', 'P10']);
  });
});

describe('a new cycle id', () => {
  it('names the process and the day', () => {
    expect(newCycleId('annual-review', new Date(2026, 11, 2), () => 0)).toBe('annual-review-20261202-0000');
  });
});
