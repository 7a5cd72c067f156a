import { Alert, Button, Checkbox, Collapse, DatePicker, Empty, Form, Select, Spin, Tag, Typography } from 'antd';
import {
  AlertOutlined,
  BellOutlined,
  BranchesOutlined,
  CheckCircleOutlined,
  FileTextOutlined,
  FlagOutlined,
  HourglassOutlined,
  MailOutlined,
  PlayCircleOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, say, type Schemas } from '../api/client';
import { ProblemError } from '../api/problems';
import { findingsOf, type Finding } from '../authoring/definitions';
import { FindingsList } from '../authoring/Findings';
import { dateFormat, departmentTree, levelsOf } from '../cycles/population';
import { errorsAt, useDepartments, usePeople } from '../cycles/queries';
import { ProblemAlert } from '../layout/ProblemAlert';
import { Loading } from '../layout/Loading';
import { formatDateTime } from '../team/steps';
import {
  atStep,
  localTimes,
  names,
  outcomeCounts,
  outcomes,
  problemsOf,
  stuckFirst,
  type DryRunAnswer,
  type DryRunEvent,
  type DryRunPerson,
} from './timeline';
import './dryrun.css';

type Request = Schemas['DryRunProcessRequest'];

export interface DryRunPanelProps {
  /** A draft process document (never published): its dry run pins its forms as publishing would. */
  definition?: Record<string, unknown>;
  /** A published process, at `version` or its newest. */
  processKey?: string;
  version?: number;
  /** A step chosen on the chart: its events are highlighted in the schedules. */
  highlight?: string | null;
}

const roleChoices = ['employee', 'manager', 'hrbp', 'admin'] as const;
const horizons = ['P1M', 'P3M', 'P6M', 'P1Y', 'P2Y'] as const;

const eventIcons: Record<string, ReactNode> = {
  'task-opened': <FileTextOutlined />,
  reminder: <BellOutlined />,
  escalation: <AlertOutlined />,
  'task-completed': <CheckCircleOutlined />,
  decision: <BranchesOutlined />,
  message: <MailOutlined />,
  'process-started': <PlayCircleOutlined />,
  completed: <FlagOutlined />,
  horizon: <HourglassOutlined />,
};


/** The findings of a 422 (`definition.has-errors`: where the draft is wrong); null for any other failure. */
function refusedFindings(error: unknown): Finding[] | null {
  return error instanceof ProblemError && error.problem.status === 422 ? findingsOf(error) : null;
}

/**
 * 试运行: runs a published process (or a draft) for the people of a department on simulated time and shows what would
 * happen — the outcome counts, the problems with the people they concern, then each person's schedule — in the
 * person's time zone and language. Nothing is written. The pages that show it load the `dryrun` texts.
 */
