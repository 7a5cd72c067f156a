import { describe, expect, it } from 'vitest';
import { launchesForEveryone, mayLaunchCycles } from './launching';

const person = (roles: string[], headOf: string[] = [], hrbpOf: string[] = []) => ({
  id: 'E1',
  name: { 'zh-CN': 'E1', en: 'E1' },
  email: 'e1@example.com',
  locale: 'zh-CN',
  roles,
  headOf,
  hrbpOf,
});

describe('who is offered 发起考核周期', () => {
  it('offers it to administrators, HRBPs and the heads of departments', () => {
    expect(mayLaunchCycles(person(['admin']))).toBe(true);
    expect(mayLaunchCycles(person(['hrbp']))).toBe(true);
    expect(mayLaunchCycles(person(['manager'], ['D210']))).toBe(true);
  });

  it('offers it to the person the organisation names HRBP of a department without the role, as the API treats a head', () => {
    expect(mayLaunchCycles(person(['employee'], [], ['D300']))).toBe(true);
  });

  it('offers it to no one else, nor before the person is known', () => {
    expect(mayLaunchCycles(person(['manager']))).toBe(false);
    expect(mayLaunchCycles(person(['employee']))).toBe(false);
    expect(mayLaunchCycles(undefined)).toBe(false);
  });
});

describe('for whom one launches', () => {
  it('is everyone for an administrator, and the departments they head or serve for an HRBP or a head', () => {
    expect(launchesForEveryone(person(['admin']))).toBe(true);
    expect(launchesForEveryone(person(['hrbp']))).toBe(false);
    expect(launchesForEveryone(person(['manager'], ['D210']))).toBe(false);
  });
});
