/**
 * The step members that read the step's forms (docs/processes.md): a step's reminders of the dates written in its form
 * (`dateReminders`), a recurring step's period read from a form field (`every` as an object), the interview a form
 * step books (`meeting`), what a start-process step carries into the process it starts (`carry`), who follows up each
 * occurrence of a recurring step (`reviewer`, `reviewerWrite`), and the alerts on what a task hands in (`alerts`). Each reads the
 * member as written — a value the designer does not know (written by hand) is kept, so that the panel shows it and an
 * edit elsewhere does not drop it; lint names it — and each writes `undefined` for "no member", which the panel removes.
 */
import type { DateReminderRule, EveryFromField, ProcessStep, Sections } from './document';
import { parseIso } from './durations';
import { dateFields, optionFieldsAt, textFieldsBeside, topLevelDateTimes, type OptionField, type PickedField } from './formFields';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The people a member names (`to`, `with`) with one relation ticked or not, the others (unknown ones included) kept in order. */
export function toggleRelation(people: readonly string[], relation: string, chosen: boolean): string[] {
  const without = people.filter((value) => value !== relation);
  return chosen ? [...without, relation] : without;
}

// ————— dateReminders —————

/** The step kinds that may remind of dates in their form. */
export const dateReminderKinds: readonly ProcessStep['kind'][] = ['form', 'review', 'approval', 'confirmation'];

/** The rules as written; an entry that is not an object (lint reports it) is left out of the rows but not of the document unless a row changes. */
export function dateRemindersOf(step: ProcessStep): DateReminderRule[] {
  const written = step.dateReminders as unknown;
  return Array.isArray(written) ? written.filter(isObject).map((rule) => ({ ...rule, to: Array.isArray(rule.to) ? (rule.to as unknown[]).filter((v): v is string => typeof v === 'string') : [] }) as DateReminderRule) : [];
}

/** The member for these rules: undefined (removed) when there is none. */
export const dateRemindersValue = (rules: DateReminderRule[]) => (rules.length > 0 ? rules : undefined);

/** A new rule: the first date of the form not yet reminded of (else the first), 3 days before, to the employee and their manager. */
export function newDateReminder(fields: PickedField[], rules: readonly DateReminderRule[]): DateReminderRule {
  const dates = dateFields(fields);
  const field = dates.find((f) => !rules.some((r) => r.field === f.path)) ?? dates[0];
  return { field: field?.path ?? '', before: 'P3D', to: ['subject', 'manager'] };
}

/** The rule watching another date; its text is kept only when it is in the same item as the new date. */
export function withDateField(rule: DateReminderRule, field: string, fields: PickedField[]): DateReminderRule {
  const next: DateReminderRule = { ...rule, field };
  if (next.text !== undefined && !textFieldsBeside(fields, field).some((f) => f.path === next.text)) delete next.text;
  return next;
}

/** The rule with its text chosen, or without one. */
export function withDateText(rule: DateReminderRule, text: string | undefined): DateReminderRule {
  const next: DateReminderRule = { ...rule, text };
  if (!text) delete next.text;
  return next;
}

/** When a rule fires: `before` the date (a reminder), or `after` it (an overdue alert). */
export const dateTimingOf = (rule: DateReminderRule): 'before' | 'after' => (rule.after !== undefined ? 'after' : 'before');

/** The rule switched to a reminder before the date or an overdue alert after it, keeping its duration; an alert's support goes with it. */
export function withDateTiming(rule: DateReminderRule, timing: 'before' | 'after'): DateReminderRule {
  if (timing === dateTimingOf(rule)) return rule;
  const { before, after, support, ...rest } = rule;
  void support;
  return timing === 'after' ? { ...rest, after: before && before !== 'P0D' ? before : 'P1D' } : { ...rest, before: after ?? 'P3D' };
}

// ————— every from a form field —————

/** A recurring step's period: a fixed duration, or chosen by an option field of a form. */
export type Period = { from: 'fixed'; every: string | undefined } | { from: 'field'; every: EveryFromField };

