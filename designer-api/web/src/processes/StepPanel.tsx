import { Alert, Button, Checkbox, Drawer, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Grid } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { findingsUnder, type Finding } from '../authoring/definitions';
import { CodeEditor } from '../authoring/CodeEditor';
import { FindingsList } from '../authoring/Findings';
import { usePublishedProcesses } from '../cycles/queries';
import { setCondition } from './chain';
import { startFindings, type Selection } from './ChainView';
import { AssigneeSelect, AssigneesSelect, DueControl, DurationInput, EscalationControl, RemindersControl, SectionsSelect } from './controls';
import { approvalModes, isTask, templateKey, type Branch, type Party, type ProcessDocument, type ProcessStep, type Texts } from './document';
import { usePublishedTemplates, useTemplate, type TemplateOutline } from './queries';
import { ConditionEditor } from './ConditionEditor';
import { alertKinds, dateReminderKinds, meetingKinds } from './members';
import { AlertsControl, CarryControl, DateRemindersControl, FollowUpControl, MeetingControl, PeriodControl } from './StepMembers';
import { isKnownStarter, starterRelations, startersOf, toggleStarter, withStarters } from './starters';

interface PanelProps {
  document: ProcessDocument;
  selection: Selection;
  findings: Finding[];
  readOnly: boolean;
  ownerName: string;
  onChange: (document: ProcessDocument) => void;
  onClose: () => void;
}

/** The panel of what is selected on the chain: the process itself (发起), a step, or a decision's branch. */
export function StepPanel(props: PanelProps) {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().md ?? false;
  const { selection, document } = props;
  const title =
    selection.type === 'start'
      ? t('processes.start')
      : selection.type === 'step'
        ? say(document.steps[selection.id]?.title) || t(`processes.kind.${document.steps[selection.id]?.kind ?? 'form'}`)
        : selection.index === 'otherwise'
          ? t('processes.otherwise')
          : t('processes.branchName', { n: selection.index + 1 });
  return (
    <Drawer open rootClassName="process-panel" title={title} onClose={props.onClose} size={wide ? 520 : '100%'} destroyOnHidden closable={{ 'aria-label': t('processes.close') }}>
      {selection.type === 'start' && <StartPanel {...props} />}
      {selection.type === 'step' && document.steps[selection.id] && <StepForm id={selection.id} {...props} />}
      {selection.type === 'branch' && <BranchPanel decision={selection.decision} index={selection.index} {...props} />}
    </Drawer>
  );
}

function Findings({ findings }: { findings: Finding[] }) {
  return (
    <div className="panel-findings">
      <FindingsList findings={findings} />
    </div>
  );
}

function TextsInput({ value, onChange, zh, en, disabled, multiline }: { value: Texts | undefined; onChange: (texts: Texts) => void; zh: string; en: string; disabled: boolean; multiline?: boolean }) {
  const texts = value ?? { 'zh-CN': '', en: '' };
  const Field = multiline ? Input.TextArea : Input;
  return (
    <>
      <Form.Item label={zh}>
        <Field aria-label={zh} value={texts['zh-CN']} readOnly={disabled} onChange={(e) => onChange({ ...texts, 'zh-CN': e.target.value })} />
      </Form.Item>
      <Form.Item label={en}>
        <Field aria-label={en} value={texts.en} readOnly={disabled} onChange={(e) => onChange({ ...texts, en: e.target.value })} />
      </Form.Item>
    </>
  );
}

// ————— 发起: the process itself and its forms —————

