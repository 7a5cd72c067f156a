import { Alert, Button, Card, Checkbox, DatePicker, Form, Input, Radio, Select, Steps, Typography } from 'antd';
import { ArrowLeftOutlined, TeamOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';
import { ProblemError } from '../api/problems';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { NotForYou } from '../admin/NotForYou';
import { formatDate } from '../tasks/due';
import { launchesForEveryone, mayLaunchCycles } from './launching';
import { dateFormat, departmentTree, launchableProcesses, levelsOf, newCycleId } from './population';
import { errorsAt, useDepartments, usePeople, usePublishedProcesses, type LaunchPreview, type LaunchRequest } from './queries';
import './cycles.css';

type Scope = 'department' | 'people';

const roleChoices = ['employee', 'manager', 'hrbp', 'admin'] as const;

/**
 * 发起考核周期: a wizard of four steps (流程 · 人员范围 · 时间 · 确认). From the population on, a live count of the
 * people it will open tasks for, and the findings of the launch's dry run (people with no manager, …), stays in view.
 */
export function LaunchPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const me = useMe();
  const processes = usePublishedProcesses();
  const people = usePeople();
  const departments = useDepartments();
  const [step, setStep] = useState(0);
  const [processKey, setProcessKey] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [cycleId, setCycleId] = useState('');
  const [scope, setScope] = useState<Scope>('department');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const [chosenRoles, setChosenRoles] = useState<string[]>([]);
  const [levels, setLevels] = useState<string[]>([]);
  const [personIds, setPersonIds] = useState<string[]>([]);
  const [startsAt, setStartsAt] = useState<Dayjs>(dayjs().startOf('day'));
  const [endsAt, setEndsAt] = useState<Dayjs>(dayjs().add(30, 'day').endOf('day'));

  const choices = useMemo(
    () => ({
      processes: launchableProcesses(processes.data ?? [], departments.data ?? []),
      departments: departmentTree(departments.data ?? []),
      levels: levelsOf(people.data ?? []),
    }),
    [processes.data, departments.data, people.data],
  );
  const process = processes.data?.find((p) => p.key === processKey);

  // The name and id follow the process until the person types a name of their own.
  const [nameTouched, setNameTouched] = useState(false);
  useEffect(() => {
    if (!processKey) return;
    setCycleId(newCycleId(processKey, new Date()));
    if (!nameTouched && process) setName(`${say(process.title) || processKey} ${dayjs().year()}`);
  }, [processKey, process, nameTouched, i18n.language]);

  const population: LaunchRequest['population'] | null =
    scope === 'department'
      ? departmentId
        ? { departmentId, roles: chosenRoles, levels }
        : null
      : personIds.length > 0
        ? { personIds }
        : null;
  const request: LaunchRequest | null =
    processKey && population
      ? { cycleId, name: name.trim() || cycleId, processKey, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), population }
      : null;

  const preview = useQuery({
    queryKey: ['launch-preview', request, i18n.language],
    queryFn: () => data(api.POST('/api/cycles/preview', { body: request! })),
    enabled: request !== null && endsAt.isAfter(startsAt),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });

  const launch = useMutation({
    mutationFn: () => data(api.POST('/api/cycles', { body: request! })),
    onSuccess: (launched) => {
      void queries.invalidateQueries({ queryKey: ['cycles'] });
      navigate(`/cycles/${encodeURIComponent(launched.cycle.id)}`, {
        state: { done: t('hrbp.launched', { count: launched.started }) },
      });
    },
  });

  if (me.data && !mayLaunchCycles(me.data)) return <NotForYou />;
  if (processes.isPending || people.isPending || departments.isPending) return <Loading />;
  if (processes.isError) return <ProblemAlert error={processes.error} onRetry={() => void processes.refetch()} />;
  if (people.isError) return <ProblemAlert error={people.error} onRetry={() => void people.refetch()} />;
  if (departments.isError) return <ProblemAlert error={departments.error} onRetry={() => void departments.refetch()} />;

  const stepsDone = [Boolean(processKey && name.trim()), population !== null, endsAt.isAfter(startsAt), true];
  const problem = launch.error ?? (preview.error instanceof ProblemError && preview.error.problem.status !== 400 ? preview.error : null);
  const fieldError = (pointer: string) => errorsAt(launch.error ?? preview.error, pointer);

  const stepItems = [t('hrbp.stepProcess'), t('hrbp.stepPopulation'), t('hrbp.stepWindow'), t('hrbp.stepConfirm')];

  return (
    <div className="page launch-page">
      <Link to="/cycles" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('hrbp.backToCycles')}
      </Link>
      <Typography.Title level={1}>{t('hrbp.launchTitle')}</Typography.Title>
      {/* Titles under their numbers: beside them a phone has room for a few letters of each ("Proce/ss"). */}
      <Steps current={step} size="small" responsive={false} titlePlacement="vertical" className="launch-steps" items={stepItems.map((title) => ({ title }))} aria-label={t('hrbp.steps')} />
      <Typography.Title level={2} className="step-title">
        {t('hrbp.stepOf', { step: step + 1, total: stepItems.length })} · {stepItems[step]}
      </Typography.Title>

      {step >= 1 && <LiveCount preview={preview.data} fetching={preview.isFetching} ready={request !== null} />}

      <Card size="small" className="launch-card">
        <Form layout="vertical" requiredMark={false}>
          {step === 0 && (
            <>
              <Form.Item label={t('hrbp.process')} htmlFor="launch-process" validateStatus={fieldError('/processKey') ? 'error' : undefined} help={fieldError('/processKey')}>
                <Select
                  id="launch-process"
                  value={processKey}
                  onChange={setProcessKey}
                  placeholder={t('hrbp.processPlaceholder')}
                  options={choices.processes.map((p) => ({ value: p.key, label: p.title ? say(p.title) : p.key }))}
                />
              </Form.Item>
              <Form.Item label={t('hrbp.name')} htmlFor="launch-name" validateStatus={fieldError('/name') ? 'error' : undefined} help={fieldError('/name')}>
                <Input
                  id="launch-name"
                  value={name}
                  maxLength={320}
                  onChange={(e) => {
                    setNameTouched(true);
                    setName(e.target.value);
                  }}
                />
              </Form.Item>
            </>
          )}
          {step === 1 && (
            <>
              <Form.Item label={t('hrbp.scope')}>
                <Radio.Group value={scope} onChange={(e) => setScope(e.target.value as Scope)} optionType="button" buttonStyle="solid" className="scope-choice">
                  <Radio.Button value="department">{t('hrbp.scopeDepartment')}</Radio.Button>
                  <Radio.Button value="people">{t('hrbp.scopePeople')}</Radio.Button>
                </Radio.Group>
              </Form.Item>
              {scope === 'department' ? (
                <>
                  <Form.Item
                    label={t('hrbp.department')}
                    htmlFor="launch-department"
                    extra={launchesForEveryone(me.data) ? t('hrbp.departmentHint') : t('hrbp.departmentHintYours')}
                    validateStatus={fieldError('/population') ? 'error' : undefined}
                    help={fieldError('/population')}
                  >
                    <Select
                      id="launch-department"
                      showSearch
                      optionFilterProp="label"
                      value={departmentId}
                      onChange={setDepartmentId}
                      placeholder={t('hrbp.departmentPlaceholder')}
                      options={choices.departments.map((d) => ({ value: d.id, label: say(d.name), depth: d.depth, count: d.peopleWithin }))}
                      optionRender={(option) => (
                        <span className="department-option" style={{ paddingInlineStart: `${Number(option.data.depth) * 16}px` }}>
                          <span>{option.data.label}</span>
                          <span className="department-count">{t('hrbp.departmentPeople', { count: Number(option.data.count) })}</span>
                        </span>
                      )}
                    />
                  </Form.Item>
                  <Form.Item label={t('hrbp.roles')} extra={t('hrbp.rolesHint')}>
                    <Checkbox.Group value={chosenRoles} onChange={(v) => setChosenRoles(v as string[])} options={roleChoices.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
                  </Form.Item>
                  <Form.Item label={t('hrbp.levels')} htmlFor="launch-levels" extra={t('hrbp.levelsHint')}>
                    <Select id="launch-levels" mode="multiple" value={levels} onChange={setLevels} placeholder={t('hrbp.levelsPlaceholder')} options={choices.levels.map((l) => ({ value: l, label: l }))} />
                  </Form.Item>
                </>
              ) : (
                <Form.Item label={t('hrbp.peopleField')} htmlFor="launch-people" validateStatus={fieldError('/population') ? 'error' : undefined} help={fieldError('/population')}>
                  <Select
                    id="launch-people"
                    mode="multiple"
                    showSearch
                    optionFilterProp="label"
                    value={personIds}
                    onChange={setPersonIds}
                    placeholder={t('hrbp.peoplePlaceholder')}
                    options={(people.data ?? []).map((p) => ({ value: p.id, label: `${say(p.name)}${p.department ? ' · ' + say(p.department.name) : ''}` }))}
                  />
                </Form.Item>
              )}
            </>
          )}
          {step === 2 && (
            <>
              <Form.Item label={t('hrbp.startsAt')} htmlFor="launch-start" validateStatus={fieldError('/startsAt') ? 'error' : undefined} help={fieldError('/startsAt')}>
                <DatePicker id="launch-start" format={dateFormat(i18n.language)} value={startsAt} onChange={(d) => d && setStartsAt(d.startOf('day'))} allowClear={false} inputReadOnly className="full-width" />
              </Form.Item>
              <Form.Item
                label={t('hrbp.endsAt')}
                htmlFor="launch-end"
                validateStatus={!endsAt.isAfter(startsAt) || fieldError('/endsAt') ? 'error' : undefined}
                help={!endsAt.isAfter(startsAt) ? t('hrbp.endAfterStart') : fieldError('/endsAt')}
              >
                <DatePicker id="launch-end" format={dateFormat(i18n.language)} value={endsAt} onChange={(d) => d && setEndsAt(d.endOf('day'))} allowClear={false} inputReadOnly className="full-width" />
              </Form.Item>
            </>
          )}
          {step === 3 && request && (
            <dl className="launch-summary">
              <dt>{t('hrbp.process')}</dt>
              <dd>{process?.title ? say(process.title) : processKey}</dd>
              <dt>{t('hrbp.name')}</dt>
              <dd>{request.name}</dd>
              <dt>{t('hrbp.scope')}</dt>
              <dd>
                {scope === 'department'
                  ? [
                      say(choices.departments.find((d) => d.id === departmentId)?.name) || departmentId,
                      chosenRoles.map((r) => t(`role.${r}`)).join('、'),
                      levels.join('、'),
                    ]
                      .filter(Boolean)
                      .join(' · ')
                  : t('hrbp.peopleChosen', { count: personIds.length })}
              </dd>
              <dt>{t('hrbp.window')}</dt>
              <dd>
                {formatDate(request.startsAt, i18n.language)} – {formatDate(request.endsAt, i18n.language)}
              </dd>
            </dl>
          )}
        </Form>
        {problem && <ProblemAlert error={problem} />}
      </Card>

      <div className="wizard-actions">
        {step > 0 && (
          <Button size="large" onClick={() => setStep(step - 1)}>
            {t('hrbp.previous')}
          </Button>
        )}
        {step < 3 ? (
          <Button size="large" type="primary" disabled={!stepsDone[step]} onClick={() => setStep(step + 1)}>
            {t('hrbp.next')}
          </Button>
        ) : (
          <Button
            size="large"
            type="primary"
            icon={<TeamOutlined aria-hidden />}
            disabled={!request || !preview.data || preview.data.toStart === 0}
            loading={launch.isPending}
            onClick={() => launch.mutate()}
          >
            {t('hrbp.launchFor', { count: preview.data?.toStart ?? 0 })}
          </Button>
        )}
      </div>
    </div>
  );
}