export function periodOf(step: ProcessStep): Period {
  const every = step.every as unknown;
  if (isObject(every))
    return {
      from: 'field',
      every: { ...every, field: typeof every.field === 'string' ? every.field : '', map: isObject(every.map) ? (every.map as Record<string, string>) : {} } as EveryFromField,
    };
  return { from: 'fixed', every: typeof every === 'string' ? every : undefined };
}

/** The period an option's name suggests (`monthly` → 1 month, `biweekly` → 14 days); else the one given. */
export function suggestedPeriod(option: string, otherwise: string): string {
  const known: [RegExp, string][] = [
    [/^(bi-?weekly|fortnightly|every-two-weeks)$/i, 'P14D'],
    [/^weekly$/i, 'P1W'],
    [/^(bi-?monthly|every-two-months)$/i, 'P2M'],
    [/^monthly$/i, 'P1M'],
    [/^quarterly$/i, 'P3M'],
    [/^(half-?yearly|semi-?annual(ly)?)$/i, 'P6M'],
    [/^(yearly|annual(ly)?)$/i, 'P1Y'],
    [/^daily$/i, 'P1D'],
  ];
  return known.find(([pattern]) => pattern.test(option))?.[1] ?? otherwise;
}

/**
 * The period read from this field: a period for each of its options — the one already given, else the one the option's
 * name suggests, else the fixed period the step had — and the same default (the step's fixed period, else 1 month).
 */
export function periodFromField(field: OptionField, before: Period): EveryFromField {
  const fixed = before.from === 'fixed' && before.every ? before.every : undefined;
  const previous = before.from === 'field' ? before.every : undefined;
  const fallback = previous?.default ?? fixed ?? 'P1M';
  const map = Object.fromEntries(field.options.map((o) => [o.value, previous?.map[o.value] ?? suggestedPeriod(o.value, fallback)]));
  return { ...previous, field: field.value, map, default: fallback };
}

/** Back to a fixed period: the default the field had, else 1 month. */
export const fixedFromField = (before: Period): string => (before.from === 'field' ? (before.every.default ?? Object.values(before.every.map)[0] ?? 'P1M') : (before.every ?? 'P1M'));

/** The period with one option's period set. */
export const withOptionPeriod = (every: EveryFromField, option: string, iso: string): EveryFromField => ({ ...every, map: { ...every.map, [option]: iso } });

/** The period without a key of `map` (one the field does not offer). */
export function withoutOption(every: EveryFromField, option: string): EveryFromField {
  const map = { ...every.map };
  delete map[option];
  return { ...every, map };
}

/** The period with a default for an empty field, or without one. */
export function withDefaultPeriod(every: EveryFromField, iso: string | undefined): EveryFromField {
  const next = { ...every, default: iso };
  if (iso === undefined) delete next.default;
  return next;
}

// ————— startOn: a recurring step on a weekday —————

/** The days a recurring step may start on (`startOn`, docs/processes.md), Monday first as a Chinese calendar has them. */
export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];

export const isWeekday = (value: unknown): value is Weekday => typeof value === 'string' && (weekdays as readonly string[]).includes(value);

/**
 * The day a recurring step starts on, as its control shows it: none, a day, or what is written when it is not a day
 * (`Mon`, a number), kept for lint to name (`process.start-on-unknown-day`) until the author picks a day.
 */
export function startOnOf(step: ProcessStep): Weekday | { written: string } | undefined {
  const value = step.startOn as unknown;
  if (value === undefined) return undefined;
  return isWeekday(value) ? value : { written: typeof value === 'string' ? value : JSON.stringify(value) };
}

/** Whether a period is a whole number of weeks, as the engine counts them (`P7D`, `P2W`, `PT168H`; never a month or a year). */
export function isWholeWeeks(iso: string | undefined): boolean {
  const parts = parseIso(iso);
  if (!parts || parts.years || parts.months) return false;
  const seconds = (((parts.weeks ?? 0) * 7 + (parts.days ?? 0)) * 24 + (parts.hours ?? 0)) * 3600 + (parts.minutes ?? 0) * 60 + (parts.seconds ?? 0);
  return seconds > 0 && seconds % (7 * 24 * 3600) === 0;
}

