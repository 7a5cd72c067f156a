import { Alert, Button, Checkbox, Form, Segmented, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { findingsUnder, pathSegments, type Finding } from '../authoring/definitions';
import type { Text } from '../rules';
import { AssigneeSelect, DurationInput, SectionsSelect } from './controls';
import { relationships, templateKey, type DateReminderRule, type EveryFromField, type ProcessDocument, type ProcessStep } from './document';
import { dateFields, labelPath, optionFields, optionFieldsAt, pickableFields, supportFields, textFieldsBeside, topLevelDateTimes, topLevelTexts, type PickedField } from './formFields';
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
  type ItemAlert,
  carryOf,
  carryValue,
  dateRemindersOf,
  dateTimingOf,
  dateRemindersValue,
  fixedFromField,
  meetingOf,
  newCarry,
  newDateReminder,
  newMeeting,
  periodFromField,
  periodOf,
  periodsOffWeekday,
  startOnOf,
  weekdays,
  toggleRelation,
  withDateField,
  withDateTiming,
  withDateText,
  withDefaultPeriod,
  withMeetingField,
  withOptionPeriod,
  withoutOption,
  type CarryEntry,
  type Meeting,
} from './members';
import { usePublishedProcess, usePublishedTemplates, type TemplateOutline } from './queries';
import { assigneeWords } from './summary';

interface MemberProps {
  id: string;
  step: ProcessStep;
  findings: Finding[];
  disabled: boolean;
  set: (changes: Partial<ProcessStep>) => void;
}

/** Lint's findings on one member shown under its control (found by their paths with the kit's findingsUnder): the control turns red or orange. */
function help(findings: Finding[]) {
  if (findings.length === 0) return {};
  return {
    validateStatus: findings.some((f) => f.severity === 'error') ? ('error' as const) : ('warning' as const),
    help: findings.map((f) => <div key={`${f.code}${f.path}`}>{say(f.message)}</div>),
  };
}

/** The findings on exactly this member (not on one inside it): `at(findings, 'steps', 'plan', 'dateReminders')`. */
const at = (findings: Finding[], ...segments: string[]) => findingsUnder(findings, ...segments).filter((f) => pathSegments(f.path).length === segments.length);

/** A field chosen in a select: its labels path, or what is written when the form has no such field (lint names it). */
function useFieldOptions() {
  const { t } = useTranslation();
  return (fields: PickedField[], written: string | undefined) => [
    ...fields.map((f) => ({ value: f.path, label: labelPath(f.labels, (text: Text) => say(text)) })),
    ...(written && !fields.some((f) => f.path === written) ? [{ value: written, label: t('processes.members.unknownField', { value: written }) }] : []),
  ];
}

/** The relations (and what else is written: a role, a named person, a value written by hand) as checkboxes in a labelled group. */
function PeopleChoice({ label, name, value, onChange, disabled, findings }: { label: string; name: string; value: string[]; onChange: (people: string[]) => void; disabled: boolean; findings: Finding[] }) {
  const { t } = useTranslation();
  const others = value.filter((v) => !(relationships as readonly string[]).includes(v));
  const choices = [
    ...relationships.map((v) => ({ value: v, label: t(`processes.starters.label.${v}`) })),
    ...others.map((v) => ({ value: v, label: v.startsWith('role:') || v.startsWith('person:') ? assigneeWords(v, t) : t('processes.starters.unknown', { value: v }) })),
  ];
  return (
    <Form.Item label={label} {...help(findings)}>
      <div role="group" aria-label={name} className="starters-choice">
        {choices.map((choice) => (
          <Checkbox key={choice.value} checked={value.includes(choice.value)} disabled={disabled} onChange={(e) => onChange(toggleRelation(value, choice.value, e.target.checked))}>
            {choice.label}
          </Checkbox>
        ))}
      </div>
    </Form.Item>
  );
}

