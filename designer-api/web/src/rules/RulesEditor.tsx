import { useId, useRef, useState } from 'react';
import { Button, Card, Input, InputNumber, Radio, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { findingsUnder, type Finding } from '../authoring/findings';
import { FindingsList } from '../authoring/Findings';
import { ConditionRows } from './ConditionBuilder';
import { comparableMembers, groups, numberMembers } from './computed';
import { conditionText, noCondition } from './conditions';
import { fieldByPath, kindOf, memberOf, operandsOf, type FieldInfo, type Text } from './fields';
import { assertText, defaultMessage, keyFor, recogniseRule, ruleFields, ruleKinds, subjectOf, type BuiltRule, type Rule, type RuleKind, type RuleSpec } from './rules';
import { memberName } from './scriban';
import { ExpertEditor, ExpertSwitch, ScribanPreview, ValueInput, useSay } from './shared';

const keyPattern = /^[a-z][a-z0-9-]*$/;

/** The fields a kind of rule can be about. */
function subjects(kind: RuleKind, fields: FieldInfo[]) {
  switch (kind) {
    case 'required':
      return ruleFields(fields);
    case 'equals':
      return ruleFields(fields).filter((f) => !['array', 'object'].includes(f.type));
    case 'between':
      return ruleFields(fields).filter((f) => ['number', 'date'].includes(kindOf(f)));
    case 'itemCount':
      return fields.filter((f) => f.type === 'array');
    case 'total':
      return groups(fields).filter((g) => numberMembers(g).length > 0);
  }
}

/** A fresh rule of a kind, about the field the rule was about when it fits. */
export function startRule(kind: RuleKind, fields: FieldInfo[], about?: string): RuleSpec {
  const candidates = subjects(kind, fields);
  const path = (candidates.find((f) => f.path === about) ?? candidates[0])?.path ?? '';
  switch (kind) {
    case 'required':
      return { kind, field: path };
    case 'equals':
      return { kind, field: path };
    case 'between':
      return { kind, field: path };
    case 'itemCount':
      return { kind, group: path, bound: 'atMost', count: '1' };
    case 'total':
      return { kind, group: path, member: memberName(numberMembers(fieldByPath(fields, path))[0]?.path ?? ''), total: '100' };
  }
}

const sameText = (a: Text, b: Text) => a['zh-CN'] === b['zh-CN'] && a.en === b.en;

/**
 * The rules of a template, each made by choice — required when…, must equal, between, at most N items of a kind,
 * weights total 100 — with its message in zh-CN and en side by side and the field it shows at. A rule the builder did
 * not write opens in expert mode (its `when` and `assert` as Scriban) and is kept as it is. `findings`: the template's
 * lint findings (paths from the document's root, `$.rules[0].assert`); each rule shows its own.
 */
export function RulesEditor({ fields, rules, onChange, findings }: { fields: FieldInfo[]; rules: Rule[]; onChange(rules: Rule[]): void; findings: Finding[] }) {
  const { t } = useTranslation();
  // Stable identities for the cards, so that removing one does not hand its state to the next.
  const next = useRef(0);
  const [ids, setIds] = useState<number[]>(() => rules.map(() => next.current++));
  let shown = ids;
  if (ids.length !== rules.length) {
    shown = rules.map((_, i) => ids[i] ?? next.current++);
    setIds(shown);
  }
  const add = () => {
    const spec = startRule('required', fields);
    const when = noCondition();
    const rule: Rule = {
      key: keyFor(spec, rules.map((r) => r.key)),
      assert: assertText(spec, fields) ?? '',
      message: defaultMessage(spec, when, fields),
      ...(subjectOf(spec) ? { field: subjectOf(spec) } : {}),
    };
    setIds([...shown, next.current++]);
    onChange([...rules, rule]);
  };
  return (
    <div className="rules-builder">
      {rules.length === 0 && <Typography.Text type="secondary">{t('rules.rule.empty')}</Typography.Text>}
      {rules.map((rule, index) => (
        <RuleCard
          key={shown[index]}
          n={index + 1}
          rule={rule}
          fields={fields}
          otherKeys={rules.filter((_, i) => i !== index).map((r) => r.key)}
          findings={findingsUnder(findings, 'rules', String(index))}
          onChange={(changed) => onChange(rules.map((r, i) => (i === index ? changed : r)))}
          onRemove={() => {
            setIds(shown.filter((_, i) => i !== index));
            onChange(rules.filter((_, i) => i !== index));
          }}
        />
      ))}
      <div>
        <Button icon={<PlusOutlined />} onClick={add} disabled={ruleFields(fields).length === 0}>
          {t('rules.rule.add')}
        </Button>
      </div>
    </div>
  );
}

function RuleCard(p: { n: number; rule: Rule; fields: FieldInfo[]; otherKeys: string[]; findings: Finding[]; onChange(rule: Rule): void; onRemove(): void }) {
  const { rule, fields, n } = p;
  const { t } = useTranslation();
  const say = useSay();
  const id = useId();
  const operands = operandsOf(fields);
  const source = JSON.stringify([rule.when ?? '', rule.assert]);
  const read = () => recogniseRule(rule, fields);
  const [model, setModel] = useState<BuiltRule | undefined>(read);
  const [seen, setSeen] = useState(source);
  const [expertChosen, setExpert] = useState(false);
  if (source !== seen) {
    setSeen(source);
    setModel(read());
  }
  const expert = expertChosen || model === undefined;

  const emit = (changed: Partial<Rule>) => {
    const next = { ...rule, ...changed };
    const { when, field, ...rest } = next;
    p.onChange({ ...rest, ...(when ? { when } : {}), ...(field ? { field } : {}) } as Rule);
  };
  // A change of what the rule says carries its proposed message, field and key along, unless the author changed them.
  const update = (next: BuiltRule) => {
    const before = model;
    const proposed = before && defaultMessage(before.spec, before.when, fields);
    const blank = !rule.message['zh-CN'].trim() && !rule.message.en.trim();
    const when = conditionText(next.when, operands);
    const assert = assertText(next.spec, fields) ?? '';
    setModel(next);
    setSeen(JSON.stringify([when, assert]));
    emit({
      when,
      assert,
      message: blank || (proposed && sameText(proposed, rule.message)) ? defaultMessage(next.spec, next.when, fields) : rule.message,
      field: !before || rule.field === subjectOf(before.spec) ? subjectOf(next.spec) : rule.field,
      key: before && rule.key === keyFor(before.spec, p.otherKeys) ? keyFor(next.spec, p.otherKeys) : rule.key,
    });
  };

  const keyWrong = !keyPattern.test(rule.key) || p.otherKeys.includes(rule.key);
  const whenFindings = findingsUnder(p.findings, 'rules', String(n - 1), 'when');
  const assertFindings = findingsUnder(p.findings, 'rules', String(n - 1), 'assert');
  const others = expert ? p.findings.filter((f) => !whenFindings.includes(f) && !assertFindings.includes(f)) : p.findings;
  const proposed = model && defaultMessage(model.spec, model.when, fields);

  return (
    <Card
      size="small"
      title={`${t('rules.rule.title', { n })} · ${rule.key}`}
      extra={
        <span className="rules-row">
          <ExpertSwitch id={`${id}-expert`} expert={expert} canLeave={read() !== undefined} onChange={(on) => (on ? setExpert(true) : (setModel(read()), setExpert(false)))} />
          <Button type="text" icon={<DeleteOutlined />} aria-label={t('rules.rule.remove', { n })} onClick={p.onRemove} />
        </span>
      }
    >
      <div className="rules-builder">
        {expert || !model ? (
          <>
            <ExpertEditor label={t('rules.rule.expertWhen')} value={rule.when ?? ''} onChange={(when) => emit({ when })} findings={whenFindings} />
            <ExpertEditor label={t('rules.rule.expertAssert')} value={rule.assert} onChange={(assert) => emit({ assert })} findings={assertFindings} />
          </>
        ) : (
          <>
            <SpecChoice spec={model.spec} fields={fields} onChange={(spec) => update({ ...model, spec })} />
            {assertText(model.spec, fields) === undefined && <span className="rules-incomplete">{t('rules.incomplete')}</span>}
            <Typography.Text strong>{t('rules.rule.when')}</Typography.Text>
            <ConditionRows operands={operands} condition={model.when} onChange={(when) => update({ ...model, when })} />
            {rule.when && <ScribanPreview label={t('rules.rule.expertWhen')} text={rule.when} />}
            <ScribanPreview label={t('rules.rule.expertAssert')} text={rule.assert} />
          </>
        )}
        <div className="rules-row">
          <label className="rules-field">
            <Typography.Text type="secondary">{t('rules.rule.messageField')}</Typography.Text>
            <Select
              className="rules-field"
              aria-label={t('rules.rule.messageField')}
              value={rule.field ?? ''}
              onChange={(field: string) => emit({ field: field || undefined })}
              options={[{ value: '', label: t('rules.rule.wholeForm') }, ...ruleFields(fields).map((f) => ({ value: f.path, label: say(f.label) }))]}
            />
          </label>
          <label className="rules-field">
            <Typography.Text type="secondary">{t('rules.rule.key')}</Typography.Text>
            <Input aria-label={t('rules.rule.key')} value={rule.key} status={keyWrong ? 'error' : undefined} onChange={(e) => emit({ key: e.target.value.trim() })} />
            {keyWrong && <Typography.Text type="danger" className="rules-note">{t('rules.rule.keyInvalid')}</Typography.Text>}
          </label>
        </div>
        <Typography.Text strong>{t('rules.rule.message')}</Typography.Text>
        <div className="rules-messages">
          {(['zh-CN', 'en'] as const).map((language) => {
            const name = t(language === 'zh-CN' ? 'rules.rule.messageZh' : 'rules.rule.messageEn');
            const missing = !rule.message[language].trim();
            return (
              <label key={language}>
                <Typography.Text type="secondary">{name}</Typography.Text>
                <Input.TextArea
                  aria-label={`${t('rules.rule.message')} · ${name}`}
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  lang={language}
                  value={rule.message[language]}
                  status={missing ? 'error' : undefined}
                  onChange={(e) => emit({ message: { ...rule.message, [language]: e.target.value } })}
                />
                {missing && <Typography.Text type="danger" className="rules-note">{t('rules.rule.messageMissing', { language: name })}</Typography.Text>}
              </label>
            );
          })}
        </div>
        {proposed && !sameText(proposed, rule.message) && (
          <div>
            <Button size="small" type="link" onClick={() => emit({ message: proposed })}>
              {t('rules.rule.messageReset')}
            </Button>
          </div>
        )}
        {others.length > 0 && <FindingsList findings={others} />}
      </div>
    </Card>
  );
}

function SpecChoice({ spec, fields, onChange }: { spec: RuleSpec; fields: FieldInfo[]; onChange(spec: RuleSpec): void }) {
  const { t } = useTranslation();
  const say = useSay();
  const fieldOptions = (list: FieldInfo[], byName = false) => list.map((f) => ({ value: byName ? memberName(f.path) : f.path, label: say(f.label) }));
  const kind = (
    <Select
      aria-label={t('rules.rule.type')}
      value={spec.kind}
      onChange={(k: RuleKind) => onChange(startRule(k, fields, subjectOf(spec)))}
      options={ruleKinds.map((k) => ({ value: k, label: t(`rules.rule.kind.${k}`) }))}
    />
  );
  const subject = (value: string, set: (path: string) => void, label = t('rules.rule.field')) => (
    <Select aria-label={label} showSearch={{ optionFilterProp: 'label' }} value={value || undefined} onChange={set} options={fieldOptions(subjects(spec.kind, fields))} />
  );
  switch (spec.kind) {
    case 'required':
      return <div className="rules-row">{kind}{subject(spec.field, (field) => onChange({ ...spec, field }))}</div>;
    case 'equals': {
      const field = fieldByPath(fields, spec.field);
      const byField = spec.other !== undefined;
      return (
        <div className="rules-row">
          {kind}
          {subject(spec.field, (f) => onChange({ kind: 'equals', field: f }))}
          <Radio.Group
            aria-label={t('rules.rule.equalsTo')}
            optionType="button"
            size="small"
            value={byField ? 'field' : 'value'}
            onChange={(e) => onChange(e.target.value === 'field' ? { kind: 'equals', field: spec.field, other: '' } : { kind: 'equals', field: spec.field })}
            options={[
              { value: 'value', label: t('rules.rule.equalsValue') },
              { value: 'field', label: t('rules.rule.equalsField') },
            ]}
          />
          {byField ? (
            <Select
              aria-label={t('rules.rule.otherField')}
              value={spec.other || undefined}
              onChange={(other: string) => onChange({ ...spec, other })}
              options={fieldOptions(subjects('equals', fields).filter((f) => f.path !== spec.field))}
            />
          ) : (
            field && <ValueInput field={field} label={t('rules.rule.value')} value={spec.value} onChange={(value) => onChange({ kind: 'equals', field: spec.field, ...(value === undefined ? {} : { value }) })} />
          )}
        </div>
      );
    }
    case 'between': {
      const field = fieldByPath(fields, spec.field);
      const bound = (which: 'min' | 'max', value: string | undefined) => {
        const next: RuleSpec = { kind: 'between', field: spec.field, ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) };
        if (value === undefined || value === '') delete next[which];
        else next[which] = value;
        onChange(next);
      };
      return (
        <>
          <div className="rules-row">
            {kind}
            {subject(spec.field, (f) => onChange({ kind: 'between', field: f }))}
            {field && <ValueInput field={field} label={t('rules.rule.min')} value={spec.min} onChange={(v) => bound('min', v)} />}
            {field && <ValueInput field={field} label={t('rules.rule.max')} value={spec.max} onChange={(v) => bound('max', v)} />}
          </div>
          <Typography.Text type="secondary" className="rules-note">{t('rules.rule.betweenNote')}</Typography.Text>
        </>
      );
    }
    case 'itemCount': {
      const group = fieldByPath(fields, spec.group);
      const member = memberOf(group, spec.member);
      const members = comparableMembers(group);
      const base = { kind: 'itemCount' as const, group: spec.group, bound: spec.bound, count: spec.count };
      return (
        <div className="rules-row">
          {kind}
          {subject(spec.group, (g) => onChange({ ...base, group: g }), t('rules.rule.group'))}
          <Select
            aria-label={t('rules.rule.boundLabel')}
            value={spec.bound}
            onChange={(b: 'atMost' | 'atLeast') => onChange({ ...spec, bound: b })}
            options={[
              { value: 'atMost', label: t('rules.rule.bound.atMost') },
              { value: 'atLeast', label: t('rules.rule.bound.atLeast') },
            ]}
          />
          <InputNumber<string>
            aria-label={t('rules.rule.count')}
            className="rules-value"
            stringMode
            min="0"
            precision={0}
            value={spec.count}
            onChange={(v) => onChange({ ...spec, count: v === null ? '' : String(v) })}
          />
          {members.length > 0 && (
            <Select
              aria-label={t('rules.rule.which')}
              value={spec.member ?? ''}
              onChange={(m: string) => onChange(m ? { ...base, member: m } : base)}
              options={[{ value: '', label: t('rules.rule.allItems') }, ...fieldOptions(members, true)]}
            />
          )}
          {member && (
            <>
              <Select
                aria-label={t('rules.rule.which')}
                value={spec.negate ? 'not' : 'is'}
                onChange={(v: string) => onChange({ ...base, member: spec.member, ...(spec.value !== undefined ? { value: spec.value } : {}), ...(v === 'not' ? { negate: true } : {}) })}
                options={[
                  { value: 'is', label: t('rules.rule.is') },
                  { value: 'not', label: t('rules.rule.isNot') },
                ]}
              />
              <ValueInput field={member} label={t('rules.rule.value')} value={spec.value} onChange={(value) => onChange({ ...base, member: spec.member, ...(spec.negate ? { negate: true } : {}), ...(value === undefined ? {} : { value }) })} />
            </>
          )}
        </div>
      );
    }
    case 'total': {
      const group = fieldByPath(fields, spec.group);
      return (
        <div className="rules-row">
          {kind}
          {subject(spec.group, (g) => onChange({ ...spec, group: g, member: memberName(numberMembers(fieldByPath(fields, g))[0]?.path ?? '') }), t('rules.rule.group'))}
          <Select aria-label={t('rules.computed.member')} value={spec.member || undefined} onChange={(m: string) => onChange({ ...spec, member: m })} options={fieldOptions(numberMembers(group), true)} />
          <ValueInput field={{ type: 'number' }} label={t('rules.rule.total')} value={spec.total} onChange={(v) => onChange({ ...spec, total: v ?? '' })} />
        </div>
      );
    }
  }
}

