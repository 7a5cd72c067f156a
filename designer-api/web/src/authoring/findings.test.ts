import { describe, expect, it } from 'vitest';
import { findingsUnder, pathSegments, type Finding } from './findings';
import { designPlaces } from './places';

const finding = (path: string): Finding => ({ code: 'x', severity: 'error', path, message: { 'zh-CN': 'x', en: 'x' } });

describe('a finding is placed on what it concerns', () => {
  it.each([
    ['$.fields[\'kpis[].weight\'].label', ['fields', 'kpis[].weight', 'label']],
    ['$.rules[0].assert', ['rules', '0', 'assert']],
    ['$.body[\'en\']', ['body', 'en']],
    ['$.schema.properties.rating', ['schema', 'properties', 'rating']],
    ['/steps/self-review/due', ['steps', 'self-review', 'due']],
    ['/forms/a~1b', ['forms', 'a/b']],
    ['$', []],
    ['', []],
  ])('%s is %j', (path, segments) => {
    expect(pathSegments(path)).toEqual(segments);
  });

  it('finds the findings under a step or a field, whichever path style the API used', () => {
    const all = [finding('/steps/review/due'), finding('/steps/reviewer/due'), finding("$.steps['review'].title"), finding('$.fields.review')];
    expect(findingsUnder(all, 'steps', 'review').map((f) => f.path)).toEqual(['/steps/review/due', "$.steps['review'].title"]);
  });
});

describe('the designers a person may use', () => {
  it('are all four for HRBPs and administrators, the process designer for department heads, none for others', () => {
    expect(designPlaces(['hrbp'], false)).toEqual(['templates', 'processes', 'texts', 'indicators', 'app']);
    expect(designPlaces(['admin'], false)).toHaveLength(5);
    expect(designPlaces(['manager'], true)).toEqual(['processes']);
    expect(designPlaces(['employee'], false)).toEqual([]);
  });
});