/** Findings on a member as a whole (its shape), above its rows. */
function MemberFindings({ findings }: { findings: Finding[] }) {
  if (findings.length === 0) return null;
  return (
    <Alert
      type={findings.some((f) => f.severity === 'error') ? 'error' : 'warning'}
      showIcon
      title={findings.map((f) => (
        <div key={`${f.code}${f.path}`}>{say(f.message)}</div>
      ))}
    />
  );
}

function Members({ title, help, children }: { title: string; help?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="panel-members">
      <legend>{title}</legend>
      {help && <Typography.Paragraph type="secondary">{help}</Typography.Paragraph>}
      {children}
    </fieldset>
  );
}

// ————— 日期提醒 —————

/** 日期提醒: rows of a date of the step's form, the text shown with it, how long before, and whom to remind. */
export function DateRemindersControl({ id, step, template, findings, disabled, set }: MemberProps & { template: TemplateOutline | undefined }) {
  const { t } = useTranslation();
  const fieldOptions = useFieldOptions();
  const fields = pickableFields(template);
  const dates = dateFields(fields);
  const rules = dateRemindersOf(step);
  const put = (next: DateReminderRule[]) => set({ dateReminders: dateRemindersValue(next) });
  const change = (i: number, rule: DateReminderRule) => put(rules.map((r, j) => (j === i ? rule : r)));
  const under = (...path: string[]) => findingsUnder(findings, 'steps', id, 'dateReminders', ...path);
  return (
    <Members title={t('processes.dates.title')} help={t('processes.dates.help')}>
      <MemberFindings findings={at(findings, 'steps', id, 'dateReminders')} />
      {!step.form && <Alert type="info" showIcon title={t('processes.members.noForm')} />}
      {step.form && template && dates.length === 0 && <Alert type="info" showIcon title={t('processes.dates.noDates')} />}
      {rules.map((rule, i) => {
        const name = t('processes.dates.rule', { n: i + 1 });
        const texts = textFieldsBeside(fields, rule.field);
        return (
          <div key={i} className="member-row" role="group" aria-label={name}>
            <div className="member-row-head">
              <Typography.Text strong>{name}</Typography.Text>
              {!disabled && <Button size="small" icon={<DeleteOutlined />} aria-label={`${t('processes.panel.removeOne')} ${name}`} onClick={() => put(rules.filter((_, j) => j !== i))} />}
            </div>
            <MemberFindings findings={at(findings, 'steps', id, 'dateReminders', String(i))} />
            <Form.Item label={t('processes.dates.field')} {...help(under(String(i), 'field'))}>
              <Select
                aria-label={`${name} · ${t('processes.dates.field')}`}
                value={rule.field || undefined}
                disabled={disabled}
                virtual={false}
                options={fieldOptions(dates, rule.field)}
                onChange={(field: string) => change(i, withDateField(rule, field, fields))}
              />
            </Form.Item>
            <Form.Item label={t('processes.dates.text')} {...help(under(String(i), 'text'))}>
              <Select
                aria-label={`${name} · ${t('processes.dates.text')}`}
                value={rule.text ?? ''}
                disabled={disabled}
                virtual={false}
                options={[{ value: '', label: t('processes.dates.noText') }, ...fieldOptions(texts, rule.text)]}
                onChange={(text: string) => change(i, withDateText(rule, text || undefined))}
              />
            </Form.Item>
            <Form.Item label={t('processes.dates.timing')}>
              <Segmented
                aria-label={`${name} · ${t('processes.dates.timing')}`}
                value={dateTimingOf(rule)}
                disabled={disabled}
                onChange={(timing) => change(i, withDateTiming(rule, timing as 'before' | 'after'))}
                options={[
                  { value: 'before', label: t('processes.dates.timingBefore') },
                  { value: 'after', label: t('processes.dates.timingAfter') },
                ]}
              />
            </Form.Item>
            {dateTimingOf(rule) === 'before' ? (
              <Form.Item label={t('processes.dates.before')} {...help(under(String(i), 'before'))}>
                <DurationInput label={`${name} · ${t('processes.dates.before')}`} value={rule.before ?? 'P0D'} disabled={disabled} onChange={(before) => change(i, { ...rule, before })} />
              </Form.Item>
            ) : (
              <>
                <Form.Item label={t('processes.dates.after')} extra={t('processes.dates.afterHelp')} {...help(under(String(i), 'after'))}>
                  <DurationInput label={`${name} · ${t('processes.dates.after')}`} value={rule.after ?? 'P1D'} disabled={disabled} onChange={(after) => change(i, { ...rule, after })} />
                </Form.Item>
                {rule.support && (
                  <Form.Item label={t('processes.dates.support')} {...help(under(String(i), 'support'))}>
                    <Typography.Text code>{rule.support}</Typography.Text>
                  </Form.Item>
                )}
              </>
            )}
            <PeopleChoice label={t('processes.dates.to')} name={`${name} · ${t('processes.dates.to')}`} value={rule.to} disabled={disabled} findings={under(String(i), 'to')} onChange={(to) => change(i, { ...rule, to })} />
          </div>
        );
      })}
      {!disabled && (
        <Button icon={<PlusOutlined />} disabled={dates.length === 0} onClick={() => put([...rules, newDateReminder(fields, rules)])}>
          {t('processes.dates.add')}
        </Button>
      )}
    </Members>
  );
}

