/** The languages the pages speak; every text exists in both (src/i18n/zh-CN.json, en.json). */
export const languages = ['zh-CN', 'en'] as const;
export type Language = (typeof languages)[number];

/** The language of a locale tag (`zh`, `zh-CN`, `en-GB` …), or undefined when FormFlow does not speak it. */
export function languageOf(tag: string | null | undefined): Language | undefined {
  const lower = (tag ?? '').trim().toLowerCase();
  if (lower.startsWith('zh')) return 'zh-CN';
  if (lower.startsWith('en')) return 'en';
  return undefined;
}

/**
 * The language to show: the one the person chose on this device, else their `locale` from the organisation
 * (`/api/me`), else the first of the browser's languages FormFlow speaks, else Chinese.
 */
export function chooseLanguage(chosen: string | null | undefined, personLocale: string | null | undefined, browser: readonly string[]): Language {
  return languageOf(chosen) ?? languageOf(personLocale) ?? browser.map(languageOf).find((l) => l !== undefined) ?? 'zh-CN';
}
