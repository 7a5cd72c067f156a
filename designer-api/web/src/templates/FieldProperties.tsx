import { useId, type ReactNode } from 'react';
import { Button, Input, InputNumber, Select, Switch, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/definitions';
import { FindingsList } from '../authoring/Findings';
import { say } from '../api/client';
import { roleFindings } from './findings';
import { KeyInput } from './KeyInput';
import { TextPair } from './TextPair';
import { fieldKeyProblem, memberTypes, missingInField, newField, rolesFor, uniqueFieldKey, type DesignField, type FieldType, type Language, type Option, type Text } from './model';

interface Props {
  field: DesignField;
  onChange(next: DesignField): void;
  /** A new key for the field (valid and free). */
  onRename(key: string): void;
  /** The keys of the other fields at its level. */
  otherKeys: string[];
  findings: Finding[];
  /** The language the canvas shows (a member's name in the list of a group). */
  shown: Language;
  /** What edits a computed field's expression. */
  expression?: ReactNode;
  /** Whether the field is a top-level field of the form (a list's member may have any role but the rating). */
  topLevel?: boolean;
  /** The field's path in the template (`goal_results[].self_rating`), where its role is written. */
  path: string;
  /** A group's member being edited, and its properties. */
  member?: { key: string | undefined; select(key: string | undefined): void; properties: ReactNode };
}

/** The properties of the selected field: key, texts in both languages, required, limits, options, default. */
export function FieldProperties({ field, onChange, onRename, otherKeys, findings, shown, expression, topLevel = false, path, member }: Props) {
  const { t } = useTranslation();
  const set = (change: Partial<DesignField>) => onChange({ ...field, ...change });
  const missing = missingInField(field);
  const valued = field.type !== 'group' && field.type !== 'computed' && field.type !== 'other';
  // The findings on its role show at the role's control; the rest below the properties.
  const onRole = field.type !== 'other' ? roleFindings(findings, path) : [];
  const others = findings.filter((f) => !onRole.includes(f));
  return (
    <section className="field-properties" aria-label={t('templates.properties.of', { name: field.label[shown] || field.key })}>
      <div className="properties-type">
        <Tag>{t(`templates.type.${field.type}`)}</Tag>
        {missing.map((language) => (
          <Tag key={language} color="error">
            {t(`templates.missingTag.${language}`)}
          </Tag>
        ))}
      </div>
      <KeyInput
        label={t('templates.key.field')}
        value={field.key}
        problem={(key) => {
          const problem = fieldKeyProblem(key, otherKeys);
          return problem ? t(`templates.key.${problem}`) : undefined;
        }}
        onRename={onRename}
      />
      <TextPair name={t('templates.text.label')} value={field.label} required onChange={(label) => set({ label })} />
      <TextPair name={t('templates.text.help')} value={field.help} long onChange={(help) => set({ help })} />
      {valued && field.type !== 'choice' && field.type !== 'choices' && field.type !== 'rating' ? (
        <TextPair name={t('templates.text.placeholder')} value={field.placeholder} onChange={(placeholder) => set({ placeholder })} />
      ) : null}
      {field.type !== 'computed' && field.type !== 'other' ? (
        <div className="properties-switches">
          <LabelledSwitch label={t('templates.required')} checked={field.required} onChange={(required) => set({ required })} />
          <LabelledSwitch label={t('templates.readOnly')} checked={field.readOnly} onChange={(readOnly) => set({ readOnly })} />
        </div>
      ) : null}
      <Limits field={field} set={set} />
      {field.type !== 'other' ? <RoleSetting field={field} set={set} nested={!topLevel} findings={onRole} /> : null}
      {field.type === 'choice' || field.type === 'choices' ? <Options options={field.options} onChange={(options) => set({ options })} /> : null}
      {valued ? <DefaultValue field={field} set={set} shown={shown} /> : null}
      {field.type === 'computed' ? expression : null}
      {field.type === 'group' && member ? <Members field={field} onChange={onChange} shown={shown} member={member} /> : null}
      {field.type === 'other' ? <p className="properties-note">{t('templates.otherNote')}</p> : null}
      {others.length > 0 ? (
        <div className="properties-findings">
          <FindingsList findings={others} />
        </div>
      ) : null}
    </section>
  );
}

/**
 * What the field means for calibration and the reports (the template's `roles` at its path): none, or one of the roles
 * its type and its place allow — a list's member, for each item (a goal's self-rating, a plan action's due date).
 */
function RoleSetting({ field, set, nested, findings }: { field: DesignField; set(change: Partial<DesignField>): void; nested: boolean; findings: Finding[] }) {
  const { t } = useTranslation();
  const id = useId();
  const noteId = useId();
  const roles = rolesFor(field, nested);
  // A role the field can no longer have (its type changed) stays chosen, named, for lint to explain.
  const shown = field.role && !roles.includes(field.role) ? [...roles, field.role] : roles;
  return (
    <div className="number-setting role-setting">
      <label htmlFor={id}>{t(nested ? 'templates.role.labelNested' : 'templates.role.label')}</label>
      <Select
        id={id}
        allowClear
        virtual={false}
        value={field.role}
        status={findings.some((f) => f.severity === 'error') ? 'error' : undefined}
        aria-describedby={noteId}
        placeholder={t('templates.role.none')}
        onChange={(role) => set({ role })}
        options={shown.map((role) => ({ value: role, label: t(`templates.role.${role}`) }))}
      />
      <p className="properties-note" id={noteId}>
        {t(nested ? 'templates.role.helpNested' : 'templates.role.help')}
      </p>
      {findings.length > 0 ? (
        <div className="key-problem" role="alert">
          {findings.map((f) => (
            <div key={`${f.code}${f.path}`}>{say(f.message)}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}

function LabelledSwitch({ label, checked, onChange }: { label: string; checked: boolean; onChange(value: boolean): void }) {
  const id = useId();
  return (
    <span className="labelled-switch">
      <Switch id={id} checked={checked} onChange={onChange} size="small" />
      <label htmlFor={id}>{label}</label>
    </span>
  );
}

function NumberSetting({ label, value, onChange, min, max, integer = true }: { label: string; value: number | undefined; onChange(value: number | undefined): void; min?: number; max?: number; integer?: boolean }) {
  const id = useId();
  return (
    <div className="number-setting">
      <label htmlFor={id}>{label}</label>
      <InputNumber id={id} value={value} min={min} max={max} precision={integer ? 0 : undefined} onChange={(next) => onChange(typeof next === 'number' ? next : undefined)} />
    </div>
  );
}

/** Length, range, scale or item count, as the type has them. */
function Limits({ field, set }: { field: DesignField; set(change: Partial<DesignField>): void }) {
  const { t } = useTranslation();
  switch (field.type) {
    case 'text':
    case 'textarea':
      return (
        <div className="properties-row">
          <NumberSetting label={t('templates.limit.minLength')} value={field.minLength} min={0} onChange={(minLength) => set({ minLength })} />
          <NumberSetting label={t('templates.limit.maxLength')} value={field.maxLength} min={1} onChange={(maxLength) => set({ maxLength })} />
        </div>
      );
    case 'number':
      return (
        <>
          <div className="properties-row">
            <NumberSetting label={t('templates.limit.minimum')} value={field.minimum} integer={!!field.integer} onChange={(minimum) => set({ minimum })} />
            <NumberSetting label={t('templates.limit.maximum')} value={field.maximum} integer={!!field.integer} onChange={(maximum) => set({ maximum })} />
          </div>
          <LabelledSwitch label={t('templates.limit.integer')} checked={!!field.integer} onChange={(integer) => set({ integer })} />
        </>
      );
    case 'rating':
      return <NumberSetting label={t('templates.limit.scale')} value={field.maximum} min={2} max={10} onChange={(maximum) => set({ maximum: maximum ?? 5, minimum: 1 })} />;
    case 'choices':
    case 'group':
      return (
        <div className="properties-row">
          <NumberSetting label={t('templates.limit.minItems')} value={field.minItems} min={0} onChange={(minItems) => set({ minItems })} />
          <NumberSetting label={t('templates.limit.maxItems')} value={field.maxItems} min={1} onChange={(maxItems) => set({ maxItems })} />
        </div>
      );
    default:
      return null;
  }
}

/** The options of a choice: each a value (the key stored in the data) and its text in both languages. */
function Options({ options, onChange }: { options: Option[]; onChange(next: Option[]): void }) {
  const { t } = useTranslation();
  const replace = (index: number, change: Partial<Option>) => onChange(options.map((o, i) => (i === index ? { ...o, ...change } : o)));
  const free = () => {
    for (let n = options.length + 1; ; n++) if (!options.some((o) => o.value === `option_${n}`)) return `option_${n}`;
  };
  return (
    <fieldset className="options">
      <legend>{t('templates.options.title')}</legend>
      {options.map((option, index) => {
        const duplicate = options.some((o, i) => i !== index && o.value === option.value);
        const empty = option.value.trim() === '';
        const n = index + 1;
        return (
          <div key={index} className="option-row" role="group" aria-label={t('templates.options.item', { n })}>
            <Input
              className="option-value"
              aria-label={t('templates.options.value', { n })}
              value={option.value}
              status={duplicate || empty ? 'error' : undefined}
              onChange={(event) => replace(index, { value: event.target.value.trim() })}
              spellCheck={false}
            />
            {(['zh-CN', 'en'] as const).map((language) => (
              <Input
                key={language}
                lang={language}
                aria-label={t(`templates.options.text.${language}`, { n })}
                placeholder={t(`templates.language.${language}`)}
                value={option.label[language] ?? ''}
                status={(option.label[language] ?? '').trim() === '' ? 'error' : undefined}
                onChange={(event) => replace(index, { label: { ...option.label, [language]: event.target.value } as Text })}
              />
            ))}
            <Button
              icon={<DeleteOutlined aria-hidden />}
              aria-label={t('templates.options.remove', { n })}
              disabled={options.length <= 1}
              onClick={() => onChange(options.filter((_, i) => i !== index))}
            />
            {duplicate || empty ? <div className="key-problem option-problem">{t(empty ? 'templates.options.empty' : 'templates.options.duplicate')}</div> : null}
          </div>
        );
      })}
      <Button icon={<PlusOutlined aria-hidden />} onClick={() => onChange([...options, { value: free(), label: {} }])}>
        {t('templates.options.add')}
      </Button>
    </fieldset>
  );
}

/** The value a new form starts with. */
function DefaultValue({ field, set, shown }: { field: DesignField; set(change: Partial<DesignField>): void; shown: Language }) {
  const { t } = useTranslation();
  const id = useId();
  const value = field.default;
  let control: ReactNode;
  if (field.type === 'choice' || field.type === 'choices') {
    const multiple = field.type === 'choices';
    control = (
      <Select
        id={id}
        allowClear
        mode={multiple ? 'multiple' : undefined}
        value={multiple ? (Array.isArray(value) ? value : []) : typeof value === 'string' ? value : undefined}
        options={field.options.map((o) => ({ value: o.value, label: o.label[shown] || o.value }))}
        onChange={(next: unknown) => set({ default: next === undefined || (Array.isArray(next) && next.length === 0) ? undefined : next })}
        placeholder={t('templates.default.none')}
      />
    );
  } else if (field.type === 'number' || field.type === 'rating') {
    control = <InputNumber id={id} value={typeof value === 'number' ? value : undefined} onChange={(next) => set({ default: typeof next === 'number' ? next : undefined })} />;
  } else {
    control = (
      <Input
        id={id}
        type={field.type === 'date' ? 'date' : 'text'}
        value={typeof value === 'string' ? value : ''}
        placeholder={t('templates.default.none')}
        onChange={(event) => set({ default: event.target.value === '' ? undefined : event.target.value })}
      />
    );
  }
  return (
    <div className="default-value">
      <label htmlFor={id}>{t('templates.default.label')}</label>
      {control}
    </div>
  );
}

/** A repeating group's members: chosen to edit, added by type, moved, removed. */
function Members({ field, onChange, shown, member }: { field: DesignField; onChange(next: DesignField): void; shown: Language; member: NonNullable<Props['member']> }) {
  const { t } = useTranslation();
  const members = field.members;
  const put = (next: DesignField[]) => onChange({ ...field, members: next });
  const move = (index: number, by: number) => {
    const next = [...members];
    const [moved] = next.splice(index, 1);
    next.splice(index + by, 0, moved!);
    put(next);
  };
  const add = (type: FieldType) => {
    const key = uniqueFieldKey(members.map((m) => m.key));
    put([...members, newField(type, key)]);
    member.select(key);
  };
  return (
    <fieldset className="members">
      <legend>{t('templates.members.title')}</legend>
      <ul className="member-list">
        {members.map((m, index) => {
          const name = m.label[shown] || m.key;
          return (
            <li key={m.key} className={member.key === m.key ? 'member-item member-selected' : 'member-item'}>
              <Button type="link" className="member-name" aria-pressed={member.key === m.key} onClick={() => member.select(member.key === m.key ? undefined : m.key)}>
                {name} <span className="member-type">· {t(`templates.type.${m.type}`)}</span>
              </Button>
              {m.role ? <Tag>{t(`templates.role.${m.role}`)}</Tag> : null}
              {missingInField(m).length > 0 ? <Tag color="error">{t('templates.missingShort')}</Tag> : null}
              <Button size="small" icon={<ArrowUpOutlined aria-hidden />} aria-label={t('templates.moveUp', { name })} disabled={index === 0} onClick={() => move(index, -1)} />
              <Button size="small" icon={<ArrowDownOutlined aria-hidden />} aria-label={t('templates.moveDown', { name })} disabled={index === members.length - 1} onClick={() => move(index, 1)} />
              <Button
                size="small"
                danger
                icon={<DeleteOutlined aria-hidden />}
                aria-label={t('templates.remove', { name })}
                disabled={members.length <= 1}
                onClick={() => {
                  put(members.filter((x) => x.key !== m.key));
                  if (member.key === m.key) member.select(undefined);
                }}
              />
            </li>
          );
        })}
      </ul>
      <Select<FieldType>
        className="member-add"
        aria-label={t('templates.members.add')}
        placeholder={t('templates.members.add')}
        value={null as unknown as FieldType}
        options={memberTypes.map((type) => ({ value: type, label: t(`templates.type.${type}`) }))}
        onChange={add}
      />
      {member.key ? <div className="member-properties">{member.properties}</div> : null}
    </fieldset>
  );
}
