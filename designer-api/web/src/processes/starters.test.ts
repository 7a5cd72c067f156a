import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from './texts/en.json';
import zh from './texts/zh-CN.json';
import { newProcess, type ProcessDocument } from './document';
import { startersLine, startersOf, toggleStarter, withStarters } from './starters';

async function translator(language: 'zh-CN' | 'en') {
  const i18n = createInstance();
  await i18n.init({ lng: language, resources: { [language]: { translation: language === 'en' ? en : zh } }, interpolation: { escapeValue: false } });
  return i18n.t.bind(i18n) as (key: string, options?: Record<string, unknown>) => string;
}

const process = (startableBy?: unknown): ProcessDocument => ({
  ...newProcess('progress-report', { 'zh-CN': '进展汇报', en: 'Progress report' }, undefined),
  ...(startableBy === undefined ? {} : { startableBy }),
});

describe('who may start a process on demand', () => {
  it('reads the starters as written, an unknown one included', () => {
    expect(startersOf(process())).toEqual([]);
    expect(startersOf(process(['subject', 'manager']))).toEqual(['subject', 'manager']);
    expect(startersOf(process(['manager', 'mentor']))).toEqual(['manager', 'mentor']);
  });

  it('reads something that is not an array of names as nobody (lint names it)', () => {
    expect(startersOf(process('manager'))).toEqual([]);
    expect(startersOf(process(['manager', 3]))).toEqual(['manager']);
  });

  it('writes the starters chosen, and removes the member when nobody is chosen', () => {
    const written = withStarters(process(), ['subject', 'manager']);
    expect(written.startableBy).toEqual(['subject', 'manager']);
    const cleared = withStarters(written, []);
    expect('startableBy' in cleared).toBe(false);
    expect(cleared.steps).toBe(written.steps);
  });

  it('leaves the document it was given as it was', () => {
    const original = process(['manager']);
    withStarters(original, []);
    expect(original.startableBy).toEqual(['manager']);
  });

  it('ticks and unticks one relation, keeping the others and an unknown one in their order', () => {
    expect(toggleStarter(['mentor', 'subject'], 'manager', true)).toEqual(['mentor', 'subject', 'manager']);
    expect(toggleStarter(['mentor', 'subject', 'manager'], 'subject', false)).toEqual(['mentor', 'manager']);
    expect(toggleStarter(['manager'], 'manager', true)).toEqual(['manager']);
  });

  it('says in one line who may start it, in Chinese', async () => {
    const t = await translator('zh-CN');
    expect(startersLine([], t)).toBeNull();
    expect(startersLine(['subject'], t)).toBe('员工本人可随时发起');
    expect(startersLine(['subject', 'manager'], t)).toBe('员工本人、直属上级可随时发起');
    expect(startersLine(['skip-level', 'department-head', 'hrbp'], t)).toBe('跨级上级、部门负责人、HRBP可随时发起');
    expect(startersLine(['manager', 'mentor'], t)).toBe('直属上级、mentor可随时发起');
  });

  it('says the same in English', async () => {
    const t = await translator('en');
    expect(startersLine(['subject'], t)).toBe('The person themselves may start it at any time');
    expect(startersLine(['subject', 'manager'], t)).toBe('The person themselves and their manager may start it at any time');
    expect(startersLine(['manager', 'department-head', 'hrbp'], t)).toBe('Their manager, their department head and their HRBP may start it at any time');
  });
});