/**
 * The periods of a recurring step that keep it off its weekday: a fixed period, or those of its form field's options
 * and its default, that are not whole weeks. Empty when the step has no `startOn`, or when every period fits.
 */
export function periodsOffWeekday(step: ProcessStep): string[] {
  if (step.startOn === undefined) return [];
  const period = periodOf(step);
  const periods = period.from === 'fixed' ? (period.every ? [period.every] : []) : [...Object.values(period.every.map), ...(period.every.default ? [period.every.default] : [])];
  return periods.filter((iso) => !isWholeWeeks(iso));
}

// ————— meeting —————

/** `"meeting": { "at", "place", "agenda", "duration", "with" }` (docs/processes.md "Meetings"). */
export interface Meeting {
  at: string;
  place?: string;
  agenda?: string;
  duration?: string;
  with: string[];
  [member: string]: unknown;
}

/** The step kinds that may book a meeting. */
export const meetingKinds: readonly ProcessStep['kind'][] = ['form', 'review'];

export function meetingOf(step: ProcessStep): Meeting | undefined {
  const written = step.meeting as unknown;
  if (!isObject(written)) return undefined;
  return { ...written, at: typeof written.at === 'string' ? written.at : '', with: Array.isArray(written.with) ? (written.with as unknown[]).filter((v): v is string => typeof v === 'string') : [] };
}

/** A meeting switched on: at the form's first date-time field, for an hour, with the employee and their manager. */
export function newMeeting(fields: PickedField[]): Meeting {
  return { at: topLevelDateTimes(fields)[0]?.path ?? '', duration: 'PT1H', with: ['subject', 'manager'] };
}

/** The meeting with one of its optional fields (`place`, `agenda`) chosen, or without it. */
export function withMeetingField(meeting: Meeting, member: 'place' | 'agenda', field: string | undefined): Meeting {
  const next: Meeting = { ...meeting, [member]: field };
  if (!field) delete next[member];
  return next;
}

// ————— carry —————

/** `{ "from": "idp", "to": "idp" }`: a form (or `form.field`) of this instance into one of the process started. */
export interface CarryEntry {
  from: string;
  to: string;
  [member: string]: unknown;
}

export function carryOf(step: ProcessStep): CarryEntry[] {
  const written = step.carry as unknown;
  if (!Array.isArray(written)) return [];
  return written.filter(isObject).map((entry) => ({ ...entry, from: typeof entry.from === 'string' ? entry.from : '', to: typeof entry.to === 'string' ? entry.to : '' }));
}

/** The member for these entries: undefined (removed) when there is none. */
export const carryValue = (entries: CarryEntry[]) => (entries.length > 0 ? entries : undefined);

/** A new entry: the first form not yet carried, into the started process's form of the same name, else its first. */
export function newCarry(fromForms: readonly string[], toForms: readonly string[], entries: readonly CarryEntry[]): CarryEntry {
  const from = fromForms.find((f) => !entries.some((e) => e.from === f)) ?? fromForms[0] ?? '';
  const to = toForms.includes(from) ? from : (toForms[0] ?? '');
  return { from, to };
}

// ————— a recurring step's reviewer —————

/** The sections as an array (a `"*"` or anything else written by hand reads as none ticked but is kept until a box changes). */
const sectionList = (sections: unknown): string[] => (Array.isArray(sections) ? sections.filter((s): s is string => typeof s === 'string') : []);

/** Whether someone follows up each occurrence of a recurring step (`reviewer`). */
export const hasFollowUp = (step: ProcessStep) => step.reviewer !== undefined;

/**
 * The follow-up switched on — the assignee's manager (their superior's superior when the manager fills), writing no section
 * yet — or off: the reviewer and what they read and write removed.
 */
