import { Button, Card, Col, Empty, Form, Input, InputNumber, Radio, Row, Select, Space, Typography } from 'antd';
import { ArrowLeftOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMemo, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { findingsUnder, say, type Finding } from '../authoring/definitions';
import { useDraftEditor } from '../authoring/useDraftEditor';
import { FindingsList } from '../authoring/Findings';
import { PublishButton } from '../authoring/PublishButton';
import { SaveState } from '../authoring/SaveState';
import { VersionsButton } from '../authoring/Versions';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { NotForYou } from '../admin/NotForYou';
import { useMe } from '../signin/me';
import { useDepartments } from '../cycles/queries';
import {
  addGrade,
  blankIndicator,
  directions,
  frequencies,
  knownRoleFamilies,
  removeGrade,
  withGrade,
  withMember,
  withScope,
  type IndicatorDocument,
  type Scope,
} from './library';
import './indicators.css';

/**
 * 编辑指标 (`/design/indicators/:key`, HRBPs and administrators): an indicator of the library as a form — names and
 * definitions in both languages, unit, direction, data source, frequency, default target and threshold, periods before
 * a warning, whom it is for, and graded targets — with the kit's drafts (saved as typed, with If-Match), findings at
 * their field, versions and publishing. Nobody types JSON.
 */
export function IndicatorEditorPage() {
  const { key } = useParams();
  const roles = useMe().data?.roles;
  if (roles && !roles.some((role) => role === 'admin' || role === 'hrbp')) return <NotForYou />;
  if (!key) return <NotForYou />;
  return <Editor key={key} indicatorKey={key} />;
}

function Editor({ indicatorKey }: { indicatorKey: string }) {
  const { t, i18n } = useTranslation();
  const editor = useDraftEditor<IndicatorDocument>('indicators', indicatorKey, { create: () => blankIndicator(indicatorKey) });
  const departments = useDepartments();
  const departmentOptions = useMemo(
    () => (departments.data ?? []).map((d) => ({ value: d.id, label: `${i18n.language.startsWith('en') ? d.name.en : d.name['zh-CN']} (${d.id})` })),
    [departments.data, i18n.language],
  );
  const familyOptions = knownRoleFamilies.map((f) => ({ value: f, label: t(`indicators.roleFamily.${f}`) }));

  if (editor.state === 'loading') return <Loading />;
  if (editor.state === 'failed') return <ProblemAlert error={editor.error ?? new Error(t('error.title'))} />;
  if (editor.state === 'missing' || !editor.document) {
    return (
      <div className="page">
        <BackLink />
        <Empty description={t('indicators.missing', { key: indicatorKey })} />
      </div>
    );
  }
  const doc = editor.document;
  const edit = (next: IndicatorDocument) => editor.edit(next);
  const at = (...segments: string[]) => findingsUnder(editor.findings, ...segments);
  const name = doc.name ?? { 'zh-CN': '', en: '' };
  const definition = doc.definition ?? { 'zh-CN': '', en: '' };
  const scope = doc.appliesTo ?? {};
  const select = (finding: Finding) => {
    const id = fieldIdOf(finding.path);
    if (id) globalThis.document.getElementById(id)?.focus();
  };

  return (
    <div className="page indicator-editor">
      <BackLink />
      <Typography.Title level={1}>
        {name[i18n.language.startsWith('en') ? 'en' : 'zh-CN'] || indicatorKey}{' '}
        <Typography.Text type="secondary" className="indicators-key" translate="no">
          {indicatorKey}
        </Typography.Text>
      </Typography.Title>
      <div className="indicator-editor-toolbar">
        <SaveState editor={editor as never} />
        <Space wrap>
          <VersionsButton kind="indicators" definitionKey={indicatorKey} />
          <PublishButton editor={editor as never} />
        </Space>
      </div>
      {editor.findings.length > 0 && <FindingsList findings={editor.findings} onSelect={select} linting={editor.linting} />}

      <Form layout="vertical" requiredMark>
        <Card size="small" className="indicator-card" title={<h2 className="card-title">{t('indicators.section.basics')}</h2>}>
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Field id="indicator-name-zh" label={t('indicators.field.nameZh')} findings={at('name', 'zh-CN')} required>
                <Input id="indicator-name-zh" maxLength={50} value={name['zh-CN']} onChange={(e) => edit({ ...doc, name: { ...name, 'zh-CN': e.target.value } })} />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field id="indicator-name-en" label={t('indicators.field.nameEn')} findings={at('name', 'en')} required>
                <Input id="indicator-name-en" maxLength={50} value={name.en} onChange={(e) => edit({ ...doc, name: { ...name, en: e.target.value } })} />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field id="indicator-definition-zh" label={t('indicators.field.definitionZh')} findings={at('definition', 'zh-CN')} required>
                <Input.TextArea id="indicator-definition-zh" rows={3} maxLength={500} value={definition['zh-CN']} onChange={(e) => edit({ ...doc, definition: { ...definition, 'zh-CN': e.target.value } })} />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field id="indicator-definition-en" label={t('indicators.field.definitionEn')} findings={at('definition', 'en')} required>
                <Input.TextArea id="indicator-definition-en" rows={3} maxLength={500} value={definition.en} onChange={(e) => edit({ ...doc, definition: { ...definition, en: e.target.value } })} />
              </Field>
            </Col>
            <Col xs={24} md={8}>
              <Field id="indicator-unit" label={t('indicators.field.unit')} findings={at('unit')} required>
                <Input id="indicator-unit" maxLength={20} placeholder={t('indicators.field.unitPlaceholder')} value={doc.unit ?? ''} onChange={(e) => edit({ ...doc, unit: e.target.value })} />
              </Field>
            </Col>
            <Col xs={24} md={16}>
              <Field id="indicator-data-source" label={t('indicators.field.dataSource')} findings={at('dataSource')} required>
                <Input id="indicator-data-source" maxLength={100} placeholder={t('indicators.field.dataSourcePlaceholder')} value={doc.dataSource ?? ''} onChange={(e) => edit({ ...doc, dataSource: e.target.value })} />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field id="indicator-direction" label={t('indicators.field.direction')} findings={at('direction')} required group>
                <Radio.Group
                  id="indicator-direction"
                  aria-label={t('indicators.field.direction')}
                  value={doc.direction}
                  onChange={(e) => edit({ ...doc, direction: e.target.value as IndicatorDocument['direction'] })}
                  options={directions.map((d) => ({ value: d, label: t(`indicators.direction.${d}`) }))}
                />
              </Field>
            </Col>
            <Col xs={24} md={12}>
              <Field id="indicator-frequency" label={t('indicators.field.frequency')} findings={at('frequency')} required>
                <Select
                  id="indicator-frequency"
                  value={doc.frequency}
                  onChange={(frequency: IndicatorDocument['frequency']) => edit({ ...doc, frequency })}
                  options={frequencies.map((f) => ({ value: f, label: t(`indicators.frequency.${f}`) }))}
                />
              </Field>
            </Col>
          </Row>
        </Card>

        <Card size="small" className="indicator-card" title={<h2 className="card-title">{t('indicators.section.targets')}</h2>}>
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Field id="indicator-target" label={t('indicators.field.target')} findings={at('target')} required>
                <InputNumber id="indicator-target" className="indicator-number" style={{ width: '100%' }} value={doc.target} onChange={(v) => edit(withMember(doc, 'target', v ?? undefined))} />
              </Field>
            </Col>
            <Col xs={24} sm={8}>
              <Field id="indicator-threshold" label={t('indicators.field.threshold')} findings={at('threshold')} extra={t('indicators.field.thresholdHint')}>
                <InputNumber id="indicator-threshold" style={{ width: '100%' }} value={doc.threshold} onChange={(v) => edit(withMember(doc, 'threshold', v ?? undefined))} />
              </Field>
            </Col>
            <Col xs={24} sm={8}>
              <Field id="indicator-warn-after" label={t('indicators.field.warnAfter')} findings={at('warnAfter')} extra={t('indicators.field.warnAfterHint')}>
                <InputNumber id="indicator-warn-after" style={{ width: '100%' }} min={1} max={12} precision={0} value={doc.warnAfter} onChange={(v) => edit(withMember(doc, 'warnAfter', v ?? undefined))} />
              </Field>
            </Col>
          </Row>
        </Card>

        <Card size="small" className="indicator-card" title={<h2 className="card-title">{t('indicators.section.scope')}</h2>}>
          <ScopeFields prefix="indicator-scope" scope={scope} findings={(list) => at('appliesTo', list)} departments={departmentOptions} families={familyOptions} onChange={(list, values) => edit(withScope(doc, list, values))} />
        </Card>

        <Card size="small" className="indicator-card" title={<h2 className="card-title">{t('indicators.section.grades')}</h2>}>
          <Typography.Paragraph type="secondary">{t('indicators.gradesHint')}</Typography.Paragraph>
          {(doc.grades ?? []).map((grade, index) => (
            <fieldset key={index} className="indicator-grade" aria-label={t('indicators.grade', { n: index + 1 })}>
              <div className="indicator-grade-head">
                <span>{t('indicators.grade', { n: index + 1 })}</span>
                <Button danger type="text" icon={<DeleteOutlined aria-hidden />} aria-label={t('indicators.removeGrade', { n: index + 1 })} onClick={() => edit(removeGrade(doc, index))} />
              </div>
              <ScopeFields
                prefix={`indicator-grade-${index}`}
                scope={grade}
                findings={(list) => at('grades', String(index), list)}
                departments={departmentOptions}
                families={familyOptions}
                onChange={(list, values) => edit(withGrade(doc, index, { [list]: values }))}
              />
              {findingsUnder(at('grades', String(index)), 'grades', String(index)).filter((f) => pathLength(f) === 2).map((f, i) => (
                <Typography.Text key={i} type="danger">
                  {say(f.message)}
                </Typography.Text>
              ))}
              <Row gutter={16}>
                <Col xs={12}>
                  <Field id={`indicator-grade-${index}-target`} label={t('indicators.grade.target')} findings={at('grades', String(index), 'target')} required>
                    <InputNumber id={`indicator-grade-${index}-target`} style={{ width: '100%' }} value={grade.target} onChange={(v) => edit(withGrade(doc, index, { target: v ?? undefined }))} />
                  </Field>
                </Col>
                <Col xs={12}>
                  <Field id={`indicator-grade-${index}-threshold`} label={t('indicators.grade.threshold')} findings={at('grades', String(index), 'threshold')}>
                    <InputNumber id={`indicator-grade-${index}-threshold`} style={{ width: '100%' }} value={grade.threshold} onChange={(v) => edit(withGrade(doc, index, { threshold: v ?? undefined }))} />
                  </Field>
                </Col>
              </Row>
            </fieldset>
          ))}
          <Button type="dashed" block icon={<PlusOutlined aria-hidden />} onClick={() => edit(addGrade(doc))}>
            {t('indicators.addGrade')}
          </Button>
        </Card>
      </Form>
    </div>
  );
}

function pathLength(finding: Finding) {
  return (finding.path ?? '').replace(/^\$\./, '').split(/[.[]/).length;
}

/** The element a finding's path names, to take the author to it. */
function fieldIdOf(path: string | null | undefined): string | undefined {
  const ids: Record<string, string> = {
    "$.name['zh-CN']": 'indicator-name-zh',
    '$.name.en': 'indicator-name-en',
    "$.definition['zh-CN']": 'indicator-definition-zh',
    '$.definition.en': 'indicator-definition-en',
    '$.unit': 'indicator-unit',
    '$.dataSource': 'indicator-data-source',
    '$.frequency': 'indicator-frequency',
    '$.target': 'indicator-target',
    '$.threshold': 'indicator-threshold',
    '$.warnAfter': 'indicator-warn-after',
  };
  return path ? ids[path] : undefined;
}

function ScopeFields({
  prefix,
  scope,
  findings,
  departments,
  families,
  onChange,
}: {
  prefix: string;
  scope: Scope;
  findings: (list: keyof Scope) => Finding[];
  departments: { value: string; label: string }[];
  families: { value: string; label: string }[];
  onChange: (list: keyof Scope, values: string[]) => void;
}) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} md={8}>
        <Field id={`${prefix}-departments`} label={t('indicators.field.departments')} findings={findings('departments')} extra={t('indicators.field.departmentsHint')}>
          <Select id={`${prefix}-departments`} mode="multiple" allowClear value={scope.departments ?? []} onChange={(v: string[]) => onChange('departments', v)} options={departments} optionFilterProp="label" />
        </Field>
      </Col>
      <Col xs={24} md={8}>
        <Field id={`${prefix}-levels`} label={t('indicators.field.levels')} findings={findings('levels')} extra={t('indicators.field.levelsHint')}>
          <Select id={`${prefix}-levels`} mode="tags" allowClear value={scope.levels ?? []} onChange={(v: string[]) => onChange('levels', v)} options={['P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'M2', 'M3', 'M4'].map((l) => ({ value: l, label: l }))} />
        </Field>
      </Col>
      <Col xs={24} md={8}>
        <Field id={`${prefix}-role-families`} label={t('indicators.field.roleFamilies')} findings={findings('roleFamilies')} extra={t('indicators.field.roleFamiliesHint')}>
          <Select id={`${prefix}-role-families`} mode="tags" allowClear value={scope.roleFamilies ?? []} onChange={(v: string[]) => onChange('roleFamilies', v)} options={families} />
        </Field>
      </Col>
    </Row>
  );
}

/** A field with its label and, below it, its findings (else its hint). */
function Field({ id, label, findings, extra, required, group, children }: { id: string; label: string; findings: Finding[]; extra?: string; required?: boolean; group?: boolean; children: ReactNode }) {
  const errors = findings.filter((f) => f.severity === 'error');
  return (
    <Form.Item
      label={label}
      htmlFor={group ? undefined : id}
      required={required}
      validateStatus={errors.length > 0 ? 'error' : undefined}
      help={errors.length > 0 ? errors.map((f) => say(f.message)).join('；') : undefined}
      extra={extra}
    >
      {children}
    </Form.Item>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/design/indicators" className="back-link">
      <ArrowLeftOutlined aria-hidden /> {t('indicators.back')}
    </Link>
  );
}
