import { describe, expect, it, vi } from 'vitest';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import i18next from 'i18next';
import { I18nextProvider, initReactI18next } from 'react-i18next';
import zhCN from './texts/zh-CN.json';
import cases from './builder-cases.json';
import kpiSetting from '../../../../templates/kpi-setting.json';
import { ComputedEditor, ConditionBuilder, fieldsOf, operandsOf, RulesEditor, type FieldInfo, type Rule } from './index';

// The kit's findings list says its texts through the API client, which starts the page's language with the browser's.
vi.mock('../api/client', () => ({ say: (text: { 'zh-CN': string } | undefined) => text?.['zh-CN'] ?? '' }));

// No DOM here (and no testing library): the builders are rendered to HTML, enough to see which mode each opens in.
const texts = i18next.createInstance();
await texts.use(initReactI18next).init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: zhCN } }, interpolation: { escapeValue: false } });
const render = (element: ReactElement) => renderToStaticMarkup(createElement(I18nextProvider, { i18n: texts }, element));
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');

const fields = cases.fields as FieldInfo[];
const operands = operandsOf(fields);
const nothing = () => undefined;

describe('the condition builder', () => {
  it('opens a condition it wrote in rows, with the Scriban shown read-only', () => {
    const html = render(createElement(ConditionBuilder, { operands, value: 'form.rating <= 2 || form.decision == "object"', onChange: nothing }));
    expect(html).toContain('任一满足');
    expect(html).toContain(escaped('form.rating <= 2 || form.decision == "object"'));
    expect(html).not.toContain('rules-expert"');
  });

  it('opens hand-written Scriban in expert mode, where the switch cannot be turned off', () => {
    const html = render(createElement(ConditionBuilder, { operands, value: 'form.rating <= 2 && form.score_a > 1 || form.booked', onChange: nothing }));
    expect(html).toContain('rules-expert"');
    expect(html).toContain(escaped(zhCN['rules.expertOnly']));
  });
});

describe('the computed field builder', () => {
  it('opens the weight total as a choice of group and member', () => {
    const html = render(createElement(ComputedEditor, { fields, field: 'total_weight', expression: 'sum form.kpis "weight"', onChange: nothing, findings: [] }));
    expect(html).toContain(zhCN['rules.computed.kind.sumItems']);
    expect(html).toContain('权重');
    expect(html).not.toContain('rules-expert"');
  });

  it('starts a new computed field as a sum of fields to choose', () => {
    const html = render(createElement(ComputedEditor, { fields, field: 'score_sum', expression: '', onChange: nothing, findings: [] }));
    expect(html).toContain(zhCN['rules.computed.kind.sum']);
    expect(html).toContain(zhCN['rules.incomplete']);
  });

  it('opens other Scriban in expert mode', () => {
    const html = render(createElement(ComputedEditor, { fields, field: 'score_sum', expression: 'form.score_a * 2', onChange: nothing, findings: [] }));
    expect(html).toContain('rules-expert"');
  });
});

describe('the rules editor', () => {
  const rules = (kpiSetting as { rules: Rule[] }).rules;
  const html = render(createElement(RulesEditor, { fields: fieldsOf(kpiSetting), rules, onChange: nothing, findings: [] }));

  it('shows every rule with its message in both languages side by side', () => {
    for (const rule of rules) {
      expect(html).toContain(escaped(rule.message['zh-CN']));
      expect(html).toContain(escaped(rule.message.en));
    }
  });

  it('opens the rules it can read in the builder and keeps the others as Scriban', () => {
    // weights-sum-to-100 and reason-when-objecting are the builder's; the four others are hand-written.
    expect(html.match(/rules-expert"/g)?.length).toBe(2 * 4);
  });

  it('flags a message missing a language', () => {
    const missing = render(
      createElement(RulesEditor, {
        fields,
        rules: [{ key: 'score-a-required', assert: 'form.score_a != null', field: 'score_a', message: { 'zh-CN': '请填写「业绩得分」', en: ' ' } }],
        onChange: nothing,
        findings: [],
      }),
    );
    expect(missing).toContain(texts.t('rules.rule.messageMissing', { language: zhCN['rules.rule.messageEn'] }));
  });
});
