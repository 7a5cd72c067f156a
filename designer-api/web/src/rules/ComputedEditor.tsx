import { useId } from 'react';
import { Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/findings';
import {
  comparableMembers,
  computedKinds,
  computedText,
  countables,
  groups,
  numberFields,
  numberMembers,
  recogniseComputed,
  type ComputedKind,
  type ComputedSpec,
} from './computed';
import { fieldByPath, memberOf, type FieldInfo } from './fields';
import { memberName } from './scriban';
import { ExpertEditor, ExpertSwitch, ScribanPreview, useBuilt, ValueInput, useSay } from './shared';

/** A fresh choice of a kind, filled in as far as the form allows (the first group, its first number member…). */
function start(kind: ComputedKind, fields: FieldInfo[], field: string): ComputedSpec {
  const group = groups(fields)[0];
  const numberMember = (g: FieldInfo | undefined) => memberName(numberMembers(g)[0]?.path ?? '');
  switch (kind) {
    case 'sum':
    case 'average':
      return { kind, fields: [] };
    case 'sumItems':
    case 'averageItems': {
      // A member named like a weight first: the weight total is the common case.
      const g = groups(fields).find((x) => numberMembers(x).some((m) => /weight|权重/i.test(m.path + m.label['zh-CN']))) ?? group;
      const weight = numberMembers(g).find((m) => /weight|权重/i.test(m.path + m.label['zh-CN']));
      return { kind, group: g?.path ?? '', member: weight ? memberName(weight.path) : numberMember(g) };
    }
    case 'count':
      return { kind, field: countables(fields).find((f) => f.path !== field)?.path ?? '' };
    case 'countWhere':
      return { kind, group: group?.path ?? '', member: memberName(comparableMembers(group)[0]?.path ?? ''), value: '' };
  }
}

/**
 * How a computed field is computed, chosen instead of written: sums, averages and counts over fields and repeating
 * groups (see `ComputedSpec` for empty values and rounding). `expression` is its Scriban; what the builder did not
 * write opens in expert mode and is kept as it is.
 */
export function ComputedEditor({ fields, field, expression, onChange, findings }: { fields: FieldInfo[]; field: string; expression: string; onChange(expression: string): void; findings: Finding[] }) {
  const { t } = useTranslation();
  const say = useSay();
  const id = useId();
  const label = say(fieldByPath(fields, field)?.label) || field;
  const read = (text: string) => (text.trim() === '' ? start('sum', fields, field) : recogniseComputed(text, fields));
  const built = useBuilt(expression, read, (spec) => computedText(spec, fields) ?? '', onChange);
  return (
    <div className="rules-builder">
      <div className="rules-head">
        <Typography.Text strong>{t('rules.computed.label', { field: label })}</Typography.Text>
        <ExpertSwitch id={`${id}-expert`} expert={built.expert} canLeave={built.canLeaveExpert} onChange={built.setExpert} />
      </div>
      {built.expert || !built.model ? (
        <ExpertEditor label={t('rules.computed.expertLabel', { field: label })} value={expression} onChange={built.edit} findings={findings} />
      ) : (
        <>
          <Choice spec={built.model} fields={fields} field={field} onChange={built.update} />
          {computedText(built.model, fields) === undefined && <span className="rules-incomplete">{t('rules.incomplete')}</span>}
          <ScribanPreview text={expression} />
        </>
      )}
    </div>
  );
}

function Choice({ spec, fields, field, onChange }: { spec: ComputedSpec; fields: FieldInfo[]; field: string; onChange(spec: ComputedSpec): void }) {
  const { t } = useTranslation();
  const say = useSay();
  const options = (list: FieldInfo[], byName = false) => list.map((f) => ({ value: byName ? memberName(f.path) : f.path, label: say(f.label) }));
  const kind = (
    <Select
      aria-label={t('rules.computed.how')}
      value={spec.kind}
      onChange={(k: ComputedKind) => onChange(start(k, fields, field))}
      options={computedKinds.map((k) => ({ value: k, label: t(`rules.computed.kind.${k}`) }))}
    />
  );
  const groupSelect = (group: string, set: (group: string) => void) => (
    <Select aria-label={t('rules.computed.group')} value={group || undefined} onChange={set} options={options(groups(fields))} />
  );
  switch (spec.kind) {
    case 'sum':
    case 'average':
      return (
        <>
          <div className="rules-row">
            {kind}
            <Select
              aria-label={t('rules.computed.fields')}
              mode="multiple"
              value={spec.fields}
              onChange={(chosen: string[]) => onChange({ ...spec, fields: chosen })}
              options={options(numberFields(fields, field))}
            />
          </div>
          <Typography.Text type="secondary" className="rules-note">
            {t(spec.kind === 'sum' ? 'rules.computed.sumNote' : 'rules.computed.averageNote')}
          </Typography.Text>
        </>
      );
    case 'sumItems':
    case 'averageItems': {
      const group = fieldByPath(fields, spec.group);
      return (
        <>
          <div className="rules-row">
            {kind}
            {groupSelect(spec.group, (g) => onChange({ ...spec, group: g, member: memberName(numberMembers(fieldByPath(fields, g))[0]?.path ?? '') }))}
            <Select aria-label={t('rules.computed.member')} value={spec.member || undefined} onChange={(m: string) => onChange({ ...spec, member: m })} options={options(numberMembers(group), true)} />
          </div>
          <Typography.Text type="secondary" className="rules-note">
            {t(spec.kind === 'sumItems' ? 'rules.computed.sumNote' : 'rules.computed.averageNote')}
          </Typography.Text>
        </>
      );
    }
    case 'count':
      return (
        <div className="rules-row">
          {kind}
          <Select
            aria-label={t('rules.computed.countOf')}
            value={spec.field || undefined}
            onChange={(f: string) => onChange({ ...spec, field: f })}
            options={options(countables(fields).filter((f) => f.path !== field))}
          />
        </div>
      );
    case 'countWhere': {
      const group = fieldByPath(fields, spec.group);
      const member = memberOf(group, spec.member);
      return (
        <div className="rules-row">
          {kind}
          {groupSelect(spec.group, (g) => onChange({ ...spec, group: g, member: memberName(comparableMembers(fieldByPath(fields, g))[0]?.path ?? ''), value: '' }))}
          <Select
            aria-label={t('rules.computed.member')}
            value={spec.member || undefined}
            onChange={(m: string) => onChange({ ...spec, member: m, value: '' })}
            options={options(comparableMembers(group), true)}
          />
          {member && <ValueInput field={member} label={t('rules.computed.equalTo')} value={spec.value === '' ? undefined : spec.value} onChange={(v) => onChange({ ...spec, value: v ?? '' })} />}
        </div>
      );
    }
  }
}