export function followUp(step: ProcessStep, on: boolean): Partial<ProcessStep> {
  if (!on) return { reviewer: undefined, reviewerRead: undefined, reviewerWrite: undefined };
  return { reviewer: step.assignee === 'manager' ? 'skip-level' : 'manager' };
}

/** The sections the reviewer writes with one ticked or not, in the template's order, unknown ones kept; none removes the member. */
export function withReviewerSection(step: ProcessStep, section: string, chosen: boolean, order: readonly string[]): Sections | undefined {
  const written = sectionList(step.reviewerWrite);
  const next = chosen ? [...new Set([...written, section])] : written.filter((s) => s !== section);
  const rank = (s: string) => (order.includes(s) ? order.indexOf(s) : order.length);
  const sorted = [...next].sort((a, b) => rank(a) - rank(b));
  return sorted.length > 0 ? sorted : undefined;
}

/** The sections the reviewer writes as ticked boxes. */
export const reviewerSections = (step: ProcessStep): string[] => sectionList(step.reviewerWrite);

// ————— alerts —————

/** `{ "field": "goals[].status", "is": ["off-track"], "text": "goals[].goal", "to": ["manager"], "support": "pip.manager_support[].commitment" }`. */
export interface ItemAlert {
  field: string;
  is: string[];
  text?: string;
  to: string[];
  support?: string;
  [member: string]: unknown;
}

/** The step kinds whose hand-ins may alert (docs/processes.md "Alerts on what is handed in"). */
export const alertKinds: readonly ProcessStep['kind'][] = ['form', 'review', 'recurring'];

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

export function alertsOf(step: ProcessStep): ItemAlert[] {
  const written = step.alerts as unknown;
  if (!Array.isArray(written)) return [];
  return written.filter(isObject).map((alert) => ({ ...alert, field: typeof alert.field === 'string' ? alert.field : '', is: strings(alert.is), to: strings(alert.to) }) as ItemAlert);
}

/** The member for these alerts: undefined (removed) when there is none. */
export const alertsValue = (alerts: ItemAlert[]) => (alerts.length > 0 ? alerts : undefined);

/**
 * A new alert: the first option field of the form not yet alerted on (else the first), with the first text of its item,
 * no option ticked yet, telling the manager (their superior's superior when the manager hands it in).
 */
export function newAlert(fields: PickedField[], alerts: readonly ItemAlert[], step: ProcessStep): ItemAlert {
  const choices = optionFieldsAt(fields);
  const field = choices.find((f) => !alerts.some((a) => a.field === f.path)) ?? choices[0];
  const text = field ? textFieldsBeside(fields, field.path)[0] : undefined;
  const from = step.kind === 'review' ? step.author : step.assignee;
  return { field: field?.path ?? '', is: [], ...(text ? { text: text.path } : {}), to: [from === 'manager' ? 'skip-level' : 'manager'] };
}

/** The alert watching another field: the options it still offers stay ticked; the text stays only when in the same item. */
export function withAlertField(alert: ItemAlert, field: string, fields: PickedField[]): ItemAlert {
  const options = fields.find((f) => f.path === field)?.field.options?.map((o) => o.value) ?? [];
  const next: ItemAlert = { ...alert, field, is: alert.is.filter((v) => options.includes(v)) };
  if (next.text !== undefined && !textFieldsBeside(fields, field).some((f) => f.path === next.text)) delete next.text;
  return next;
}

/** The alert with one option ticked or not, in the field's order, unknown ones kept. */
export function withAlertValue(alert: ItemAlert, value: string, chosen: boolean, order: readonly string[]): ItemAlert {
  const next = chosen ? [...new Set([...alert.is, value])] : alert.is.filter((v) => v !== value);
  const rank = (v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
  return { ...alert, is: [...next].sort((a, b) => rank(a) - rank(b)) };
}

/** The alert with an optional member (`text`, `support`) chosen, or without it. */
export function withAlertMember(alert: ItemAlert, member: 'text' | 'support', value: string | undefined): ItemAlert {
  const next: ItemAlert = { ...alert, [member]: value };
  if (!value) delete next[member];
  return next;
}