function StartPanel({ document, findings, readOnly, ownerName, onChange }: PanelProps) {
  const { t } = useTranslation();
  const templates = usePublishedTemplates();
  const [name, setName] = useState('');
  const [template, setTemplate] = useState<string>();
  const nameOk = /^[a-z][a-z0-9-]{0,63}$/.test(name) && !document.forms[name];
  const templateOptions = (templates.data ?? []).map((tpl) => ({ value: tpl.key, label: say(tpl.title) || tpl.key }));
  const titleOf = (form: string) => {
    const key = templateKey(form);
    return say(templates.data?.find((tpl) => tpl.key === key)?.title) || form;
  };
  return (
    <Form layout="vertical">
      <Findings findings={startFindings(findings)} />
      <TextsInput value={document.title} onChange={(title) => onChange({ ...document, title })} zh={t('processes.titleZh')} en={t('processes.titleEn')} disabled={readOnly} />
      <Form.Item label={t('processes.ownerRead')}>
        <Typography.Text>{ownerName}</Typography.Text>
      </Form.Item>
      <StartersControl document={document} readOnly={readOnly} onChange={onChange} />
      <Typography.Title level={4}>{t('processes.forms.title')}</Typography.Title>
      {Object.keys(document.forms).length === 0 && <Alert type="info" showIcon title={t('processes.forms.none')} />}
      <ul className="forms-list">
        {Object.entries(document.forms).map(([form, tpl]) => (
          <li key={form}>
            <Space wrap>
              <Typography.Text strong>{form}</Typography.Text>
              <Select
                aria-label={`${t('processes.forms.template')} ${form}`}
                value={templateKey(tpl)}
                disabled={readOnly}
                options={templateOptions}
                style={{ minWidth: 200 }}
                onChange={(key) => onChange({ ...document, forms: { ...document.forms, [form]: key } })}
                labelRender={() => titleOf(tpl)}
              />
              {!readOnly && (
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={`${t('processes.panel.removeOne')} ${form}`}
                  onClick={() => {
                    const forms = { ...document.forms };
                    delete forms[form];
                    onChange({ ...document, forms });
                  }}
                />
              )}
            </Space>
          </li>
        ))}
      </ul>
      {!readOnly && (
        <Space wrap align="start">
          <Form.Item label={t('processes.forms.name')} extra={t('processes.forms.nameHelp')} validateStatus={name && !nameOk ? 'error' : undefined} help={name && !nameOk ? t('processes.forms.nameInvalid') : undefined}>
            <Input aria-label={t('processes.forms.name')} value={name} onChange={(e) => setName(e.target.value.trim())} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={t('processes.forms.template')}>
            <Select aria-label={t('processes.forms.template')} value={template} onChange={setTemplate} options={templateOptions} style={{ minWidth: 200 }} loading={templates.isLoading} />
          </Form.Item>
          <Form.Item label=" ">
            <Button
              icon={<PlusOutlined />}
              disabled={!nameOk || !template}
              onClick={() => {
                onChange({ ...document, forms: { ...document.forms, [name]: template! } });
                setName('');
                setTemplate(undefined);
              }}
            >
              {t('processes.forms.add')}
            </Button>
          </Form.Item>
        </Space>
      )}
    </Form>
  );
}

/**
 * 可由谁随时发起: the relations who may start one instance on demand (`startableBy`). A value written by hand that the
 * designer does not know is shown ticked, as written, and kept until the author unticks it.
 */
function StartersControl({ document, readOnly, onChange }: Pick<PanelProps, 'document' | 'readOnly' | 'onChange'>) {
  const { t } = useTranslation();
  const starters = startersOf(document);
  const unknown = starters.filter((value) => !isKnownStarter(value));
  const choices = [...starterRelations.map((value) => ({ value, label: t(`processes.starters.label.${value}`) })), ...unknown.map((value) => ({ value, label: t('processes.starters.unknown', { value }) }))];
  return (
    <Form.Item label={<span id="process-starters-label">{t('processes.starters.title')}</span>} extra={<span id="process-starters-help">{t('processes.starters.help')}</span>}>
      <div role="group" aria-labelledby="process-starters-label" aria-describedby="process-starters-help" className="starters-choice">
        {choices.map(({ value, label }) => (
          <Checkbox
            key={value}
            checked={starters.includes(value)}
            disabled={readOnly}
            onChange={(e) => onChange(withStarters(document, toggleStarter(starters, value, e.target.checked)))}
          >
            {label}
          </Checkbox>
        ))}
      </div>
    </Form.Item>
  );
}

// ————— a step —————

