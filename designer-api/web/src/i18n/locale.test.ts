import { describe, expect, it } from 'vitest';
import { languageForPerson } from './locale';

describe('the language once signed in', () => {
  it('is the person’s, chosen on another device, over an older choice on this one', () => {
    expect(languageForPerson({ language: 'zh-CN', unsaved: false }, 'en', ['zh-CN'])).toEqual({ language: 'en', save: false });
  });

  it('is the person’s on a device where nothing was chosen, whatever the browser says', () => {
    expect(languageForPerson({ language: null, unsaved: false }, 'en', ['zh-CN'])).toEqual({ language: 'en', save: false });
  });

  it('is the one just chosen on the sign-in page, which is then kept for the person', () => {
    expect(languageForPerson({ language: 'en', unsaved: true }, 'zh-CN', ['zh-CN'])).toEqual({ language: 'en', save: true });
  });

  it('falls back to this device’s choice, then the browser, when the person’s locale is one FormFlow does not speak', () => {
    expect(languageForPerson({ language: 'en', unsaved: false }, 'fr-FR', ['zh-CN'])).toEqual({ language: 'en', save: false });
    expect(languageForPerson({ language: null, unsaved: false }, 'fr-FR', ['en-US'])).toEqual({ language: 'en', save: false });
  });

  it('does not keep a choice the pages cannot speak', () => {
    expect(languageForPerson({ language: 'fr', unsaved: true }, 'en', [])).toEqual({ language: 'en', save: false });
  });
});
