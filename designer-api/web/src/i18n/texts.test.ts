import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import sharedEn from './en.json';
import sharedZhCN from './zh-CN.json';
import cyclesEn from '../cycles/texts/en.json';
import cyclesZhCN from '../cycles/texts/zh-CN.json';
import teamZhCN from '../team/texts/zh-CN.json';
import { conceptTexts, sharedTexts, startTexts, switchTexts, withTexts } from './texts';

const shared = 'nav.tasks';
const ofCycles = 'hrbp.launch';
const ofTeam = 'team.title';

async function started(language: 'zh-CN' | 'en') {
  const instance = i18next.createInstance();
  await startTexts(instance, language);
  return instance;
}

describe('the texts loaded', () => {
  it('are the shared texts of the language in use only, once started', async () => {
    const instance = await started('en');
    expect(instance.t(shared)).toBe(sharedEn[shared]);
    expect(instance.hasResourceBundle('zh-CN', sharedTexts)).toBe(false);
    expect(instance.exists(ofCycles)).toBe(false);
  });

  it("include a concept's texts when a page showing them has loaded, under their own keys", async () => {
    const instance = await started('en');
    const page = await withTexts(instance, ['cycles'], () => Promise.resolve({ shows: () => instance.t(ofCycles) }));
    expect(page.shows()).toBe(cyclesEn[ofCycles]);
    expect(instance.hasResourceBundle('zh-CN', 'cycles')).toBe(false);
  });

  it('are all there in the new language when a switch shows it', async () => {
    const instance = await started('en');
    await withTexts(instance, ['cycles'], () => Promise.resolve(null));
    const shown: string[] = [];
    instance.on('languageChanged', () => shown.push(instance.t(shared), instance.t(ofCycles)));
    await switchTexts(instance, 'zh-CN');
    expect(shown).toEqual([sharedZhCN[shared], cyclesZhCN[ofCycles]]);
  });

  it('include, in the new language, the texts of a page opened while the switch was loading', async () => {
    const instance = await started('en');
    const switching = switchTexts(instance, 'zh-CN');
    const page = withTexts(instance, ['team'], () => Promise.resolve(null));
    await Promise.all([switching, page]);
    expect(instance.language).toBe('zh-CN');
    expect(instance.t(ofTeam)).toBe(teamZhCN[ofTeam]);
  });

  it("of each concept are found by their folder's name", () => {
    expect(conceptTexts).toEqual(expect.arrayContaining(['cycles', 'me', 'team']));
  });
});