function StepForm({ id, document, findings, readOnly, onChange }: PanelProps & { id: string }) {
  const { t } = useTranslation();
  const step = document.steps[id]!;
  const set = (changes: Partial<ProcessStep>) => {
    const next: ProcessStep = { ...step, ...changes };
    for (const [member, value] of Object.entries(changes)) if (value === undefined) delete next[member];
    onChange({ ...document, steps: { ...document.steps, [id]: next } });
  };
  const template = useTemplate(templateKey(step.form ? document.forms[step.form] : undefined));
  const taskSteps = Object.entries(document.steps).filter(([other, s]) => other !== id && isTask(s));
  const returnOptions = taskSteps.map(([other, s]) => ({ value: other, label: say(s.title) || other }));
  const disabled = readOnly;

  return (
    <Form layout="vertical">
      <Findings findings={findingsUnder(findings, 'steps', id)} />
      <Typography.Text type="secondary" className="panel-id">
        {t(`processes.kind.${step.kind}`, { defaultValue: step.kind })} · {t('processes.panel.stepId', { id })}
      </Typography.Text>
      {step.kind !== 'join' && step.kind !== 'end' && (
        <TextsInput value={step.title} onChange={(title) => set({ title })} zh={t('processes.panel.titleZh')} en={t('processes.panel.titleEn')} disabled={disabled} />
      )}

      {/* Who acts */}
      {(step.kind === 'form' || step.kind === 'recurring') && (
        <Labelled label={t('processes.panel.assignee')}>
          <AssigneeSelect label={t('processes.panel.assignee')} value={step.assignee} onChange={(assignee) => set({ assignee })} disabled={disabled} />
        </Labelled>
      )}
      {step.kind === 'review' && (
        <>
          <Labelled label={t('processes.panel.author')}>
            <AssigneeSelect label={t('processes.panel.author')} value={step.author} onChange={(author) => set({ author })} disabled={disabled} />
          </Labelled>
          <Labelled label={t('processes.panel.reviewer')}>
            <AssigneeSelect label={t('processes.panel.reviewer')} value={step.reviewer} onChange={(reviewer) => set({ reviewer })} disabled={disabled} />
          </Labelled>
          <Alert type="info" showIcon title={t('processes.panel.reviewReturn')} className="panel-note" />
        </>
      )}
      {step.kind === 'approval' && (
        <>
          <Labelled label={t('processes.panel.approvers')}>
            <AssigneesSelect label={t('processes.panel.approvers')} value={step.approvers ?? []} onChange={(approvers) => set({ approvers })} disabled={disabled} />
          </Labelled>
          <Labelled label={t('processes.panel.mode')}>
            <Select
              aria-label={t('processes.panel.mode')}
              value={step.mode ?? 'one'}
              disabled={disabled}
              onChange={(mode) => set({ mode })}
              options={approvalModes.map((m) => ({ value: m, label: t(`processes.panel.mode.${m}`) }))}
              style={{ minWidth: 200 }}
            />
          </Labelled>
        </>
      )}
      {step.kind === 'notify' && (
        <>
          <Labelled label={t('processes.panel.recipients')}>
            <AssigneesSelect label={t('processes.panel.recipients')} value={step.to ?? []} onChange={(to) => set({ to })} disabled={disabled} />
          </Labelled>
          <TextsInput value={step.message} onChange={(message) => set({ message })} zh={t('processes.panel.messageZh')} en={t('processes.panel.messageEn')} disabled={disabled} multiline />
        </>
      )}
      {step.kind === 'join' && (
        <Labelled label={t('processes.panel.awaits')} help={t('processes.panel.awaits.help')}>
          <Select
            aria-label={t('processes.panel.awaits')}
            value={step.awaits ?? 'all'}
            disabled={disabled}
            onChange={(awaits: 'all' | 'first') => set({ awaits: awaits === 'all' ? undefined : awaits })}
            options={(['all', 'first'] as const).map((a) => ({ value: a, label: t(`processes.panel.awaits.${a}`) }))}
            style={{ minWidth: 240 }}
          />
        </Labelled>
      )}
      {step.kind === 'wait' && (
        <Labelled label={t('processes.panel.waitFor')}>
          {step.until ? <span>{step.until}</span> : <DurationInput label={t('processes.panel.waitFor')} value={step.for} onChange={(iso) => set({ for: iso })} disabled={disabled} />}
        </Labelled>
      )}
      {step.kind === 'start-process' && (
        <>
          <StartProcessChoice value={step.process} onChange={(process) => set({ process })} disabled={disabled} />
          <CarryControl id={id} step={step} document={document} findings={findings} disabled={disabled} set={set} />
        </>
      )}
      {step.kind === 'announce' && (
        <>
          <Typography.Paragraph type="secondary">{say(step.description as Texts | undefined) || t('processes.panel.announceHelp')}</Typography.Paragraph>
          <Labelled label={t('processes.panel.announceRating')}>
            <Typography.Text code>{String(step.rating ?? '')}</Typography.Text>
          </Labelled>
          <Labelled label={t('processes.panel.announceConsent')}>
            <Typography.Text code>{String(step.consent ?? '')}</Typography.Text>
          </Labelled>
        </>
      )}
      {step.kind === 'for-each' && (
        <Labelled label={t('processes.panel.people')}>
          <CodeEditor language="scriban" label={t('processes.panel.people')} value={step.people ?? ''} onChange={(people: string) => set({ people })} readOnly={disabled} minLines={2} />
        </Labelled>
      )}
      {step.kind === 'recurring' && (
        <>
          <PeriodControl id={id} step={step} document={document} findings={findings} disabled={disabled} set={set} />
          <Labelled label={t('processes.panel.count')}>
            <InputNumber aria-label={t('processes.panel.count')} min={1} max={120} precision={0} value={step.count} onChange={(n) => set({ count: Number(n ?? 1) })} disabled={disabled} />
          </Labelled>
        </>
      )}

      {/* What they read and write */}
      {isTask(step) && <FormChoice step={step} document={document} template={template} set={set} disabled={disabled} />}
      {isTask(step) && step.kind !== 'confirmation' && (
        <>
          <Labelled label={t('processes.panel.write')}>
            <SectionsSelect label={t('processes.panel.write')} template={template} value={step.write} onChange={(write) => set({ write })} disabled={disabled} />
          </Labelled>
          <Labelled label={t('processes.panel.read')}>
            <SectionsSelect label={t('processes.panel.read')} template={template} value={step.read} onChange={(read) => set({ read })} allowAll disabled={disabled} />
          </Labelled>
        </>
      )}
      {step.kind === 'review' && (
        <>
          <Labelled label={t('processes.panel.reviewerWrite')}>
            <SectionsSelect label={t('processes.panel.reviewerWrite')} template={template} value={step.reviewerWrite} onChange={(reviewerWrite) => set({ reviewerWrite })} disabled={disabled} />
          </Labelled>
          <Labelled label={t('processes.panel.reviewerRead')}>
            <SectionsSelect label={t('processes.panel.reviewerRead')} template={template} value={step.reviewerRead} onChange={(reviewerRead) => set({ reviewerRead })} allowAll disabled={disabled} />
          </Labelled>
        </>
      )}
      {step.kind === 'recurring' && <FollowUpControl id={id} step={step} template={template} findings={findings} disabled={disabled} set={set} />}
      {step.kind === 'confirmation' && <PartiesControl parties={step.parties ?? []} template={template} onChange={(parties) => set({ parties })} disabled={disabled} />}

      {/* When */}
      {isTask(step) && (
        <>
          <Labelled label={t('processes.panel.due')}>
            <DueControl value={step.due} onChange={(due) => set({ due })} disabled={disabled} />
          </Labelled>
          <Labelled label={t('processes.panel.reminders')}>
            <RemindersControl value={step.reminders} onChange={(reminders) => set({ reminders })} disabled={disabled} />
          </Labelled>
          <Labelled label={t('processes.panel.escalation')}>
            <EscalationControl value={step.escalation} onChange={(escalation) => set({ escalation })} disabled={disabled} />
          </Labelled>
        </>
      )}
      {dateReminderKinds.includes(step.kind) && <DateRemindersControl id={id} step={step} template={template} findings={findings} disabled={disabled} set={set} />}
      {alertKinds.includes(step.kind) && <AlertsControl id={id} step={step} document={document} template={template} findings={findings} disabled={disabled} set={set} />}
      {meetingKinds.includes(step.kind) && <MeetingControl id={id} step={step} template={template} findings={findings} disabled={disabled} set={set} />}
      {(step.kind === 'approval' || step.kind === 'confirmation') && (
        <Labelled label={t('processes.panel.returnTo')} help={t('processes.panel.returnHelp')}>
          <Select
            aria-label={t('processes.panel.returnTo')}
            value={step.returnTo ?? ''}
            disabled={disabled}
            style={{ minWidth: 200 }}
            onChange={(returnTo: string) => set({ returnTo: returnTo || undefined })}
            options={[...(step.kind === 'confirmation' ? [{ value: '', label: t('processes.panel.returnNone') }] : []), ...returnOptions]}
          />
        </Labelled>
      )}
    </Form>
  );
}