// ————— 间隔: fixed, or from a form field —————

/** 间隔: a fixed period, or 按表单字段 — an option field of the process's forms, a period for each option and a default. */
export function PeriodControl({ id, step, document, findings, disabled, set }: MemberProps & { document: ProcessDocument }) {
  const { t } = useTranslation();
  const templates = usePublishedTemplates();
  const period = periodOf(step);
  const choices = optionFields(document, templates.data ?? []);
  const under = (...path: string[]) => findingsUnder(findings, 'steps', id, 'every', ...path);
  const setEvery = (every: string | EveryFromField) => set({ every });
  const everyFindings = at(findings, 'steps', id, 'every');
  return (
    <Members title={t('processes.panel.every')}>
      <Form.Item label={t('processes.period.mode')}>
        <Segmented
          aria-label={t('processes.period.mode')}
          value={period.from}
          disabled={disabled}
          onChange={(from) => {
            if (from === period.from) return;
            if (from === 'fixed') setEvery(fixedFromField(period));
            else if (choices.length > 0) setEvery(periodFromField(choices[0]!, period));
          }}
          options={[
            { value: 'fixed', label: t('processes.period.fixed') },
            { value: 'field', label: t('processes.period.fromField'), disabled: choices.length === 0 && period.from === 'fixed' },
          ]}
        />
      </Form.Item>
      {period.from === 'fixed' ? (
        <Form.Item label={t('processes.panel.every')} {...help(everyFindings)} extra={choices.length === 0 ? t('processes.period.noOptionFields') : undefined}>
          <DurationInput label={t('processes.panel.every')} value={period.every} onChange={setEvery} disabled={disabled} />
        </Form.Item>
      ) : (
        <FieldPeriod every={period.every} choices={choices} disabled={disabled} onChange={setEvery} findings={{ all: everyFindings, field: under('field'), map: under('map'), default: under('default') }} />
      )}
      <StartOnControl id={id} step={step} findings={findings} disabled={disabled} set={set} />
    </Members>
  );
}

/**
 * 开始于: none, or the weekday a recurring step's occurrences fall on (`startOn`) — the first opens that day at 09:00 China
 * Standard Time, then one every period, which must be whole weeks; lint's findings on it show under it, and a period that
 * is not whole weeks gets a button to repeat weekly instead.
 */
