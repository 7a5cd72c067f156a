import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from './texts/en.json';
import zh from './texts/zh-CN.json';
import type { DateReminderRule, ProcessDocument, ProcessStep } from './document';
import { dateFields, labelPath, optionFields, pickableFields, textFieldsBeside, topLevelDateTimes, topLevelTexts } from './formFields';
import {
  carryOf,
  carryValue,
  dateRemindersOf,
  dateRemindersValue,
  fixedFromField,
  meetingOf,
  newCarry,
  newDateReminder,
  newMeeting,
  periodFromField,
  periodOf,
  suggestedPeriod,
  toggleRelation,
  withDateField,
  withDateText,
  withDateTiming,
  dateTimingOf,
  withDefaultPeriod,
  withMeetingField,
  withOptionPeriod,
  withoutOption,
} from './members';
import type { TemplateOutline } from './queries';
import { dateRemindersWords } from './summary';

const samples = import.meta.glob<ProcessDocument>('../../../../samples/processes/*.json', { import: 'default', eager: true });
const annual = samples['../../../../samples/processes/annual-review.json']!;
const pip = samples['../../../../samples/processes/performance-improvement.json']!;
const shipped = import.meta.glob<TemplateOutline>('../../../../templates/*.json', { import: 'default', eager: true });
const template = (key: string) => shipped[`../../../../templates/${key}.json`]!;
const templates = Object.values(shipped);

async function translator(language: 'zh-CN' | 'en') {
  const i18n = createInstance();
  await i18n.init({ lng: language, resources: { [language]: { translation: language === 'en' ? en : zh } }, interpolation: { escapeValue: false } });
  return i18n.t.bind(i18n) as (key: string, options?: Record<string, unknown>) => string;
}

const zhOf = (text: { 'zh-CN': string }) => text['zh-CN'];
const step = (members: Partial<ProcessStep>): ProcessStep => ({ kind: 'form', form: 'record', ...members });

describe('the fields a step member picks from its form', () => {
  it('offers the dates of the form, list items’ included, by their labels from the list down', () => {
    const dates = dateFields(pickableFields(template('interview-record')));
    expect(dates.map((f) => f.path)).toContain('plan[].time_node');
    const timeNode = dates.find((f) => f.path === 'plan[].time_node')!;
    expect(labelPath(timeNode.labels, zhOf)).toBe('改进计划 › 时间节点');
    expect(timeNode.item).toBe('plan[]');
  });

  it('follows the definitions a list names, down to the actions of each development goal', () => {
    const dates = dateFields(pickableFields(template('idp'))).map((f) => f.path);
    expect(dates).toEqual(['development_goals[].actions[].deadline']);
  });

  it('offers as the text beside a date the plain texts of the same item only', () => {
    const fields = pickableFields(template('improvement-plan'));
    expect(textFieldsBeside(fields, 'result_goals[].deadline').map((f) => f.path)).toEqual(['result_goals[].specific', 'result_goals[].measure', 'result_goals[].target']);
    expect(textFieldsBeside(fields, 'period_end').map((f) => f.path)).toEqual(['background']);
  });

  it('offers a meeting the top-level date-times and texts of the form', () => {
    const fields = pickableFields(template('interview-preparation-333'));
    expect(topLevelDateTimes(fields).map((f) => f.path)).toEqual(['meeting_at']);
    expect(topLevelTexts(fields).map((f) => f.path)).toEqual(expect.arrayContaining(['meeting_place', 'agenda']));
  });

  it('offers a period from the option fields of every form of the process', () => {
    const choices = optionFields(pip, templates);
    const frequency = choices.find((c) => c.value === 'pip.checkpoint_frequency')!;
    expect(frequency.options.map((o) => [o.value, o.label['zh-CN']])).toEqual([
      ['monthly', '每月'],
      ['biweekly', '每两周'],
    ]);
    expect(choices.every((c) => c.options.length > 0)).toBe(true);
  });
});

