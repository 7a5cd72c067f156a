import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from './texts/en.json';
import zh from './texts/zh-CN.json';
import { assigneeWords, ruleLine } from './summary';
import type { ProcessDocument } from './document';

const samples = import.meta.glob<ProcessDocument>('../../../../samples/processes/*.json', { import: 'default', eager: true });
const annual = samples['../../../../samples/processes/annual-review.json']!;
const pip = samples['../../../../samples/processes/performance-improvement.json']!;

async function translator(language: 'zh-CN' | 'en') {
  const i18n = createInstance();
  await i18n.init({ lng: language, resources: { [language]: { translation: language === 'en' ? en : zh } }, interpolation: { escapeValue: false } });
  return i18n.t.bind(i18n) as (key: string, options?: Record<string, unknown>) => string;
}

describe('the one line a step card shows', () => {
  it('says who, by when, the reminder and the escalation, in Chinese', async () => {
    const t = await translator('zh-CN');
    expect(ruleLine(annual.steps.prepare!, t, 'zh-CN')).toBe('直属上级填写，7 天内，到期前 2 天提醒，表单日期前 1 天提醒直属上级，逾期抄送上级');
    expect(ruleLine(annual.steps['self-review']!, t, 'zh-CN')).toBe('员工本人填写，周期开始后 14 天内，到期前 2 天提醒，逾期抄送上级');
    expect(ruleLine(annual.steps.record!, t, 'zh-CN')).toBe('员工本人填写，直属上级审阅，7 天内，到期前 2 天提醒，表单日期前 3 天提醒员工本人、直属上级，表单日期过后 1 天仍未完成则提醒直属上级，逾期抄送上级');
    expect(ruleLine(annual.steps.confirm!, t, 'zh-CN')).toBe('员工本人、直属上级确认，3 天内，到期前 1 天提醒，可退回');
    expect(ruleLine(annual.steps['check-ins']!, t, 'zh-CN')).toBe('员工本人填写，每 1 个月一次，共 3 次，直属上级跟进，7 天内，到期前 2 天提醒，标为off-track时提醒直属上级，逾期抄送上级');
  });

  it('says the weekday a recurring step starts on', async () => {
    const weekly = { kind: 'recurring', assignee: 'subject', every: 'P7D', startOn: 'monday', count: 13 } as const;
    expect(ruleLine(weekly, await translator('zh-CN'), 'zh-CN')).toBe('员工本人填写，每 7 天一次，共 13 次，从周一开始');
    expect(ruleLine(weekly, await translator('en'), 'en')).toBe('The employee fills, every 7 days, 13 times, starting on a Monday');
  });

  it('says the same in English', async () => {
    const t = await translator('en');
    expect(ruleLine(annual.steps.prepare!, t, 'en')).toBe('Their manager fills, within 7 days, reminder 2 days before, reminds their manager 1 day before each date in the form, overdue copied to the superior');
    expect(ruleLine(annual.steps['skip-level-approval']!, t, 'en')).toBe(
      'The skip-level manager approves, within 5 days, reminder 2 days before, overdue copied to the superior, may be returned',
    );
  });

  it('says a hand-over after some days overdue, and a due time before the cycle ends', async () => {
    const t = await translator('zh-CN');
    expect(
      ruleLine(
        { kind: 'approval', approvers: ['department-head', 'role:hrbp'], mode: 'all', due: { from: 'cycle-end', before: 'P7D' }, escalation: { action: 'reassign-superior', after: 'P1D' } },
        t,
        'zh-CN',
      ),
    ).toBe('部门负责人、角色：HRBP全部同意，周期结束前 7 天，逾期 1 天后转交上级');
  });
});

describe('the members edited in JSON, mentioned on the card', () => {
  it('mentions the date reminders and a period chosen by a form field', async () => {
    expect(ruleLine(pip.steps.plan!, await translator('zh-CN'), 'zh-CN')).toBe('直属上级填写，7 天内，到期前 2 天提醒，表单日期前 3 天提醒员工本人、直属上级，表单日期过后 1 天仍未完成则提醒直属上级，逾期抄送上级');
    expect(ruleLine(pip.steps['follow-up']!, await translator('zh-CN'), 'zh-CN')).toContain('间隔按表单字段「pip.checkpoint_frequency」，共 3 次');
    expect(ruleLine(pip.steps['follow-up']!, await translator('en'), 'en')).toContain('period from the form field "pip.checkpoint_frequency", 3 times');
  });
});

describe('what a start-process step carries, mentioned on the card', () => {
  it('names what the annual review hands to the next period, in both languages', async () => {
    expect(ruleLine(annual.steps['next-period']!, await translator('zh-CN'), 'zh-CN')).toBe('启动「next-period-goals」，带入「idp」');
    expect(ruleLine(annual.steps['next-period']!, await translator('en'), 'en')).toBe('start "next-period-goals", carrying "idp"');
    expect(
      ruleLine({ kind: 'start-process', process: 'p', carry: [{ from: 'idp', to: 'idp' }, { from: 'record.plan', to: 'goals.plan' }] }, await translator('zh-CN'), 'zh-CN'),
    ).toContain('带入「idp」「record.plan」');
  });
});

describe('who a named person is on a card', () => {
  it('is 指定人员 with the employee id, in both languages', async () => {
    expect(assigneeWords('person:E011', await translator('zh-CN'))).toBe('指定人员（E011）');
    expect(assigneeWords('person:E011', await translator('en'))).toBe('Named person E011');
    expect(ruleLine({ kind: 'approval', approvers: ['manager', 'person:E004'], mode: 'sequence' }, await translator('zh-CN'), 'zh-CN')).toContain('直属上级、指定人员（E004）');
  });
});