export function DryRunPanel({ definition, processKey, version, highlight }: DryRunPanelProps) {
  const { t, i18n } = useTranslation();
  const departments = useDepartments();
  const people = usePeople();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [roles, setRoles] = useState<string[]>([]);
  const [levels, setLevels] = useState<string[]>([]);
  const [startsAt, setStartsAt] = useState<Dayjs>(dayjs().startOf('day'));
  const [endsAt, setEndsAt] = useState<Dayjs | null>(null);
  const [horizon, setHorizon] = useState<(typeof horizons)[number]>('P1Y');

  const choices = useMemo(
    () => ({ departments: departmentTree(departments.data ?? []), levels: levelsOf(people.data ?? []) }),
    [departments.data, people.data],
  );

  const run = useMutation({
    mutationFn: (body: Request) => data(api.POST('/api/processes/dry-run', { body })),
  });

  if (departments.isPending) return <Loading />;
  if (departments.isError) return <ProblemAlert error={departments.error} onRetry={() => void departments.refetch()} />;

  const start = () => {
    if (!departmentId) return;
    run.mutate({
      ...(definition ? { definition: definition as Request['definition'] } : { processKey, ...(version ? { version } : {}) }),
      population: { departmentId, roles, levels },
      startsAt: startsAt.toISOString(),
      ...(endsAt ? { endsAt: endsAt.toISOString() } : {}),
      horizon,
    });
  };
  const chosen = choices.departments.find((d) => d.id === departmentId);
  const fieldError = (pointer: string) => errorsAt(run.error, pointer);
  const findings = refusedFindings(run.error);

  return (
    <div className="dryrun-panel">
      <Typography.Paragraph type="secondary">{t('dryrun.intro')}</Typography.Paragraph>
      <Form layout="vertical" requiredMark={false} className="dryrun-form" onFinish={start}>
        <Form.Item
          label={t('dryrun.department')}
          htmlFor="dryrun-department"
          extra={choices.departments.length === 0 ? t('dryrun.noDepartments') : t('dryrun.departmentHint')}
          validateStatus={fieldError('/population') ? 'error' : undefined}
          help={fieldError('/population')}
        >
          <Select
            id="dryrun-department"
            showSearch
            optionFilterProp="label"
            value={departmentId}
            onChange={setDepartmentId}
            placeholder={t('dryrun.departmentPlaceholder')}
            options={choices.departments.map((d) => ({ value: d.id, label: say(d.name), depth: d.depth, count: d.peopleWithin }))}
            optionRender={(option) => (
              <span className="dryrun-department-option" style={{ paddingInlineStart: `${Number(option.data.depth) * 16}px` }}>
                <span>{option.data.label}</span>
                <span className="dryrun-muted">{t('dryrun.departmentPeople', { count: Number(option.data.count) })}</span>
              </span>
            )}
          />
        </Form.Item>
        <div className="dryrun-form-row">
          <Form.Item label={t('dryrun.roles')}>
            <Checkbox.Group value={roles} onChange={(v) => setRoles(v as string[])} options={roleChoices.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <Form.Item label={t('dryrun.levels')} htmlFor="dryrun-levels">
            <Select id="dryrun-levels" mode="multiple" value={levels} onChange={setLevels} placeholder={t('dryrun.levelsPlaceholder')} options={choices.levels.map((l) => ({ value: l, label: l }))} />
          </Form.Item>
        </div>
        <div className="dryrun-form-row">
          <Form.Item label={t('dryrun.startsAt')} htmlFor="dryrun-start" validateStatus={fieldError('/startsAt') ? 'error' : undefined} help={fieldError('/startsAt')}>
            <DatePicker id="dryrun-start" format={dateFormat(i18n.language)} value={startsAt} onChange={(d) => d && setStartsAt(d.startOf('day'))} allowClear={false} inputReadOnly className="full-width" />
          </Form.Item>
          <Form.Item
            label={t('dryrun.endsAt')}
            htmlFor="dryrun-end"
            extra={t('dryrun.endsAtHint')}
            validateStatus={fieldError('/endsAt') ? 'error' : undefined}
            help={fieldError('/endsAt')}
          >
            <DatePicker id="dryrun-end" format={dateFormat(i18n.language)} value={endsAt} onChange={(d) => setEndsAt(d ? d.endOf('day') : null)} inputReadOnly className="full-width" />
          </Form.Item>
          <Form.Item label={t('dryrun.horizon')} htmlFor="dryrun-horizon" validateStatus={fieldError('/horizon') ? 'error' : undefined} help={fieldError('/horizon')}>
            <Select id="dryrun-horizon" value={horizon} onChange={setHorizon} options={horizons.map((h) => ({ value: h, label: t(`dryrun.horizon.${h}`) }))} />
          </Form.Item>
        </div>
        <Button type="primary" htmlType="submit" icon={<PlayCircleOutlined />} disabled={!departmentId} loading={run.isPending}>
          {t('dryrun.run')}
        </Button>
      </Form>

      <div role="status" aria-live="polite" className="dryrun-status">
        {run.isPending && (
          <div className="dryrun-running">
            <Spin />
            <span>{chosen ? t('dryrun.runningCount', { count: chosen.peopleWithin }) : t('dryrun.running')}</span>
          </div>
        )}
      </div>

      {run.isError &&
        (findings ? (
          <Alert type="error" showIcon role="alert" title={t('dryrun.hasErrors')} description={<FindingsList findings={findings} />} />
        ) : (
          <ProblemAlert error={run.error} onRetry={start} />
        ))}

      {run.data && !run.isPending && <DryRunResult answer={run.data} highlight={highlight ?? undefined} />}
    </div>
  );
}

function DryRunResult({ answer, highlight }: { answer: DryRunAnswer; highlight?: string }) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) => formatDateTime(iso, i18n.language);
  const counts = outcomeCounts(answer.people);
  const problems = problemsOf(answer.people);
  const listed = stuckFirst(answer.people);
  const separator = t('dryrun.list');
  const [open, setOpen] = useState<string[]>(() =>
    listed.filter((p, i) => i === 0 || p.outcome === 'stuck' || answer.people.length <= 3).map((p) => p.person.id),
  );

  return (
    <section className="dryrun-result" aria-labelledby="dryrun-result-title">
      <Typography.Title level={3} id="dryrun-result-title">
        {t('dryrun.summary')}
      </Typography.Title>
      <p className="dryrun-muted">{t('dryrun.window', { start: when(answer.startsAt), until: when(answer.until) })}</p>
      <ul className="dryrun-counts">
        {outcomes.map((outcome) => (
          <li key={outcome} className={`dryrun-count outcome-${outcome}`}>
            <span className="dryrun-count-number">{counts[outcome]}</span>
            <span className="dryrun-count-label">{t(`dryrun.outcome.${outcome}`)}</span>
          </li>
        ))}
      </ul>

      {answer.unknown.length > 0 && (
        <Alert type="warning" showIcon title={t('dryrun.unknown')} description={answer.unknown.map((u) => u.reason).join(separator)} />
      )}

      {problems.length > 0 && (
        <section className="dryrun-problems" aria-labelledby="dryrun-problems-title">
          <Typography.Title level={4} id="dryrun-problems-title">
            <WarningOutlined aria-hidden /> {t('dryrun.stuckTitle')}
          </Typography.Title>
          {problems.map((problem) => (
            <div key={`${problem.code}-${problem.step?.id}-${problem.wanted}`} className={`dryrun-problem code-${problem.code}`}>
              <div className="dryrun-problem-head">
                <Tag className={`dryrun-tag ${problem.code === 'no-assignee' ? 'outcome-warning' : 'outcome-stuck'}`}>{t(`dryrun.stuck.${problem.code}`, { defaultValue: problem.code })}</Tag>
                {problem.step && <strong>{say(problem.step.title)}</strong>}
                <span className="dryrun-muted">{t('dryrun.stuckPeople', { count: problem.people.length })}</span>
              </div>
              <p className="dryrun-problem-names">{names(problem.people, say, separator)}</p>
              <ul className="dryrun-problem-messages">
                {problem.messages.slice(0, 5).map((message, i) => (
                  <li key={i}>{localTimes(message, when)}</li>
                ))}
                {problem.messages.length > 5 && <li>…</li>}
              </ul>
            </div>
          ))}
        </section>
      )}

      <Typography.Title level={4}>{t('dryrun.peopleTitle')}</Typography.Title>
      {listed.length === 0 ? (
        <Empty description={t('dryrun.noPeople')} />
      ) : (
        <Collapse
          className="dryrun-people"
          activeKey={open}
          onChange={(keys) => setOpen(typeof keys === 'string' ? [keys] : keys)}
          items={listed.map((person) => ({
            key: person.person.id,
            label: (
              <span className="dryrun-person-head">
                <strong>{say(person.person.name)}</strong>
                <Tag className={`dryrun-tag outcome-${person.outcome}`}>{t(`dryrun.outcome.${person.outcome}`, { defaultValue: person.outcome })}</Tag>
                {person.stuck.length > 0 && <Tag className="dryrun-tag outcome-warning">{t('dryrun.personStuck', { count: person.stuck.length })}</Tag>}
                <span className="dryrun-muted">{t('dryrun.personEvents', { count: person.events.length })}</span>
              </span>
            ),
            children: <PersonSchedule person={person} processKey={answer.process.id} highlight={highlight} when={when} />,
          }))}
        />
      )}

      <details className="dryrun-assumptions">
        <summary>{t('dryrun.assumptions')}</summary>
        <ul>
          {answer.assumptions.map((a, i) => (
            <li key={i}>{a}</li>
          ))}
        </ul>
      </details>
    </section>
  );
}

