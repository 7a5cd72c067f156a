import { describe, expect, it } from 'vitest';
import zhCN from './zh-CN.json';
import en from './en.json';
import zhCNText from './zh-CN.json?raw';
import enText from './en.json?raw';
import { chooseLanguage, languageOf } from './locale';

describe('the page texts', () => {
  it('have exactly the same keys in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  // JSON keeps the last of two members with one name: a key written twice (two pages adding the same text) would
  // silently replace the first one's wording.
  it.each([['zh-CN', zhCNText], ['en', enText]])('name each key once in %s.json', (_, raw) => {
    const keys = [...raw.matchAll(/^\s*"([^"]+)"\s*:/gm)].map((m) => m[1]);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it.each([['zh-CN', zhCN], ['en', en]] as const)('have no empty text in %s', (_, texts) => {
    const empty = Object.entries(texts).filter(([, text]) => typeof text !== 'string' || text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const differing = Object.keys(zhCN).filter(
      (key) => JSON.stringify(placeholders(zhCN[key as keyof typeof zhCN])) !== JSON.stringify(placeholders(en[key as keyof typeof en])),
    );
    expect(differing).toEqual([]);
  });
});

describe('the language shown', () => {
  it('is the one chosen on the device, whatever the person and browser say', () => {
    expect(chooseLanguage('en', 'zh-CN', ['zh-CN'])).toBe('en');
  });

  it("is the person's locale when nothing was chosen", () => {
    expect(chooseLanguage(null, 'en', ['zh-CN'])).toBe('en');
    expect(chooseLanguage(null, 'zh-CN', ['en-US'])).toBe('zh-CN');
  });

  it("is the first of the browser's languages FormFlow speaks when the person has no locale", () => {
    expect(chooseLanguage(null, null, ['fr-FR', 'en-GB', 'zh-TW'])).toBe('en');
    expect(chooseLanguage(null, '', ['zh-TW', 'en'])).toBe('zh-CN');
  });

  it('is Chinese when nothing names a language FormFlow speaks', () => {
    expect(chooseLanguage(null, 'de-DE', ['fr-FR'])).toBe('zh-CN');
  });

  it('reads locale tags by their language only', () => {
    expect(languageOf('EN-us')).toBe('en');
    expect(languageOf('zh-Hans-CN')).toBe('zh-CN');
    expect(languageOf('ja')).toBeUndefined();
  });
});
