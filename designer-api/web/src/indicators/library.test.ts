import { describe, expect, it } from 'vitest';
import { addGrade, blankIndicator, cleanList, departmentChain, filterLibrary, isIndicatorKey, removeGrade, shown, valuesIn, withGrade, withMember, withScope, type PublishedIndicator } from './library';

function indicator(key: string, scope: Partial<PublishedIndicator['appliesTo']>, grades: PublishedIndicator['grades'] = []): PublishedIndicator {
  return {
    key,
    version: 1,
    name: { 'zh-CN': `指标${key}`, en: `Indicator ${key}` },
    definition: { 'zh-CN': '定义', en: 'Definition' },
    unit: '%',
    direction: 'higher-better',
    dataSource: 'CRM',
    frequency: 'monthly',
    target: 90,
    threshold: 80,
    warnAfter: 2,
    appliesTo: { departments: [], levels: [], roleFamilies: [], ...scope },
    grades,
  };
}

const library = [
  indicator('contract-value', { departments: ['D300'], roleFamilies: ['sales-rep'] }, [{ departments: [], levels: ['P5', 'P6'], roleFamilies: [], target: 150, threshold: 120 }]),
  indicator('nps', { roleFamilies: ['customer-service'] }),
  indicator('anyone', {}),
];
const parents = new Map([
  ['D310', 'D300'],
  ['D300', 'D000'],
  ['D200', 'D000'],
  ['D000', null],
]);

describe('the library page filters', () => {
  it('keeps for a department what applies within it, below it or to anyone', () => {
    expect(filterLibrary(library, { department: 'D310' }, parents).map((i) => i.key)).toEqual(['contract-value', 'nps', 'anyone']);
    expect(filterLibrary(library, { department: 'D200' }, parents).map((i) => i.key)).toEqual(['nps', 'anyone']);
  });

  it('keeps for a role family what names it or anyone', () => {
    expect(filterLibrary(library, { roleFamily: 'sales-rep' }).map((i) => i.key)).toEqual(['contract-value', 'anyone']);
  });

  it('keeps for a level what applies to any level or grades it', () => {
    expect(filterLibrary(library, { level: 'p6' }).map((i) => i.key)).toEqual(['contract-value', 'nps', 'anyone']);
    const forP5Only = [indicator('senior', { levels: ['P7'] })];
    expect(filterLibrary(forP5Only, { level: 'P5' })).toEqual([]);
  });

  it('searches the key, names and definitions in both languages', () => {
    expect(filterLibrary(library, { search: 'NPS' }).map((i) => i.key)).toEqual(['nps']);
    expect(filterLibrary(library, { search: '指标anyone' }).map((i) => i.key)).toEqual(['anyone']);
  });

  it('offers the levels and role families the library names, with those the KPI form knows', () => {
    expect(valuesIn(library)).toEqual({ levels: ['P5', 'P6'], roleFamilies: ['customer-service', 'product-manager', 'sales-rep'] });
  });

  it('walks a department up to the top once, even through a loop', () => {
    expect(departmentChain('D310', parents)).toEqual(['D310', 'D300', 'D000']);
    expect(departmentChain('A', new Map([['A', 'B'], ['B', 'A']]))).toEqual(['A', 'B']);
  });
});

describe('the indicator editor', () => {
  it('starts a new indicator with the defaults of the KPI form', () => {
    const blank = blankIndicator('late-tickets', '超时工单', 'Late tickets');
    expect(blank).toMatchObject({ formflow: 'indicator/1', key: 'late-tickets', direction: 'higher-better', warnAfter: 2, grades: [] });
    expect(blank.name).toEqual({ 'zh-CN': '超时工单', en: 'Late tickets' });
  });

  it('removes an emptied number instead of writing zero', () => {
    const doc = withMember(withMember(blankIndicator('x'), 'target', 10), 'target', undefined);
    expect('target' in doc).toBe(false);
  });

  it('keeps scope lists clean', () => {
    expect(withScope(blankIndicator('x'), 'levels', [' P5', 'P5', '', 'P6']).appliesTo?.levels).toEqual(['P5', 'P6']);
    expect(cleanList(['a', ' a ', 'b'])).toEqual(['a', 'b']);
  });

  it('adds, changes and removes grades', () => {
    let doc = withMember(blankIndicator('x'), 'target', 100);
    doc = addGrade(doc);
    doc = withGrade(doc, 0, { levels: ['P7'], target: 150, threshold: 120 });
    expect(doc.grades).toEqual([{ levels: ['P7'], target: 150, threshold: 120 }]);
    doc = withGrade(doc, 0, { threshold: undefined });
    expect(doc.grades![0]).toEqual({ levels: ['P7'], target: 150 });
    expect(removeGrade(doc, 0).grades).toEqual([]);
  });

  it('accepts keys as the library does', () => {
    expect(isIndicatorKey('contract-value')).toBe(true);
    expect(isIndicatorKey('Contract Value')).toBe(false);
    expect(isIndicatorKey('')).toBe(false);
  });

  it('shows numbers without noise', () => {
    expect(shown(150)).toBe('150');
    expect(shown(0.1 + 0.2)).toBe('0.3');
    expect(shown(null)).toBe('–');
  });
});