describe('date reminders', () => {
  const fields = pickableFields(template('interview-record'));

  it('reads the rules as written, a field the form lacks and a relation it does not know included', () => {
    expect(dateRemindersOf(annual.steps.record!)).toEqual([
      { field: 'plan[].time_node', text: 'plan[].goal', before: 'P3D', to: ['subject', 'manager'] },
      { field: 'plan[].time_node', text: 'plan[].goal', after: 'P1D', to: ['manager'], support: 'prep.support_actions[].action' },
    ]);
    expect(dateRemindersOf(step({ dateReminders: [{ field: 'nope', to: ['mentor'] }] }))).toEqual([{ field: 'nope', to: ['mentor'] }]);
    expect(dateRemindersOf(step({ dateReminders: 'x' as never }))).toEqual([]);
  });

  it('adds a rule on a date not yet reminded of, 3 days before, to the employee and their manager', () => {
    expect(newDateReminder(fields, [])).toEqual({ field: 'plan[].time_node', before: 'P3D', to: ['subject', 'manager'] });
  });

  it('keeps the text only while it is in the same item as the date', () => {
    const rule = withDateText({ field: 'plan[].time_node', to: ['subject'] }, 'plan[].goal');
    expect(rule.text).toBe('plan[].goal');
    expect(withDateField(rule, 'plan[].time_node', fields).text).toBe('plan[].goal');
    expect('text' in withDateField(rule, 'unknown_date', fields)).toBe(false);
    expect('text' in withDateText(rule, undefined)).toBe(false);
  });

  it('removes the member with its last rule', () => {
    expect(dateRemindersValue([])).toBeUndefined();
  });

  it('ticks whom to remind, keeping a relation written by hand', () => {
    expect(toggleRelation(['mentor', 'subject'], 'manager', true)).toEqual(['mentor', 'subject', 'manager']);
    expect(toggleRelation(['mentor', 'subject'], 'subject', false)).toEqual(['mentor']);
  });

  it('says on the card how long before and whom, once for rules alike', async () => {
    const zhT = await translator('zh-CN');
    expect(dateRemindersWords(dateRemindersOf(pip.steps.plan!), zhT, 'zh-CN')).toEqual(['表单日期前 3 天提醒员工本人、直属上级', '表单日期过后 1 天仍未完成则提醒直属上级']);
    expect(dateRemindersWords([{ field: 'd', to: ['hrbp', 'role:admin'] }], zhT, 'zh-CN')).toEqual(['表单日期当天提醒HRBP、角色：管理员']);
    const enT = await translator('en');
    expect(dateRemindersWords(dateRemindersOf(annual.steps.record!), enT, 'en')).toEqual([
      'reminds the person themselves and their manager 3 days before each date in the form',
      'alerts their manager 1 day after a date in the form when it is not done',
    ]);
  });

  it('switches a rule between a reminder before the date and an overdue alert after it, keeping its duration', () => {
    const reminder: DateReminderRule = { field: 'plan[].time_node', before: 'P3D', to: ['manager'] };
    const alert = withDateTiming(reminder, 'after');
    expect(alert).toEqual({ field: 'plan[].time_node', after: 'P3D', to: ['manager'] });
    expect(dateTimingOf(alert)).toBe('after');
    expect(withDateTiming({ ...alert, support: 'pip.manager_support[].commitment' }, 'before')).toEqual(reminder);
    expect(withDateTiming({ field: 'd', to: [] }, 'after')).toEqual({ field: 'd', after: 'P1D', to: [] });
  });
});

