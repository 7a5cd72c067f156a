import { useState } from 'react';
import { DatePicker, Input, InputNumber, Select, Switch, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CodeEditor } from '../authoring/CodeEditor';
import type { Finding } from '../authoring/findings';
import { diagnosticsOf } from './diagnostics';
import { kindOf, type Operand, type Text } from './fields';
import { isNumberText } from './scriban';
import './rules.css';

/**
 * A builder's model kept beside the Scriban it writes. The model may hold what is not complete yet (a row without its
 * value), which the Scriban leaves out: so the model is read again from `value` only when the value changes from
 * outside, never from what the builder itself just wrote.
 */
export function useBuilt<T>(value: string, read: (text: string) => T | undefined, write: (model: T) => string, onChange: (text: string) => void) {
  const [model, setModel] = useState<T | undefined>(() => read(value));
  const [seen, setSeen] = useState(value);
  const [expert, setExpert] = useState(false);
  if (value !== seen) {
    setSeen(value);
    setModel(read(value));
  }
  return {
    model,
    /** Expert mode: chosen, or forced because the builder cannot read the Scriban (it is never rewritten then). */
    expert: expert || model === undefined,
    canLeaveExpert: read(value) !== undefined,
    update(next: T) {
      const text = write(next);
      setModel(next);
      setSeen(text);
      if (text !== value) onChange(text);
    },
    edit(text: string) {
      setSeen(text);
      setModel(read(text));
      onChange(text);
    },
    setExpert(on: boolean) {
      if (!on) setModel(read(value));
      setExpert(on);
    },
  };
}

/** A text in the language the page shows (the builders' own i18next instance, so that a switch re-renders them). */
export function useSay() {
  const { i18n } = useTranslation();
  return (text: Text | undefined) => (text ? (i18n.language === 'en' ? text.en : text['zh-CN']) : '');
}

/** The 专家模式 switch; it cannot be turned off while the Scriban is not one the builder can read (`ExpertOnlyNote` says why). */
export function ExpertSwitch({ expert, canLeave, onChange, id }: { expert: boolean; canLeave: boolean; onChange(on: boolean): void; id: string }) {
  const { t } = useTranslation();
  const locked = expert && !canLeave;
  return (
    <span className="rules-expert-switch">
      <Switch id={id} size="small" checked={expert} disabled={locked} onChange={onChange} aria-describedby={locked ? `${id}-why` : undefined} />
      <label htmlFor={id}>{t('rules.expert')}</label>
    </span>
  );
}

/** Why the switch stays on: the Scriban was not written with the builder, and is kept as it is. */
export function ExpertOnlyNote({ id, show }: { id: string; show: boolean }) {
  const { t } = useTranslation();
  if (!show) return null;
  return (
    <Typography.Text id={`${id}-why`} type="secondary" className="rules-note">
      {t('rules.expertOnly')}
    </Typography.Text>
  );
}

/** The Scriban a builder writes, read-only, for those who want to see it. */
export function ScribanPreview({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="rules-scriban">
      <Typography.Text type="secondary">{label ?? t('rules.scriban')}</Typography.Text>
      <pre aria-label={label ?? t('rules.scriban')}>{text || t('rules.scribanEmpty')}</pre>
    </div>
  );
}

/** Scriban edited directly (expert mode), with lint's findings at their line and column. */
export function ExpertEditor({ label, value, onChange, findings }: { label: string; value: string; onChange(text: string): void; findings: Finding[] }) {
  const { i18n } = useTranslation();
  return (
    <div className="rules-expert">
      <Typography.Text type="secondary">{label}</Typography.Text>
      {/* The editor lists the findings under itself, at their place in the expression (not the document's line). */}
      <CodeEditor language="scriban" label={label} value={value} onChange={onChange} diagnostics={diagnosticsOf(findings, value, i18n.language)} minLines={2} />
    </div>
  );
}

type Valued = Pick<Operand, 'type' | 'format' | 'options'>;

/** One value for a field: an option, yes/no, a number (digits only, kept as written), a date or a text. */
export function ValueInput({ field, value, onChange, label }: { field: Valued; value: string | undefined; onChange(value: string | undefined): void; label: string }) {
  const { t } = useTranslation();
  const say = useSay();
  const kind = kindOf(field);
  if (field.options?.length)
    return (
      <Select
        aria-label={label}
        className="rules-value"
        showSearch={{ optionFilterProp: 'label' }}
        value={value}
        onChange={onChange}
        options={field.options.map((o) => ({ value: o.value, label: say(o.label) }))}
        status={value === undefined ? 'warning' : undefined}
      />
    );
  if (kind === 'boolean')
    return (
      <Select
        aria-label={label}
        className="rules-value"
        value={value}
        onChange={onChange}
        options={[
          { value: 'true', label: t('rules.value.yes') },
          { value: 'false', label: t('rules.value.no') },
        ]}
      />
    );
  if (kind === 'number')
    return (
      <InputNumber<string>
        aria-label={label}
        className="rules-value"
        stringMode
        placeholder={t('rules.value.number')}
        value={value ?? null}
        onChange={(v) => onChange(v === null || v === '' ? undefined : String(v))}
        status={value !== undefined && !isNumberText(value) ? 'error' : undefined}
      />
    );
  if (kind === 'date')
    return (
      <DatePicker
        aria-label={label}
        className="rules-value"
        value={value ? dayjs(value) : null}
        onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
      />
    );
  return <Input aria-label={label} className="rules-value" placeholder={t('rules.value.text')} value={value ?? ''} onChange={(e) => onChange(e.target.value)} />;
}

/** Several values (is one of): options to tick, or values typed one after another. */
export function ValuesInput({ field, values, onChange, label }: { field: Valued; values: string[]; onChange(values: string[]): void; label: string }) {
  const { t } = useTranslation();
  const say = useSay();
  const options = field.options?.map((o) => ({ value: o.value, label: say(o.label) }));
  return (
    <Select
      aria-label={label}
      className="rules-value rules-values"
      mode={options ? 'multiple' : 'tags'}
      value={values}
      onChange={onChange}
      options={options}
      placeholder={options ? undefined : t('rules.value.several')}
      open={options ? undefined : false}
      tokenSeparators={options ? undefined : [',', '，']}
    />
  );
}