function PersonSchedule({ person, processKey, highlight, when }: { person: DryRunPerson; processKey: string; highlight?: string; when: (iso: string) => string }) {
  const { t } = useTranslation();
  return (
    <>
      {person.stuck.map((stuck, i) => (
        <Alert key={i} className="dryrun-person-stuck" type={stuck.code === 'no-assignee' ? 'warning' : 'error'} showIcon title={localTimes(stuck.message, when)} />
      ))}
      <ol className="dryrun-timeline" aria-label={say(person.person.name)}>
        {person.events.map((event, i) => (
          <li key={i} className={`dryrun-event kind-${event.kind}${atStep(event, processKey, highlight) ? ' is-highlighted' : ''}`}>
            <time dateTime={event.at}>{when(event.at)}</time>
            <span className="dryrun-event-kind">
              <span aria-hidden>{eventIcons[event.kind]}</span> {t(`dryrun.kind.${event.kind}`, { defaultValue: event.kind })}
            </span>
            <span className="dryrun-event-text">{sentence(event, t, when)}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

/** What an event says, in the page's language with its times in the person's time zone. */
function sentence(event: DryRunEvent, t: (key: string, options?: Record<string, unknown>) => string, when: (iso: string) => string): string {
  const to = event.to ? say(event.to.name) : '';
  const step = event.step ? say(event.step.title) : '';
  const copies = names(event.copies, say, t('dryrun.list'));
  switch (event.kind) {
    case 'task-opened':
      return event.dueAt ? t('dryrun.event.task-opened', { to, step, due: when(event.dueAt) }) : t('dryrun.event.task-opened-nodue', { to, step });
    case 'reminder':
      return event.dueAt ? t('dryrun.event.reminder', { to, step, due: when(event.dueAt) }) : t('dryrun.event.reminder-nodue', { to, step });
    case 'escalation':
      return t(`dryrun.event.${event.action ?? 'notify-assignee'}`, { to, step, copies });
    default:
      return localTimes(event.text, when);
  }
}