describe('a recurring step’s period from a form field', () => {
  const frequency = optionFields(pip, templates).find((c) => c.value === 'pip.checkpoint_frequency')!;

  it('reads a fixed period and one from a field', () => {
    expect(periodOf(annual.steps['check-ins']!)).toEqual({ from: 'fixed', every: 'P1M' });
    expect(periodOf(pip.steps['follow-up']!)).toEqual({ from: 'field', every: { field: 'pip.checkpoint_frequency', map: { monthly: 'P1M', biweekly: 'P14D' }, default: 'P1M' } });
  });

  it('fills a period for each option of the field chosen, by its name, and the fixed period as the default', () => {
    expect(periodFromField(frequency, { from: 'fixed', every: 'P1M' })).toEqual({ field: 'pip.checkpoint_frequency', map: { monthly: 'P1M', biweekly: 'P14D' }, default: 'P1M' });
    expect(suggestedPeriod('quarterly', 'P1M')).toBe('P3M');
    expect(suggestedPeriod('whenever', 'P2W')).toBe('P2W');
  });

  it('keeps the periods already given, and what else the author wrote', () => {
    const before = periodOf(step({ every: { field: 'pip.checkpoint_frequency', map: { biweekly: 'P10D', yearly: 'P1Y' }, default: 'P2M', note: 'x' } as never }));
    expect(periodFromField(frequency, before)).toEqual({ field: 'pip.checkpoint_frequency', map: { monthly: 'P1M', biweekly: 'P10D' }, default: 'P2M', note: 'x' });
  });

  it('sets and removes one option’s period and the default', () => {
    const every = { field: 'pip.checkpoint_frequency', map: { monthly: 'P1M' } };
    expect(withOptionPeriod(every, 'biweekly', 'P2W').map).toEqual({ monthly: 'P1M', biweekly: 'P2W' });
    expect(withoutOption(every, 'monthly').map).toEqual({});
    expect(withDefaultPeriod(every, 'P1M').default).toBe('P1M');
    expect('default' in withDefaultPeriod({ ...every, default: 'P1M' }, undefined)).toBe(false);
  });

  it('goes back to a fixed period with the field’s default', () => {
    expect(fixedFromField(periodOf(pip.steps['follow-up']!))).toBe('P1M');
    expect(fixedFromField({ from: 'field', every: { field: 'f', map: { a: 'P2W' } } })).toBe('P2W');
  });
});

describe('a meeting booked from the form', () => {
  it('reads the meeting as written, and none', () => {
    expect(meetingOf(annual.steps.prepare!)).toEqual({ at: 'meeting_at', place: 'meeting_place', agenda: 'agenda', duration: 'PT1H', with: ['subject', 'manager'] });
    expect(meetingOf(annual.steps['self-review']!)).toBeUndefined();
  });

  it('is switched on at the form’s date-time, for an hour, with the employee and their manager', () => {
    expect(newMeeting(pickableFields(template('interview-preparation-333')))).toEqual({ at: 'meeting_at', duration: 'PT1H', with: ['subject', 'manager'] });
  });

  it('takes a place or an agenda field, or none', () => {
    const meeting = { at: 'meeting_at', with: ['manager'] };
    expect(withMeetingField(meeting, 'place', 'meeting_place').place).toBe('meeting_place');
    expect('agenda' in withMeetingField({ ...meeting, agenda: 'agenda' }, 'agenda', undefined)).toBe(false);
  });
});

describe('forms carried into the process started', () => {
  it('reads the entries as written, a field among them', () => {
    expect(carryOf(annual.steps['next-period']!)).toEqual([{ from: 'idp', to: 'idp' }]);
    expect(carryOf(step({ kind: 'start-process', carry: [{ from: 'self.support_wanted', to: 'checkin.support_needed' }] }))).toEqual([{ from: 'self.support_wanted', to: 'checkin.support_needed' }]);
  });

  it('adds the first form not yet carried, into the form of the same name when there is one', () => {
    expect(newCarry(['self', 'idp'], ['goals', 'idp'], [{ from: 'self', to: 'goals' }])).toEqual({ from: 'idp', to: 'idp' });
    expect(newCarry(['self'], ['goals'], [])).toEqual({ from: 'self', to: 'goals' });
  });

  it('removes the member with its last entry', () => {
    expect(carryValue([])).toBeUndefined();
  });
});