export function StartOnControl({ id, step, findings, disabled, set }: MemberProps) {
  const { t } = useTranslation();
  const selectId = useId();
  const noteId = useId();
  const startOn = startOnOf(step);
  const label = t('processes.startOn.label');
  const offWeekday = periodsOffWeekday(step);
  const fixed = periodOf(step).from === 'fixed';
  return (
    <Form.Item
      label={label}
      htmlFor={selectId}
      {...help(at(findings, 'steps', id, 'startOn'))}
      className="start-on"
      extra={
        // Below lint's findings (antd puts `extra` after them): what the day does, and a way out of a period of months.
        <>
          <span id={noteId}>{t('processes.startOn.note')}</span>
          {!disabled && fixed && offWeekday.length > 0 && (
            <div>
              <Button size="small" className="start-on-weekly" onClick={() => set({ every: 'P1W' })}>
                {t('processes.startOn.weekly')}
              </Button>
            </div>
          )}
        </>
      }
    >
      <Select
        id={selectId}
        aria-label={label}
        aria-describedby={noteId}
        className="start-on-select"
        value={startOn === undefined ? '' : typeof startOn === 'string' ? startOn : startOn.written}
        disabled={disabled}
        virtual={false}
        onChange={(day: string) => set({ startOn: day === '' ? undefined : day })}
        options={[
          { value: '', label: t('processes.startOn.none') },
          ...weekdays.map((day) => ({ value: day, label: t(`processes.startOn.day.${day}`) })),
          ...(typeof startOn === 'object' ? [{ value: startOn.written, label: t('processes.startOn.unknown', { value: startOn.written }) }] : []),
        ]}
      />
    </Form.Item>
  );
}

function FieldPeriod({
  every,
  choices,
  disabled,
  onChange,
  findings,
}: {
  every: EveryFromField;
  choices: ReturnType<typeof optionFields>;
  disabled: boolean;
  onChange: (every: EveryFromField) => void;
  findings: Record<'all' | 'field' | 'map' | 'default', Finding[]>;
}) {
  const { t } = useTranslation();
  const chosen = choices.find((c) => c.value === every.field);
  const options = chosen?.options ?? [];
  const extra = Object.keys(every.map).filter((key) => !options.some((o) => o.value === key));
  const fieldLabel = t('processes.period.field');
  return (
    <>
      <Form.Item label={fieldLabel} {...help([...findings.all, ...findings.field])}>
        <Select
          aria-label={fieldLabel}
          value={every.field || undefined}
          disabled={disabled}
          virtual={false}
          options={[
            ...choices.map((c) => ({ value: c.value, label: `${say(c.formTitle)} › ${say(c.label)}` })),
            ...(every.field && !chosen ? [{ value: every.field, label: t('processes.members.unknownField', { value: every.field }) }] : []),
          ]}
          onChange={(value: string) => {
            const next = choices.find((c) => c.value === value);
            if (next) onChange(periodFromField(next, { from: 'field', every: { ...every, map: {} } }));
          }}
        />
      </Form.Item>
      <div className="period-map">
        <MemberFindings findings={findings.map} />
        {options.map((option) => {
          const label = t('processes.period.option', { option: say(option.label) });
          return (
            <Form.Item key={option.value} label={label}>
              <DurationInput label={label} value={every.map[option.value] ?? 'P0D'} disabled={disabled} onChange={(iso) => onChange(withOptionPeriod(every, option.value, iso))} />
            </Form.Item>
          );
        })}
        {extra.map((key) => {
          const label = t('processes.period.unknownOption', { option: key });
          return (
            <Form.Item key={key} label={label}>
              <Space>
                <DurationInput label={label} value={every.map[key]} disabled={disabled} onChange={(iso) => onChange(withOptionPeriod(every, key, iso))} />
                {!disabled && <Button icon={<DeleteOutlined />} aria-label={`${t('processes.panel.removeOne')} ${label}`} onClick={() => onChange(withoutOption(every, key))} />}
              </Space>
            </Form.Item>
          );
        })}
      </div>
      <Form.Item label={t('processes.period.default')} {...help(findings.default)}>
        <Space wrap>
          <Checkbox checked={every.default !== undefined} disabled={disabled} onChange={(e) => onChange(withDefaultPeriod(every, e.target.checked ? 'P1M' : undefined))}>
            {t('processes.period.hasDefault')}
          </Checkbox>
          {every.default !== undefined && (
            <DurationInput label={t('processes.period.default')} value={every.default} disabled={disabled} onChange={(iso) => onChange(withDefaultPeriod(every, iso))} />
          )}
        </Space>
      </Form.Item>
    </>
  );
}

