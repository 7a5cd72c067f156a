import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import en from './texts/en.json';
import zh from './texts/zh-CN.json';
import type { DateReminderRule, ProcessDocument, ProcessStep } from './document';
import { dateFields, labelPath, optionFields, optionFieldsAt, optionWordsOf, pickableFields, supportFields, textFieldsBeside, topLevelDateTimes, topLevelTexts } from './formFields';
import {
  alertsOf,
  alertsValue,
  followUp,
  hasFollowUp,
  newAlert,
  reviewerSections,
  withAlertField,
  withAlertMember,
  withAlertValue,
  withReviewerSection,
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
  isWholeWeeks,
  periodsOffWeekday,
  startOnOf,
  weekdays,
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
import { alertsWords, dateRemindersWords, ruleLine } from './summary';

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

describe('who follows up each occurrence of a recurring step', () => {
  const checkIns = pip.steps['follow-up']!;
  const sections = template('monthly-check-in').sections.map((s) => s.key);

  it('reads the shipped check-ins as followed up by the manager, who writes the feedback', () => {
    expect(hasFollowUp(checkIns)).toBe(true);
    expect(reviewerSections(checkIns)).toEqual(['manager']);
    expect(hasFollowUp({ ...checkIns, reviewer: undefined })).toBe(false);
  });

  it('switched off removes the reviewer and what they read and write', () => {
    expect(followUp(checkIns, false)).toEqual({ reviewer: undefined, reviewerRead: undefined, reviewerWrite: undefined });
  });

  it('switched on is the assignee’s manager, or the skip-level manager when the manager fills', () => {
    expect(followUp(checkIns, true)).toEqual({ reviewer: 'manager' });
    expect(followUp({ ...checkIns, assignee: 'manager' }, true)).toEqual({ reviewer: 'skip-level' });
  });

  it('ticks the sections the reviewer writes in the template’s order, keeping one written by hand, none removing the member', () => {
    const none = { ...checkIns, reviewerWrite: undefined };
    expect(withReviewerSection(none, 'manager', true, sections)).toEqual(['manager']);
    expect(withReviewerSection({ ...checkIns, reviewerWrite: ['manager', 'extra'] }, 'progress', true, sections)).toEqual(['progress', 'manager', 'extra']);
    expect(withReviewerSection(checkIns, 'manager', false, sections)).toBeUndefined();
  });

  it('says on the card who follows up', async () => {
    const zhT = await translator('zh-CN');
    expect(ruleLine(annual.steps['check-ins']!, zhT, 'zh-CN')).toContain('员工本人填写，每 1 个月一次，共 3 次，直属上级跟进，');
    expect(ruleLine({ ...annual.steps['check-ins']!, reviewer: undefined }, zhT, 'zh-CN')).not.toContain('跟进');
    const enT = await translator('en');
    expect(ruleLine(annual.steps['check-ins']!, enT, 'en')).toContain('followed up by their manager');
  });
});

describe('alerts on what a task hands in', () => {
  const fields = pickableFields(template('monthly-check-in'));
  const checkIns = pip.steps['follow-up']!;

  it('offers the option fields of the form, list items’ included, by their labels from the list down', () => {
    const choices = optionFieldsAt(fields);
    expect(choices.map((f) => f.path)).toEqual(['goals[].status', 'plan_actions[].status', 'action_marks[].status']);
    expect(labelPath(choices[0]!.labels, zhOf)).toBe('目标进展 › 状态');
    expect(choices[0]!.field.options!.map((o) => o.label['zh-CN'])).toEqual(['正常', '有风险', '已偏离']);
  });

  it('offers as support the texts of list items of every form of the process', () => {
    const support = supportFields(pip, templates).map((s) => s.value);
    expect(support).toContain('pip.manager_support[].commitment');
    expect(support).toContain('checkin.goals[].goal');
    expect(support).not.toContain('pip.background');
    expect(support).not.toContain('pip.manager_support[].due_date');
  });

  it('reads the alerts as written, a value the field lacks included', () => {
    expect(alertsOf(checkIns)).toEqual([{ field: 'goals[].status', is: ['off-track'], text: 'goals[].goal', to: ['manager'], support: 'pip.manager_support[].commitment' }]);
    expect(alertsOf(step({ alerts: [{ field: 'goals[].status', is: ['late'], to: ['mentor'] }] }))).toEqual([{ field: 'goals[].status', is: ['late'], to: ['mentor'] }]);
    expect(alertsOf(step({ alerts: 'x' }))).toEqual([]);
  });

  it('adds an alert on the first option field not yet watched, with its item’s first text, to the manager', () => {
    expect(newAlert(fields, [], checkIns)).toEqual({ field: 'goals[].status', is: [], text: 'goals[].goal', to: ['manager'] });
    expect(newAlert(fields, alertsOf(checkIns), checkIns)).toEqual({ field: 'plan_actions[].status', is: [], text: 'plan_actions[].action', to: ['manager'] });
    expect(newAlert(fields, [], { ...checkIns, assignee: 'manager' }).to).toEqual(['skip-level']);
  });

  it('keeps the options and the text another field still offers, and drops the others', () => {
    const alert = alertsOf(checkIns)[0]!;
    expect(withAlertField(alert, 'action_marks[].status', fields)).toEqual({ ...alert, field: 'action_marks[].status', is: ['off-track'], text: undefined });
    expect('text' in withAlertField(alert, 'action_marks[].status', fields)).toBe(false);
    expect(withAlertField(alert, 'plan_actions[].status', fields).is).toEqual([]);
  });

  it('ticks the options in the field’s order, keeping one written by hand', () => {
    const order = ['on-track', 'at-risk', 'off-track'];
    const alert = { field: 'goals[].status', is: ['late', 'off-track'], to: ['manager'] };
    expect(withAlertValue(alert, 'at-risk', true, order).is).toEqual(['at-risk', 'off-track', 'late']);
    expect(withAlertValue(alert, 'off-track', false, order).is).toEqual(['late']);
  });

  it('takes a text or a support, or none, and removes the member with its last alert', () => {
    const alert = { field: 'goals[].status', is: ['off-track'], to: ['manager'] };
    expect(withAlertMember(alert, 'support', 'pip.manager_support[].commitment').support).toBe('pip.manager_support[].commitment');
    expect('text' in withAlertMember({ ...alert, text: 'goals[].goal' }, 'text', undefined)).toBe(false);
    expect(alertsValue([])).toBeUndefined();
  });

  it('says on the card which options alert whom, by the options’ labels', async () => {
    const words = optionWordsOf(template('monthly-check-in'), zhOf);
    const zhT = await translator('zh-CN');
    expect(alertsWords(alertsOf(checkIns), zhT, words)).toEqual(['标为已偏离时提醒直属上级']);
    expect(alertsWords([{ field: 'goals[].status', is: ['at-risk', 'off-track'], to: ['manager', 'hrbp'] }], zhT, words)).toEqual(['标为有风险或已偏离时提醒直属上级、HRBP']);
    expect(alertsWords([{ field: 'x', is: ['late'], to: ['manager'] }], zhT, words)).toEqual(['标为late时提醒直属上级']);
    const enT = await translator('en');
    expect(alertsWords(alertsOf(checkIns), enT, optionWordsOf(template('monthly-check-in'), (t) => t.en))).toEqual(['alerts their manager of items marked Off track']);
    expect(ruleLine(checkIns, zhT, 'zh-CN', words)).toContain('直属上级跟进，7 天内，到期前 2 天提醒，标为已偏离时提醒直属上级，逾期抄送上级');
  });
});

describe('a recurring step that starts on a weekday', () => {
  const weekly: ProcessStep = { kind: 'recurring', assignee: 'subject', every: 'P7D', startOn: 'monday', count: 13 };

  it('shows its day, none, or what is written when it is no day', () => {
    expect(startOnOf(weekly)).toBe('monday');
    expect(startOnOf({ ...weekly, startOn: undefined })).toBeUndefined();
    expect(startOnOf({ ...weekly, startOn: 'Mon' })).toEqual({ written: 'Mon' });
    expect(startOnOf({ ...weekly, startOn: 1 as unknown as string })).toEqual({ written: '1' });
    expect(weekdays[0]).toBe('monday');
    expect(weekdays).toHaveLength(7);
  });

  it('repeats in whole weeks as the engine counts them, never months', () => {
    for (const iso of ['P7D', 'P14D', 'P1W', 'P2W', 'PT168H', 'P1W7D']) expect(isWholeWeeks(iso), iso).toBe(true);
    for (const iso of ['P1M', 'P10D', 'P1Y', 'P0D', 'PT24H', 'P1W1D', undefined, 'weekly']) expect(isWholeWeeks(iso), String(iso)).toBe(false);
  });

  it('names the periods that would leave its day, fixed or by a form field', () => {
    expect(periodsOffWeekday(weekly)).toEqual([]);
    expect(periodsOffWeekday({ ...weekly, every: 'P1M' })).toEqual(['P1M']);
    expect(periodsOffWeekday({ ...weekly, every: 'P1M', startOn: undefined })).toEqual([]);
    expect(periodsOffWeekday({ ...weekly, every: { field: 'pip.frequency', map: { weekly: 'P1W', monthly: 'P1M' }, default: 'P10D' } })).toEqual(['P1M', 'P10D']);
  });
});
