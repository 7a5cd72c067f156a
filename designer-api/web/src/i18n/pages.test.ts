import { describe, expect, it } from 'vitest';
import { conceptTexts } from './texts';

// Reads the pages' sources to hold them to what they load: a page showing a key of a concept's group must load that
// concept's texts (its `page(…, [concepts])` in App.tsx), or it would show the key. Keys are found as string literals
// starting with a known group (`'hrbp.launch'`, `` `team.status.${status}` ``, `'me.feedback.field.' + …`).
const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../api/generated/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const texts = import.meta.glob<Record<string, string>>(['./zh-CN.json', '../*/texts/zh-CN.json'], { import: 'default', eager: true });

/** Each group of keys and where its texts are: `shared` (src/i18n) or the concept's folder. */
const homeOf = new Map(
  Object.entries(texts).flatMap(([path, keys]) => {
    const home = path.startsWith('./') ? 'shared' : path.slice('../'.length, path.indexOf('/texts/'));
    return Object.keys(keys).map((key) => [key.slice(0, key.indexOf('.')), home] as const);
  }),
);

function resolve(from: string, specifier: string) {
  const parts = from.split('/').slice(0, -1);
  for (const part of specifier.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  const path = parts.join('/');
  return [path, `${path}.ts`, `${path}.tsx`, `${path}/index.ts`, `${path}/index.tsx`].find((candidate) => candidate in sources);
}

/** The source files a module brings along: its static imports, and its own lazy ones unless `staticOnly`. */
function closure(start: string, staticOnly: boolean, into = new Set<string>()) {
  if (into.has(start)) return into;
  into.add(start);
  const imports = staticOnly ? /(?:from|import)\s+'(\.[^']+)'/g : /(?:from|import)\s*\(?\s*'(\.[^']+)'/g;
  for (const [, specifier] of sources[start]!.matchAll(imports)) {
    const file = resolve(start, specifier!);
    if (file) closure(file, staticOnly, into);
  }
  return into;
}

/** The homes of the groups of keys these files show. */
function homesShown(files: Set<string>) {
  const shown = new Map<string, Set<string>>();
  for (const file of files)
    for (const [, group] of sources[file]!.matchAll(/['"`]([A-Za-z]\w*)\.[A-Za-z$]/g)) {
      const home = homeOf.get(group!);
      if (home && home !== 'shared') shown.set(home, (shown.get(home) ?? new Set()).add(`${group}.* in ${file}`));
    }
  return shown;
}

const app = sources['../App.tsx']!;
const pages = [...app.matchAll(/page\(\(\) => import\('(\.\/[^']+)'\), '(\w+)'(?:, \[([^\]]*)\])?\)/g)].map(
  ([, specifier, name, concepts]) => ({ name: name!, file: resolve('../App.tsx', specifier!)!, loads: [...(concepts ?? '').matchAll(/\w+/g)].map(([concept]) => concept) }),
);

describe('the texts a page shows', () => {
  it('are read from every page of App.tsx', () => {
    expect(pages.map((page) => page.name)).toEqual(expect.arrayContaining(['TaskPage', 'CyclePage', 'FeedbackPage']));
    expect(pages.every((page) => page.file)).toBe(true);
  });

  it('are shared ones only in the frame and start-up, which show before any page has loaded', () => {
    expect([...homesShown(closure('../main.tsx', true)).values()].flatMap((where) => [...where])).toEqual([]);
  });

  it.each(pages)("are loaded with $name: the shared ones and its concepts' texts", ({ file, loads }) => {
    const missing = [...homesShown(closure(file, false))].filter(([home]) => !loads.includes(home)).flatMap(([, where]) => [...where]);
    expect(missing).toEqual([]);
  });

  it.each(pages)("are loaded with $name from concepts' folders that have texts", ({ loads }) => {
    expect(loads.filter((concept) => !conceptTexts.includes(concept))).toEqual([]);
  });
});