// ————— 面谈邀请 —————

/** 面谈邀请: switched on, the fields of the step's form holding the time, place and agenda, how long, and who is invited. */
export function MeetingControl({ id, step, template, findings, disabled, set }: MemberProps & { template: TemplateOutline | undefined }) {
  const { t } = useTranslation();
  const fieldOptions = useFieldOptions();
  const fields = pickableFields(template);
  const meeting = meetingOf(step);
  const put = (next: Meeting | undefined) => set({ meeting: next });
  const under = (...path: string[]) => findingsUnder(findings, 'steps', id, 'meeting', ...path);
  const switchLabel = t('processes.meeting.switch');
  const switchId = useId();
  const texts = topLevelTexts(fields);
  return (
    <Members title={t('processes.meeting.title')} help={t('processes.meeting.help')}>
      <Form.Item {...help(at(findings, 'steps', id, 'meeting'))}>
        <Space>
          <Switch id={switchId} aria-label={switchLabel} checked={!!meeting} disabled={disabled} onChange={(on) => put(on ? newMeeting(fields) : undefined)} />
          <label htmlFor={switchId}>{switchLabel}</label>
        </Space>
      </Form.Item>
      {meeting && (
        <>
          {template && topLevelDateTimes(fields).length === 0 && <Alert type="warning" showIcon title={t('processes.meeting.noDateTime')} />}
          <Form.Item label={t('processes.meeting.at')} {...help(under('at'))}>
            <Select aria-label={t('processes.meeting.at')} value={meeting.at || undefined} disabled={disabled} virtual={false} options={fieldOptions(topLevelDateTimes(fields), meeting.at)} onChange={(at: string) => put({ ...meeting, at })} />
          </Form.Item>
          {(['place', 'agenda'] as const).map((member) => (
            <Form.Item key={member} label={t(`processes.meeting.${member}`)} {...help(under(member))}>
              <Select
                aria-label={t(`processes.meeting.${member}`)}
                value={meeting[member] ?? ''}
                disabled={disabled}
                virtual={false}
                options={[{ value: '', label: t('processes.meeting.none') }, ...fieldOptions(texts, meeting[member])]}
                onChange={(field: string) => put(withMeetingField(meeting, member, field || undefined))}
              />
            </Form.Item>
          ))}
          <Form.Item label={t('processes.meeting.duration')} {...help(under('duration'))}>
            <DurationInput label={t('processes.meeting.duration')} value={meeting.duration ?? 'PT1H'} disabled={disabled} onChange={(duration) => put({ ...meeting, duration })} />
          </Form.Item>
          <PeopleChoice label={t('processes.meeting.with')} name={t('processes.meeting.with')} value={meeting.with} disabled={disabled} findings={under('with')} onChange={(invited) => put({ ...meeting, with: invited })} />
        </>
      )}
    </Members>
  );
}

// ————— 带入下一流程 —————

