import type { BackendModule, i18n as I18n } from 'i18next';
import { languages, type Language } from './locale';

type Texts = Record<string, string>;

/**
 * The texts every page may show (the frame, sign-in, the inbox and the task page, forms, problems): `src/i18n/*.json`,
 * i18next's default namespace. They load before anything renders, in the language in use only.
 */
export const sharedTexts = 'shared';
const shared: Record<Language, () => Promise<Texts>> = {
  'zh-CN': () => import('./zh-CN.json').then((m) => m.default),
  en: () => import('./en.json').then((m) => m.default),
};

// A concept's own texts, `src/<concept>/texts/{zh-CN,en}.json`: each a namespace named after its folder, in a chunk of
// its own, loaded with the pages that show them (`withTexts`). Found by name, so a new folder's texts need no listing.
const ofConcepts = import.meta.glob<Texts>('../*/texts/*.json', { import: 'default' });

/** The concepts with texts of their own (`cycles`, `me`, `team` …). */
export const conceptTexts = [...new Set(Object.keys(ofConcepts).map((path) => path.slice('../'.length, path.indexOf('/texts/'))))].sort();

const backend: BackendModule = {
  type: 'backend',
  callbackApi: false,
  init() {},
  read(language: string, namespace: string) {
    const load = namespace === sharedTexts ? shared[language as Language] : ofConcepts[`../${namespace}/texts/${language}.json`];
    if (!load) return Promise.reject(new Error(`There are no texts "${namespace}" in ${language}.`));
    return load();
  },
} as BackendModule;

/**
 * Starts `instance` in `language` with the shared texts; resolves once they are there, so that what renders after it
 * never shows a key. Keys stay global: `t('hrbp.launch')` finds a concept's text once its texts are loaded (no
 * namespace prefix at the call sites; a key lives in one file only, a test checks).
 */
export function startTexts(instance: I18n, language: Language) {
  return instance.use(backend).init({
    lng: language,
    supportedLngs: [...languages],
    load: 'currentOnly',
    // Both languages have every key (a test checks): no second language to load behind the one in use.
    fallbackLng: false,
    ns: [sharedTexts],
    defaultNS: sharedTexts,
    fallbackNS: conceptTexts,
    interpolation: { escapeValue: false },
    // A concept's texts loaded in the new language just after a switch (switchTexts) re-render what shows them.
    react: { bindI18nStore: 'added' },
  });
}

/** Loads these concepts' texts in the language in use (a later switch loads them in its language before it shows). */
export async function loadTexts(instance: I18n, concepts: readonly string[]) {
  if (concepts.length > 0) await instance.loadNamespaces([...concepts]);
}

/** Loads a page's module and the texts it shows together: it resolves, and so the page renders, once both are there. */
export async function withTexts<T>(instance: I18n, concepts: readonly string[], load: () => Promise<T>): Promise<T> {
  const [page] = await Promise.all([load(), loadTexts(instance, concepts)]);
  return page;
}

/**
 * Switches to `language` once its texts are loaded — the shared ones and those of every concept loaded so far — so
 * that the pages change language at once: they keep showing the old language meanwhile, never a key.
 */
export async function switchTexts(instance: I18n, language: Language) {
  if (language === instance.language) return;
  // i18next's switch loads the namespaces it knows when it starts; loading them first leaves it (almost) nothing to
  // wait for, and a concept's texts asked for while it ran are loaded in the new language after it.
  await instance.reloadResources(language, [...namespaces(instance)]);
  await instance.changeLanguage(language);
  await instance.loadNamespaces([...namespaces(instance)]);
}

const namespaces = (instance: I18n): readonly string[] => [instance.options.ns ?? sharedTexts].flat();
