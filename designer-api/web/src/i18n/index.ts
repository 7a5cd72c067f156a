import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { chooseLanguage, languageForPerson, type DeviceChoice, type Language } from './locale';
import { startTexts, switchTexts } from './texts';

const chosenKey = 'formflow.language';
// Set while the language chosen on this device is not yet kept for the person: signing in keeps it (locale.ts, languageForPerson).
const unsavedKey = 'formflow.language.unsaved';

/** The language chosen on this device with the switch, if any. */
export function chosenLanguage(): string | null {
  try {
    return localStorage.getItem(chosenKey);
  } catch {
    return null;
  }
}

function deviceChoice(): DeviceChoice {
  try {
    return { language: localStorage.getItem(chosenKey), unsaved: localStorage.getItem(unsavedKey) === '1' };
  } catch {
    return { language: null, unsaved: false };
  }
}

// Private browsing may refuse storage: the language still applies to this visit.
function remember(language: Language, unsaved: boolean) {
  try {
    localStorage.setItem(chosenKey, language);
    if (unsaved) localStorage.setItem(unsavedKey, '1');
    else localStorage.removeItem(unsavedKey);
  } catch {
    // Nothing kept on the device; see above.
  }
}

function apply(language: Language) {
  document.documentElement.lang = language;
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');
}

/** Resolves once the shared texts of the language in use are loaded: render the pages after it (main.tsx). */
export const textsReady = startTexts(i18n.use(initReactI18next), chooseLanguage(chosenLanguage(), null, navigator.languages)).then(() => {
  apply(i18n.language as Language);
  i18n.on('languageChanged', (language) => apply(language as Language));
});

/**
 * Switches the language and remembers the choice on this device, marked to be kept for the person: signed in, the
 * switch keeps it on the server at once (LanguageSwitch), which clears the mark; signed out, the next sign-in does.
 */
export function switchLanguage(language: Language) {
  remember(language, true);
  void switchTexts(i18n, language);
}

/**
 * Follows the signed-in person's `locale` (their chosen language, else the organisation's), unless they chose one on
 * this device while signed out: then that one, which the answer names to be kept for them (else null).
 */
export function followPerson(locale: string): Language | null {
  const { language, save } = languageForPerson(deviceChoice(), locale, navigator.languages);
  // A choice still to be kept stays marked until the server took it (languageKept).
  if (!save) remember(language, false);
  if (language !== i18n.language) void switchTexts(i18n, language);
  return save ? language : null;
}

/** The server keeps the person's language now: this device's choice is no longer news for the next sign-in. */
export function languageKept(language: Language) {
  remember(language, false);
}

export default i18n;