/** 带入下一流程: rows of a form of this process into a form of the process started (read from its published version). */
export function CarryControl({ id, step, document, findings, disabled, set }: MemberProps & { document: ProcessDocument }) {
  const { t } = useTranslation();
  const templates = usePublishedTemplates();
  const started = usePublishedProcess(step.process ?? '', !!step.process);
  const target = started.data?.document;
  const entries = carryOf(step);
  const fromForms = Object.keys(document.forms);
  const toForms = Object.keys(target?.forms ?? {});
  const put = (next: CarryEntry[]) => set({ carry: carryValue(next) });
  const change = (i: number, entry: CarryEntry) => put(entries.map((e, j) => (j === i ? entry : e)));
  const under = (...path: string[]) => findingsUnder(findings, 'steps', id, 'carry', ...path);
  const formLabel = (form: string, forms: Record<string, string>) => {
    const key = templateKey(forms[form]);
    const title = say(templates.data?.find((tpl) => tpl.key === key)?.title);
    return title ? `${form}（${title}）` : form;
  };
  const formOptions = (names: string[], forms: Record<string, string>, written: string) => [
    ...names.map((form) => ({ value: form, label: formLabel(form, forms) })),
    // A field of a form (`self.support_wanted`), written by hand, reads as written; anything else is named as unknown.
    ...(written && !names.includes(written)
      ? [{ value: written, label: names.includes(written.split('.')[0]!) ? written : t('processes.members.unknownField', { value: written }) }]
      : []),
  ];
  const processTitle = say(target?.title) || step.process || '';
  return (
    <Members title={t('processes.carry.title')} help={t('processes.carry.help')}>
      <MemberFindings findings={at(findings, 'steps', id, 'carry')} />
      {!step.process && <Alert type="info" showIcon title={t('processes.carry.noProcess')} />}
      {step.process && started.isSuccess && !target && <Alert type="warning" showIcon title={t('processes.carry.notPublished')} />}
      {entries.map((entry, i) => {
        const name = t('processes.carry.row', { n: i + 1 });
        return (
          <div key={i} className="member-row" role="group" aria-label={name}>
            <div className="member-row-head">
              <Typography.Text strong>{name}</Typography.Text>
              {!disabled && <Button size="small" icon={<DeleteOutlined />} aria-label={`${t('processes.panel.removeOne')} ${name}`} onClick={() => put(entries.filter((_, j) => j !== i))} />}
            </div>
            <Form.Item label={t('processes.carry.from')} {...help([...under(String(i), 'from'), ...at(findings, 'steps', id, 'carry', String(i))])}>
              <Select aria-label={`${name} · ${t('processes.carry.from')}`} value={entry.from || undefined} disabled={disabled} virtual={false} options={formOptions(fromForms, document.forms, entry.from)} onChange={(from: string) => change(i, { ...entry, from })} />
            </Form.Item>
            <Form.Item label={t('processes.carry.to', { process: processTitle })} {...help(under(String(i), 'to'))}>
              <Select
                aria-label={`${name} · ${t('processes.carry.to', { process: processTitle })}`}
                value={entry.to || undefined}
                disabled={disabled}
                virtual={false}
                loading={started.isLoading}
                options={formOptions(toForms, target?.forms ?? {}, entry.to)}
                onChange={(to: string) => change(i, { ...entry, to })}
              />
            </Form.Item>
          </div>
        );
      })}
      {!disabled && (
        <Button icon={<PlusOutlined />} disabled={!target || fromForms.length === 0} onClick={() => put([...entries, newCarry(fromForms, toForms, entries)])}>
          {t('processes.carry.add')}
        </Button>
      )}
    </Members>
  );
}


// ————— 每期由谁跟进 —————

/**
 * 每期由谁跟进: a recurring step's reviewer switched on or off; on, who it is (the picker a review's reviewer uses), a box per
 * section of the form they write, and what they read besides.
 */