/** How many people the launch will open tasks for, and what it found, from the dry run; kept up to date as the choices change. */
function LiveCount({ preview, fetching, ready }: { preview?: LaunchPreview; fetching: boolean; ready: boolean }) {
  const { t } = useTranslation();
  if (!ready) {
    return (
      <div className="live-count muted" aria-live="polite">
        {t('hrbp.countWaiting')}
      </div>
    );
  }
  return (
    <div className="live-count-block" aria-live="polite" aria-busy={fetching}>
      <div className="live-count">
        {preview ? (
          <>
            <span className="live-count-number">{preview.toStart}</span>
            <span>{t('hrbp.willOpen', { count: preview.toStart })}</span>
            {preview.alreadyInCycle > 0 && <span className="muted">{t('hrbp.alreadyIn', { count: preview.alreadyInCycle })}</span>}
          </>
        ) : (
          <span>{t('hrbp.counting')}</span>
        )}
      </div>
      {preview && preview.findings.length + preview.notStarted.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('hrbp.findings', { count: preview.findings.length + preview.notStarted.length })}
          description={
            <ul className="findings">
              {preview.findings.map((f) => (
                <li key={`${f.step}-${f.assignee}`}>{f.message}</li>
              ))}
              {preview.notStarted.map((n) => (
                <li key={n.personId}>{n.reason}</li>
              ))}
            </ul>
          }
        />
      )}
    </div>
  );
}
