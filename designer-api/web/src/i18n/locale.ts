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

/** What this device remembers of the switch: the language chosen, and whether it is not yet kept for the person (chosen signed out, or its saving failed). */
export interface DeviceChoice {
  language: string | null;
  unsaved: boolean;
}

/**
 * The language once the person is signed in, and whether to keep it for them on the server. A choice made on this
 * device while signed out (on the sign-in page) is the newest word: it is shown and kept for the person (`save`).
 * Otherwise the person's `locale` — the language they chose on any device, which the server keeps over the
 * organisation's — then this device's choice, the browser, Chinese.
 */
export function languageForPerson(device: DeviceChoice, personLocale: string | null | undefined, browser: readonly string[]): { language: Language; save: boolean } {
  const chosen = languageOf(device.language);
  if (device.unsaved && chosen) return { language: chosen, save: true };
  return { language: chooseLanguage(personLocale, device.language, browser), save: false };
}
