import { describe, expect, it } from 'vitest';
import { amountToIso, approximateHours, isoToAmount, isoToWords, parseIso, toIso, wordsToIso } from './durations';

describe('ISO durations', () => {
  it.each(['P14D', 'P2W', 'PT24H', 'PT20H', 'P1M', 'P1Y', 'P1DT12H', 'P1Y2M3W4DT5H6M7S'])('read and write %s unchanged', (text) => {
    expect(toIso(parseIso(text)!)).toBe(text);
  });

  it.each(['', 'P', 'PT', 'P1DT', '7D', 'P1.5D', 'P1D2M', '-P1D', '2 weeks'])('refuse %j, which is not of the subset', (text) => {
    expect(parseIso(text)).toBeNull();
  });

  it('are one amount of one unit when they are one', () => {
    expect(isoToAmount('P7D')).toEqual({ amount: 7, unit: 'days' });
    expect(isoToAmount('PT24H')).toEqual({ amount: 24, unit: 'hours' });
    expect(isoToAmount('P1DT12H')).toBeNull();
    expect(amountToIso({ amount: 2, unit: 'weeks' })).toBe('P2W');
    expect(amountToIso({ amount: 3, unit: 'months' })).toBe('P3M');
    expect(amountToIso({ amount: 0, unit: 'days' })).toBe('P0D');
  });
});

describe('durations in words', () => {
  it('say an ISO duration in Chinese and English', () => {
    expect(isoToWords('P7D', 'zh-CN')).toBe('7 天');
    expect(isoToWords('P7D', 'en')).toBe('7 days');
    expect(isoToWords('P1D', 'en')).toBe('1 day');
    expect(isoToWords('P1M', 'zh-CN')).toBe('1 个月');
    expect(isoToWords('P1DT12H', 'zh-CN')).toBe('1 天 12 小时');
    expect(isoToWords('P1DT12H', 'en')).toBe('1 day 12 hours');
    expect(isoToWords('P0D', 'en')).toBe('0 days');
  });

  it('become ISO durations, in either language, with or without spaces', () => {
    expect(wordsToIso('7 天')).toBe('P7D');
    expect(wordsToIso('7天')).toBe('P7D');
    expect(wordsToIso('2 weeks')).toBe('P2W');
    expect(wordsToIso('1 day 12 hours')).toBe('P1DT12H');
    expect(wordsToIso('1天12小时')).toBe('P1DT12H');
    expect(wordsToIso('3 个月')).toBe('P3M');
    expect(wordsToIso('24 小时')).toBe('PT24H');
    expect(wordsToIso('p14d')).toBe('P14D');
  });

  it('are refused when they are not a duration', () => {
    expect(wordsToIso('')).toBeNull();
    expect(wordsToIso('soon')).toBeNull();
    expect(wordsToIso('7 fortnights')).toBeNull();
    expect(wordsToIso('1 day 2 days')).toBeNull();
    expect(wordsToIso('天')).toBeNull();
  });

  it('go both ways', () => {
    for (const text of ['P7D', 'P2W', 'PT20H', 'P1M', 'P1Y', 'P1DT12H'])
      for (const language of ['zh-CN', 'en'] as const) expect(wordsToIso(isoToWords(text, language))).toBe(text);
  });

  it('compare as lint does, a month as 30 days', () => {
    expect(approximateHours('P1M')).toBe(720);
    expect(approximateHours('P2D')).toBe(48);
    expect(approximateHours('nonsense')).toBeNull();
  });
});
