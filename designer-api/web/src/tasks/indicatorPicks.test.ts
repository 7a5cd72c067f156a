import { describe, expect, it } from 'vitest';
import { appendTicked, filledItems, initialTicks, isBlank, itemOf, itemsOf, notYetChosen, roomLeft, toggleTick, type Proposal } from './indicatorPicks';

function proposal(key: string, target: number, threshold?: number): Proposal {
  return {
    key,
    name: { 'zh-CN': `指标 ${key}`, en: `Indicator ${key}` },
    definition: { 'zh-CN': '定义', en: 'Definition' },
    unit: '%',
    direction: 'higher-better',
    dataSource: '项目管理系统',
    frequency: 'quarterly',
    target,
    threshold,
    warnAfter: 2,
    score: 4,
  };
}

const proposals = [proposal('on-time', 90, 75), proposal('usage', 40, 25), proposal('feedback', 10), proposal('extra', 1)];

describe('choosing indicators from the library', () => {
  it('ticks the best matches up to the list minimum when the list is empty', () => {
    expect(initialTicks(proposals, [], 3, 5)).toEqual(['on-time', 'usage', 'feedback']);
    expect(initialTicks(proposals.slice(0, 2), [], 3, 5)).toEqual(['on-time', 'usage']);
  });

  it('ticks nothing when the list already has items', () => {
    expect(initialTicks(proposals, [{ name: 'x' }], 3, 5)).toEqual([]);
  });

  it('fills an item from the indicator in the page language, without a weight', () => {
    expect(itemOf(proposals[0]!, 'zh-CN')).toEqual({
      indicator: 'on-time',
      name: '指标 on-time',
      definition: '定义',
      unit: '%',
      direction: 'higher-better',
      target: 90,
      threshold: 75,
      frequency: 'quarterly',
      data_source: '项目管理系统',
      warn_after: 2,
    });
    expect(itemOf(proposals[2]!, 'en')).not.toHaveProperty('threshold');
    expect(itemOf(proposals[2]!, 'en').name).toBe('Indicator feedback');
  });

  it('appends the ticked ones after what is there, never past maxItems', () => {
    const existing = [{ name: 'Own one', target: 1 }, { name: 'Another', target: 2 }, { name: 'Third', target: 3 }];
    const next = appendTicked(existing, proposals, ['usage', 'on-time', 'feedback'], 'zh-CN', 5);
    expect(next.map((i) => i.indicator ?? i.name)).toEqual(['Own one', 'Another', 'Third', 'on-time', 'usage']);
  });

  it('does not offer an indicator already in the list', () => {
    expect(notYetChosen(proposals, [{ indicator: 'usage' }]).map((p) => p.key)).toEqual(['on-time', 'feedback', 'extra']);
    expect(appendTicked([{ indicator: 'usage' }], proposals, ['usage'], 'zh-CN', 5)).toHaveLength(1);
  });

  it('counts the room left and refuses a tick past it', () => {
    expect(roomLeft([{ name: 'a' }, { name: 'b' }], 5)).toBe(3);
    expect(roomLeft([{ name: 'a' }], null)).toBe(Number.POSITIVE_INFINITY);
    expect(toggleTick(['a', 'b'], 'c', 2)).toEqual(['a', 'b']);
    expect(toggleTick(['a', 'b'], 'a', 2)).toEqual(['b']);
    expect(toggleTick(['a'], 'c', 2)).toEqual(['a', 'c']);
  });

  it('counts the items the form starts with, holding only defaults, as room to fill', () => {
    const blanks = [{ direction: 'higher-better', frequency: 'monthly', warn_after: 2 }, { direction: 'higher-better' }, {}];
    expect(initialTicks(proposals, blanks, 3, 5)).toEqual(['on-time', 'usage', 'feedback']);
    expect(roomLeft(blanks, 5)).toBe(5);
    const next = appendTicked(blanks, proposals, ['on-time', 'usage'], 'zh-CN', 5);
    expect(next.map((i) => i.indicator ?? 'blank')).toEqual(['on-time', 'usage', 'blank']);
    expect(filledItems(next)).toHaveLength(2);
    expect(isBlank({ name: '  ' })).toBe(true);
    expect(isBlank({ target: 0 })).toBe(false);
  });

  it('reads only the objects of a list', () => {
    expect(itemsOf(undefined)).toEqual([]);
    expect(itemsOf([{ name: 'a' }, null, 3])).toEqual([{ name: 'a' }]);
  });
});