/** A labelled control: the label names the control for screen readers through the control's own aria-label. */
function Labelled({ label, help, children }: { label: string; help?: string; children: ReactNode }) {
  return (
    <Form.Item label={label} extra={help}>
      {children}
    </Form.Item>
  );
}

function FormChoice({
  step,
  document,
  template,
  set,
  disabled,
}: {
  step: ProcessStep;
  document: ProcessDocument;
  template: TemplateOutline | undefined;
  set: (changes: Partial<ProcessStep>) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const templates = usePublishedTemplates();
  const names = Object.keys(document.forms);
  const label = (form: string) => {
    const key = templateKey(document.forms[form]);
    const title = say(templates.data?.find((tpl) => tpl.key === key)?.title);
    return title ? `${form}（${title}）` : form;
  };
  return (
    <Labelled
      label={t('processes.panel.form')}
      help={
        names.length === 0
          ? t('processes.panel.formNone')
          : template
            ? t('processes.panel.sectionsFrom', {
                template: say(template.title) || template.key,
                version: template.version ? t('processes.panel.sectionsVersion', { version: template.version }) : t('processes.panel.sectionsDraft'),
              })
            : undefined
      }
    >
      <Select
        aria-label={t('processes.panel.form')}
        value={step.form}
        disabled={disabled}
        style={{ minWidth: 200 }}
        onChange={(form: string) => set({ form })}
        options={names.map((form) => ({ value: form, label: label(form) }))}
      />
    </Labelled>
  );
}

function PartiesControl({ parties, template, onChange, disabled }: { parties: Party[]; template: TemplateOutline | undefined; onChange: (parties: Party[]) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const put = (i: number, party: Party) => onChange(parties.map((p, j) => (j === i ? party : p)));
  return (
    <fieldset className="panel-parties">
      <legend>{t('processes.panel.parties')}</legend>
      {parties.map((party, i) => {
        const name = t('processes.panel.party', { n: i + 1 });
        return (
          <div key={i} className="panel-party">
            <Space wrap>
              <Typography.Text strong>{name}</Typography.Text>
              <AssigneeSelect label={name} value={party.assignee} onChange={(assignee) => put(i, { ...party, assignee })} disabled={disabled} />
              {parties.length > 2 && !disabled && (
                <Button icon={<DeleteOutlined />} aria-label={`${t('processes.panel.removeOne')} ${name}`} onClick={() => onChange(parties.filter((_, j) => j !== i))} />
              )}
            </Space>
            <Labelled label={`${name} · ${t('processes.panel.write')}`}>
              <SectionsSelect label={`${name} · ${t('processes.panel.write')}`} template={template} value={party.write} onChange={(write) => put(i, { ...party, write })} disabled={disabled} />
            </Labelled>
            <Labelled label={`${name} · ${t('processes.panel.read')}`}>
              <SectionsSelect label={`${name} · ${t('processes.panel.read')}`} template={template} value={party.read} onChange={(read) => put(i, { ...party, read })} allowAll disabled={disabled} />
            </Labelled>
          </div>
        );
      })}
      {!disabled && (
        <Button icon={<PlusOutlined />} onClick={() => onChange([...parties, { assignee: 'hrbp', read: '*', write: [] }])}>
          {t('processes.panel.addParty')}
        </Button>
      )}
    </fieldset>
  );
}

function StartProcessChoice({ value, onChange, disabled }: { value: string | undefined; onChange: (key: string) => void; disabled: boolean }) {
  const { t } = useTranslation();
  const processes = usePublishedProcesses();
  return (
    <Labelled label={t('processes.panel.process')}>
      <Select
        aria-label={t('processes.panel.process')}
        value={value || undefined}
        disabled={disabled}
        loading={processes.isLoading}
        style={{ minWidth: 220 }}
        onChange={onChange}
        options={(processes.data ?? []).map((p) => ({ value: p.key, label: say(p.title) || p.key }))}
      />
    </Labelled>
  );
}

// ————— a decision's branch —————

function BranchPanel({ decision, index, document, findings, readOnly, onChange }: PanelProps & { decision: string; index: number | 'otherwise' }) {
  const { t } = useTranslation();
  const step = document.steps[decision];
  if (!step) return null;
  if (index === 'otherwise')
    return (
      <>
        <Findings findings={findingsUnder(findings, 'steps', decision, 'otherwise')} />
        <Typography.Paragraph>{t('processes.otherwiseRule')}</Typography.Paragraph>
      </>
    );
  const branch = ((step.branches ?? []) as Branch[])[index];
  if (!branch) return null;
  const mine = findingsUnder(findings, 'steps', decision, 'branches', String(index));
  return (
    <Form layout="vertical">
      <Findings findings={mine} />
      <ConditionEditor
        document={document}
        value={branch.when}
        findings={mine}
        readOnly={readOnly}
        onChange={(when) => onChange(setCondition(document, decision, index, when))}
      />
    </Form>
  );
}
