import { Button, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { namedPerson, personAssignee, personPrefix, relationships, roles, type Due, type Escalation, type Reminder, type Sections } from './document';
import { amountToIso, approximateHours, chosenUnits, isoToAmount, type Amount } from './durations';
import type { TemplateOutline } from './queries';
import { PersonPicker, usePersonName } from './PersonPicker';

/** The choice in the select that stands for "a named person", whose id the person picker beside it gives. */
const namedChoice = personPrefix;

/**
 * Who acts, as docs/processes.md "Assignees" allows: a relationship to the employee, a role, or a named person. The
 * selects render every option (virtual={false}): a dozen choices, all reachable by scrolling and by a screen reader.
 */
export function useAssigneeOptions() {
  const { t } = useTranslation();
  return [
    { label: t('processes.panel.relationship'), options: relationships.map((r) => ({ value: r, label: t(`processes.who.${r}`) })) },
    { label: t('processes.panel.byRole'), options: roles.map((r) => ({ value: `role:${r}`, label: t('processes.who.role', { role: t(`processes.role.${r}`) }) })) },
  ];
}

/**
 * One assignee: a relationship or a role from the select, or 指定人员 / A named person, then the person from the picker
 * beside it. The step keeps what it had until a person is chosen, so a draft never holds a half-made assignee.
 */
export function AssigneeSelect({ value, onChange, label, disabled }: { value: string | undefined; onChange: (value: string) => void; label: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const [picking, setPicking] = useState(false);
  const person = namedPerson(value);
  const options = [...useAssigneeOptions(), { label: t('processes.panel.byPerson'), options: [{ value: namedChoice, label: t('processes.panel.namedPerson') }] }];
  const choose = (next: string) => {
    setPicking(next === namedChoice);
    if (next !== namedChoice) onChange(next);
  };
  return (
    <Space wrap>
      <Select aria-label={label} value={person || picking ? namedChoice : value} onChange={choose} options={options} disabled={disabled} virtual={false} style={{ minWidth: 180 }} />
      {(person || picking) && (
        <PersonPicker
          label={`${label} · ${t('processes.panel.pickPerson')}`}
          value={person ?? null}
          onChange={(id) => {
            setPicking(false);
            onChange(personAssignee(id));
          }}
          disabled={disabled}
          autoFocus={picking}
        />
      )}
      {picking && !person && <Typography.Text type="secondary">{t('processes.panel.personHint')}</Typography.Text>}
    </Space>
  );
}

/** A named person among several assignees, shown with their name. */
function NamedOption({ id }: { id: string }) {
  return <>{usePersonName(id)}</>;
}

/** Several assignees: relationships and roles from the select, named people added with the picker below it and shown as tags with their names. */
export function AssigneesSelect({ value, onChange, label, disabled }: { value: string[]; onChange: (value: string[]) => void; label: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const named = value.flatMap((a) => namedPerson(a) ?? []);
  const options = [
    ...useAssigneeOptions(),
    ...(named.length > 0 ? [{ label: t('processes.panel.byPerson'), options: named.map((id) => ({ value: personAssignee(id), label: <NamedOption id={id} /> })) }] : []),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Select aria-label={label} mode="multiple" value={value} onChange={onChange} options={options} disabled={disabled} virtual={false} style={{ width: '100%' }} />
      {!disabled && (
        <PersonPicker
          label={`${label} · ${t('processes.panel.addPerson')}`}
          placeholder={t('processes.panel.addPersonSearch')}
          value={null}
          onChange={(id) => {
            if (!value.includes(personAssignee(id))) onChange([...value, personAssignee(id)]);
          }}
        />
      )}
    </Space>
  );
}

/** An amount and a unit ("7" "天"), read from and written as an ISO duration. */
export function DurationInput({ value, onChange, label, disabled }: { value: string | undefined; onChange: (iso: string) => void; label: string; disabled?: boolean }) {
  const { t } = useTranslation();
  const amount: Amount = isoToAmount(value) ?? { amount: Math.round(approximateHours(value) ?? 0), unit: 'hours' };
  const units = chosenUnits.includes(amount.unit) ? chosenUnits : [...chosenUnits, amount.unit];
  return (
    <Space.Compact>
      <InputNumber
        aria-label={`${label} · ${t('processes.panel.amount')}`}
        min={0}
        max={9999}
        precision={0}
        value={amount.amount}
        disabled={disabled}
        onChange={(n) => onChange(amountToIso({ amount: Number(n ?? 0), unit: amount.unit }))}
        style={{ width: 88 }}
      />
      <Select
        aria-label={`${label} · ${t('processes.panel.unit')}`}
        value={amount.unit}
        disabled={disabled}
        onChange={(unit) => onChange(amountToIso({ amount: amount.amount, unit }))}
        options={units.map((unit) => ({ value: unit, label: t(`processes.panel.unit.${unit}`) }))}
        style={{ width: 96 }}
      />
    </Space.Compact>
  );
}

type DueMode = 'none' | 'step' | 'cycle-start' | 'cycle-end';

/** 期限: none, N after the step starts (7 天内), N after the cycle starts, or N before the cycle ends. */
export function DueControl({ value, onChange, disabled }: { value: Due | undefined; onChange: (due: Due | undefined) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const mode: DueMode = !value ? 'none' : (value.from ?? 'step');
  const time = mode === 'cycle-end' ? value?.before : value?.after;
  const choose = (next: DueMode) => {
    const kept = time ?? 'P7D';
    if (next === 'none') onChange(undefined);
    else if (next === 'step') onChange({ after: kept });
    else if (next === 'cycle-start') onChange({ from: 'cycle-start', after: kept });
    else onChange({ from: 'cycle-end', before: kept });
  };
  if (value?.at) return <span>{value.at}</span>;
  return (
    <Space wrap>
      <Select
        id={id}
        aria-label={t('processes.panel.due')}
        value={mode}
        onChange={choose}
        disabled={disabled}
        style={{ minWidth: 150 }}
        options={(['none', 'step', 'cycle-start', 'cycle-end'] as const).map((m) => ({ value: m, label: t(`processes.panel.due.${m}`) }))}
      />
      {mode !== 'none' && (
        <>
          <DurationInput
            label={t('processes.panel.due')}
            value={time ?? 'P0D'}
            disabled={disabled}
            onChange={(iso) => onChange(mode === 'cycle-end' ? { from: 'cycle-end', before: iso } : { ...(mode === 'step' ? {} : { from: mode }), after: iso })}
          />
          {mode !== 'cycle-end' && <span>{t('processes.panel.dueWithin')}</span>}
        </>
      )}
    </Space>
  );
}

/** 提醒: each one N before the due time or N after the task is handed out. */
export function RemindersControl({ value, onChange, disabled }: { value: Reminder[] | undefined; onChange: (reminders: Reminder[] | undefined) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  const reminders = value ?? [];
  const set = (next: Reminder[]) => onChange(next.length > 0 ? next : undefined);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {reminders.map((reminder, i) => {
        const when = reminder.before !== undefined ? 'before' : 'after';
        const time = reminder.before ?? reminder.after ?? 'P1D';
        const label = `${t('processes.panel.reminders')} ${i + 1}`;
        return (
          <Space key={i} wrap>
            <Select
              aria-label={label}
              value={when}
              disabled={disabled}
              onChange={(w) => set(reminders.map((r, j) => (j === i ? { [w]: time } : r)))}
              options={(['before', 'after'] as const).map((w) => ({ value: w, label: t(`processes.panel.reminder.${w}`) }))}
              style={{ minWidth: 110 }}
            />
            <DurationInput label={label} value={time} disabled={disabled} onChange={(iso) => set(reminders.map((r, j) => (j === i ? { [when]: iso } : r)))} />
            <Button aria-label={`${t('processes.panel.removeOne')} ${label}`} icon={<DeleteOutlined />} disabled={disabled} onClick={() => set(reminders.filter((_, j) => j !== i))} />
          </Space>
        );
      })}
      <Button icon={<PlusOutlined />} disabled={disabled} onClick={() => set([...reminders, { before: 'P2D' }])}>
        {t('processes.panel.addReminder')}
      </Button>
    </Space>
  );
}

/** 逾期处理: nothing, copy the superior, or hand the task to them — at once or N after the due time. */
export function EscalationControl({ value, onChange, disabled }: { value: Escalation | undefined; onChange: (escalation: Escalation | undefined) => void; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <Select
        aria-label={t('processes.panel.escalation')}
        value={value?.action ?? 'none'}
        disabled={disabled}
        style={{ minWidth: 180 }}
        onChange={(action: Escalation['action'] | 'none') => onChange(action === 'none' ? undefined : { ...value, action })}
        options={(['none', 'copy-superior', 'reassign-superior'] as const).map((a) => ({ value: a, label: t(`processes.panel.escalation.${a}`) }))}
      />
      {value && (
        <>
          <span>{t('processes.panel.escalationAfter')}</span>
          <DurationInput
            label={t('processes.panel.escalationAfter')}
            value={value.after ?? 'P0D'}
            disabled={disabled}
            onChange={(iso) => onChange(iso === 'P0D' ? { action: value.action } : { ...value, after: iso })}
          />
        </>
      )}
    </Space>
  );
}

const all = '*';

/** The sections of the step's form a person reads or writes, by their titles; reading may be 全部. */
export function SectionsSelect({
  template,
  value,
  onChange,
  label,
  allowAll,
  disabled,
}: {
  template: TemplateOutline | undefined;
  value: Sections | undefined;
  onChange: (value: Sections) => void;
  label: string;
  allowAll?: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const known = template?.sections ?? [];
  const chosen = value === all ? [all] : (value ?? []);
  const options = [
    ...(allowAll ? [{ value: all, label: t('processes.panel.readAll') }] : []),
    ...known.map((s) => ({ value: s.key, label: say(s.title) || s.key })),
    // A section the template lacks stays visible (lint names it) so that it can be taken out.
    ...chosen.filter((s) => s !== all && !known.some((k) => k.key === s)).map((s) => ({ value: s, label: s })),
  ];
  return (
    <Select
      aria-label={label}
      mode="multiple"
      value={chosen}
      disabled={disabled}
      options={options}
      style={{ width: '100%' }}
      onChange={(next: string[]) => onChange(next.includes(all) && !chosen.includes(all) ? all : next.filter((s) => s !== all))}
    />
  );
}