export function FollowUpControl({ id, step, template, findings, disabled, set }: MemberProps & { template: TemplateOutline | undefined }) {
  const { t } = useTranslation();
  const on = hasFollowUp(step);
  const switchLabel = t('processes.followUp.switch');
  const switchId = useId();
  const under = (...path: string[]) => findingsUnder(findings, 'steps', id, ...path);
  const sections = template?.sections ?? [];
  const written = reviewerSections(step);
  const unknown = written.filter((s) => !sections.some((k) => k.key === s));
  const writeLabel = t('processes.followUp.write');
  return (
    <Members title={t('processes.followUp.title')} help={t('processes.followUp.help')}>
      <Form.Item>
        <Space>
          <Switch id={switchId} aria-label={switchLabel} checked={on} disabled={disabled} onChange={(next) => set(followUp(step, next))} />
          <label htmlFor={switchId}>{switchLabel}</label>
        </Space>
      </Form.Item>
      {/* reviewerRead or reviewerWrite without a reviewer (written by hand) is named here, where the switch turns it on. */}
      {!on && <MemberFindings findings={[...under('reviewerWrite'), ...under('reviewerRead')]} />}
      {on && (
        <>
          <Form.Item label={t('processes.followUp.reviewer')} {...help(under('reviewer'))}>
            <AssigneeSelect label={t('processes.followUp.reviewer')} value={step.reviewer} onChange={(reviewer) => set({ reviewer })} disabled={disabled} />
          </Form.Item>
          <Form.Item label={writeLabel} extra={t('processes.followUp.writeNone')} {...help(under('reviewerWrite'))}>
            {!step.form && <Alert type="info" showIcon title={t('processes.members.noForm')} />}
            <div role="group" aria-label={writeLabel} className="starters-choice">
              {[...sections.map((s) => ({ value: s.key, label: say(s.title) || s.key })), ...unknown.map((s) => ({ value: s, label: t('processes.members.unknownField', { value: s }) }))].map((choice) => (
                <Checkbox
                  key={choice.value}
                  checked={written.includes(choice.value)}
                  disabled={disabled}
                  onChange={(e) => set({ reviewerWrite: withReviewerSection(step, choice.value, e.target.checked, sections.map((k) => k.key)) })}
                >
                  {choice.label}
                </Checkbox>
              ))}
            </div>
          </Form.Item>
          <Form.Item label={t('processes.followUp.read')} extra={t('processes.followUp.readAll')} {...help(under('reviewerRead'))}>
            <SectionsSelect
              label={t('processes.followUp.read')}
              template={template}
              value={step.reviewerRead}
              allowAll
              disabled={disabled}
              onChange={(reviewerRead) => set({ reviewerRead: Array.isArray(reviewerRead) && reviewerRead.length === 0 ? undefined : reviewerRead })}
            />
          </Form.Item>
        </>
      )}
    </Members>
  );
}

// ————— 偏离提醒 —————

/**
 * 偏离提醒: rows of an option field of the step's form, the options that alert, the text listed with each item, whom to
 * tell, and the plan's support actions (a list item's text of any form of the process).
 */
