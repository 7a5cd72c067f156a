import { describe, expect, it } from 'vitest';
import { chooseLanguage, languageOf, languages } from './locale';

// Every texts file, found by name so that a new concept's texts are checked without listing them: the shared texts
// (src/i18n/zh-CN.json, en.json) and each concept's own (src/<concept>/texts/zh-CN.json, en.json).
const files = import.meta.glob<string>(['./*.json', '../*/texts/*.json'], { query: '?raw', import: 'default', eager: true });
const folderOf = (path: string) => (path.startsWith('./') ? 'src/i18n' : `src/${path.slice('../'.length, path.indexOf('/texts/'))}/texts`);
const folders = [...new Set(Object.keys(files).map(folderOf))].sort();
const fileOf = (folder: string, language: string) => Object.entries(files).find(([path]) => folderOf(path) === folder && path.endsWith(`/${language}.json`));
const rawOf = (folder: string, language: string) => fileOf(folder, language)?.[1] ?? '{}';
const textsOf = (folder: string, language: string) => JSON.parse(rawOf(folder, language)) as Record<string, unknown>;
const eachFile = folders.flatMap((folder) => languages.map((language) => [`${folder}/${language}.json`, folder, language] as const));

describe('the page texts', () => {
  it('are found in the shared folder and in the concepts\' folders', () => {
    expect(folders).toContain('src/i18n');
    expect(folders.length).toBeGreaterThan(1);
  });

  it.each(folders)('of %s are one file per language, zh-CN.json and en.json', (folder) => {
    const names = Object.keys(files).filter((path) => folderOf(path) === folder).map((path) => path.slice(path.lastIndexOf('/') + 1)).sort();
    expect(names).toEqual(languages.map((language) => `${language}.json`).sort());
  });

  it.each(folders)('of %s have exactly the same keys in zh-CN and en', (folder) => {
    expect(Object.keys(textsOf(folder, 'en')).sort()).toEqual(Object.keys(textsOf(folder, 'zh-CN')).sort());
  });

  // JSON keeps the last of two members with one name: a key written twice (two pages adding the same text) would
  // silently replace the first one's wording.
  it.each(eachFile)('name each key once in %s', (_, folder, language) => {
    const keys = [...rawOf(folder, language).matchAll(/^\s*"([^"]+)"\s*:/gm)].map((m) => m[1]);
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
  });

  it.each(eachFile)('have no empty text in %s', (_, folder, language) => {
    const empty = Object.entries(textsOf(folder, language)).filter(([, text]) => typeof text !== 'string' || text.trim() === '');
    expect(empty).toEqual([]);
  });

  it.each(folders)('of %s use the same placeholders in both languages', (folder) => {
    const placeholders = (text: unknown) => [...String(text).matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
    const zhCN = textsOf(folder, 'zh-CN');
    const en = textsOf(folder, 'en');
    const differing = Object.keys(zhCN).filter((key) => JSON.stringify(placeholders(zhCN[key])) !== JSON.stringify(placeholders(en[key])));
    expect(differing).toEqual([]);
  });

  // The rule of designer-api/web/README.md ("Texts"): the keys of one group (`hrbp.*`, `team.*` …) live in one
  // folder, so a key is found in one place only and a page loads a group's texts whole. A key of a concept's group
  // added to the shared files (two branches meeting) fails here, naming the folder it belongs in.
  it('keep each group of keys (the part before the first dot) in one folder', () => {
    const homes = new Map<string, Set<string>>();
    for (const folder of folders)
      for (const language of languages)
        for (const key of Object.keys(textsOf(folder, language))) {
          const group = key.slice(0, key.indexOf('.'));
          homes.set(group, (homes.get(group) ?? new Set()).add(folder));
        }
    const split = [...homes].filter(([, at]) => at.size > 1).map(([group, at]) => `${group}.* in ${[...at].sort().join(' and ')}`);
    expect(split).toEqual([]);
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