export function AlertsControl({ id, step, document, template, findings, disabled, set }: MemberProps & { document: ProcessDocument; template: TemplateOutline | undefined }) {
  const { t } = useTranslation();
  const fieldOptions = useFieldOptions();
  const templates = usePublishedTemplates();
  const fields = pickableFields(template);
  const choices = optionFieldsAt(fields);
  const supports = supportFields(document, templates.data ?? []);
  const alerts = alertsOf(step);
  const put = (next: ItemAlert[]) => set({ alerts: alertsValue(next) });
  const change = (i: number, alert: ItemAlert) => put(alerts.map((a, j) => (j === i ? alert : a)));
  const under = (...path: string[]) => findingsUnder(findings, 'steps', id, 'alerts', ...path);
  return (
    <Members title={t('processes.alerts.title')} help={t('processes.alerts.help')}>
      <MemberFindings findings={at(findings, 'steps', id, 'alerts')} />
      {!step.form && <Alert type="info" showIcon title={t('processes.members.noForm')} />}
      {step.form && template && choices.length === 0 && <Alert type="info" showIcon title={t('processes.alerts.noOptions')} />}
      {alerts.map((alert, i) => {
        const name = t('processes.alerts.rule', { n: i + 1 });
        const options = fields.find((f) => f.path === alert.field)?.field.options ?? [];
        const unknownValues = alert.is.filter((v) => !options.some((o) => o.value === v));
        const isLabel = `${name} · ${t('processes.alerts.is')}`;
        return (
          <div key={i} className="member-row" role="group" aria-label={name}>
            <div className="member-row-head">
              <Typography.Text strong>{name}</Typography.Text>
              {!disabled && <Button size="small" icon={<DeleteOutlined />} aria-label={`${t('processes.panel.removeOne')} ${name}`} onClick={() => put(alerts.filter((_, j) => j !== i))} />}
            </div>
            <MemberFindings findings={at(findings, 'steps', id, 'alerts', String(i))} />
            <Form.Item label={t('processes.alerts.field')} {...help(under(String(i), 'field'))}>
              <Select
                aria-label={`${name} · ${t('processes.alerts.field')}`}
                value={alert.field || undefined}
                disabled={disabled}
                virtual={false}
                options={fieldOptions(choices, alert.field)}
                onChange={(field: string) => change(i, withAlertField(alert, field, fields))}
              />
            </Form.Item>
            <Form.Item label={t('processes.alerts.is')} {...help(under(String(i), 'is'))}>
              <div role="group" aria-label={isLabel} className="starters-choice">
                {[...options.map((o) => ({ value: o.value, label: say(o.label) || o.value })), ...unknownValues.map((v) => ({ value: v, label: t('processes.alerts.unknownValue', { value: v }) }))].map((choice) => (
                  <Checkbox
                    key={choice.value}
                    checked={alert.is.includes(choice.value)}
                    disabled={disabled}
                    onChange={(e) => change(i, withAlertValue(alert, choice.value, e.target.checked, options.map((o) => o.value)))}
                  >
                    {choice.label}
                  </Checkbox>
                ))}
              </div>
            </Form.Item>
            <Form.Item label={t('processes.alerts.text')} {...help(under(String(i), 'text'))}>
              <Select
                aria-label={`${name} · ${t('processes.alerts.text')}`}
                value={alert.text ?? ''}
                disabled={disabled}
                virtual={false}
                options={[{ value: '', label: t('processes.alerts.noText') }, ...fieldOptions(textFieldsBeside(fields, alert.field), alert.text)]}
                onChange={(text: string) => change(i, withAlertMember(alert, 'text', text || undefined))}
              />
            </Form.Item>
            <PeopleChoice label={t('processes.alerts.to')} name={`${name} · ${t('processes.alerts.to')}`} value={alert.to} disabled={disabled} findings={under(String(i), 'to')} onChange={(to) => change(i, { ...alert, to })} />
            <Form.Item label={t('processes.alerts.support')} {...help(under(String(i), 'support'))}>
              <Select
                aria-label={`${name} · ${t('processes.alerts.support')}`}
                value={alert.support ?? ''}
                disabled={disabled}
                virtual={false}
                loading={templates.isLoading}
                options={[
                  { value: '', label: t('processes.alerts.noSupport') },
                  ...supports.map((s) => ({ value: s.value, label: `${say(s.formTitle)} › ${labelPath(s.labels, (text: Text) => say(text))}` })),
                  ...(alert.support && !supports.some((s) => s.value === alert.support) ? [{ value: alert.support, label: t('processes.members.unknownField', { value: alert.support }) }] : []),
                ]}
                onChange={(support: string) => change(i, withAlertMember(alert, 'support', support || undefined))}
              />
            </Form.Item>
          </div>
        );
      })}
      {!disabled && (
        <Button icon={<PlusOutlined />} disabled={choices.length === 0} onClick={() => put([...alerts, newAlert(fields, alerts, step)])}>
          {t('processes.alerts.add')}
        </Button>
      )}
    </Members>
  );
}
