import { useState } from 'react';
import { Button, Empty, Select, Space, Tabs, Tag, Typography } from 'antd';
import { DownloadOutlined, PlusCircleOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say, type Schemas } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { ReportFrame } from '../reports/ReportFrame';
import { downloadReport } from '../reports/reportFiles';
import { dueState, formatDate } from '../tasks/due';
import { useStartable } from '../start/queries';
import { useMe } from '../signin/me';
import { byUrgency, cyclesOf, teamFigures } from './team';
import { TeamKpiWarnings } from '../kpi/TeamKpiWarnings';

type Item = Schemas['InstanceItemResponse'];

/** 我的团队: the people I oversee by cycle, each with the step they are at and its due date; and the follow-up of their plans. */
export function TeamPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'follow-up' ? 'follow-up' : 'progress';
  const meId = useMe().data?.id;
  // A feedback log (or anything else) a manager may start for someone of their team: offered beside the title.
  const forTeam = (useStartable().data?.items ?? []).some((p) => p.for.some((c) => c.id !== meId));
  return (
    <div className="page team-page">
      <div className="team-heading">
        <Typography.Title level={1}>{t('team.title')}</Typography.Title>
        {forTeam && (
          <Link to="/start">
            <Button icon={<PlusCircleOutlined />}>{t('team.start')}</Button>
          </Link>
        )}
      </div>
      <TeamKpiWarnings />
      <Tabs
        activeKey={view}
        onChange={(key) => setParams(key === 'follow-up' ? { view: key } : {}, { replace: true })}
        items={[
          { key: 'progress', label: t('team.progress'), children: <TeamProgress /> },
          { key: 'follow-up', label: t('team.followUp'), children: <FollowUp /> },
        ]}
      />
    </div>
  );
}

function TeamProgress() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const all = useQuery({
    queryKey: ['team', 'all'],
    queryFn: () => data(api.GET('/api/instances', { params: { query: { team: true, pageSize: 100 } } })),
  });
  const cycles = all.data ? cyclesOf(all.data.items) : [];
  const cycle = params.get('cycle') ?? cycles[0]?.id;
  const inCycle = useQuery({
    queryKey: ['team', 'cycle', cycle],
    queryFn: () => data(api.GET('/api/instances', { params: { query: { team: true, cycle, pageSize: 100 } } })),
    enabled: cycle !== undefined,
  });
  if (all.isPending) return <Loading />;
  if (all.isError) return <ProblemAlert error={all.error} onRetry={() => void all.refetch()} />;
  if (cycles.length === 0) return <Empty description={t('team.noCycles')} />;
  const items = inCycle.data ? byUrgency(inCycle.data.items, i18n.language) : [];
  const figures = teamFigures(items);
  return (
    <>
      <div className="team-cycle">
        <label htmlFor="team-cycle" className="team-cycle-label">
          {t('team.cycle')}
        </label>
        <Select
          id="team-cycle"
          size="large"
          className="team-cycle-select"
          value={cycle}
          options={cycles.map((c) => ({ value: c.id, label: c.name }))}
          onChange={(value) => setParams({ cycle: value }, { replace: true })}
        />
      </div>
      {inCycle.isPending ? (
        <Loading />
      ) : inCycle.isError ? (
        <ProblemAlert error={inCycle.error} onRetry={() => void inCycle.refetch()} />
      ) : (
        <>
          <dl className="team-figures">
            <div>
              <dt>{t('team.people')}</dt>
              <dd>{figures.people}</dd>
            </div>
            <div>
              <dt>{t('team.running')}</dt>
              <dd>{figures.running}</dd>
            </div>
            <div className={figures.overdue > 0 ? 'overdue' : undefined}>
              <dt>{t('team.overdue')}</dt>
              <dd>{figures.overdue}</dd>
            </div>
          </dl>
          {items.length === 0 ? (
            <Empty description={t('team.emptyCycle')} />
          ) : (
            <ul className="team-list" aria-label={t('team.members')}>
              {items.map((item) => (
                <TeamRow key={item.id} item={item} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}

function TeamRow({ item }: { item: Item }) {
  const { t, i18n } = useTranslation();
  const overdue = item.openTasks.some((o) => o.overdue);
  return (
    <li className={overdue ? 'team-row overdue' : 'team-row'}>
      <div className="team-row-head">
        <span className="team-row-name">{say(item.subject.name)}</span>
        <span className="team-row-process">{say(item.process.title)}</span>
      </div>
      {item.openTasks.length === 0 ? (
        <div className="team-row-step">
          <Tag color={item.status === 'completed' ? 'green' : 'default'}>{t(`team.status.${item.status}`, { defaultValue: item.status })}</Tag>
        </div>
      ) : (
        item.openTasks.map((open, index) => {
          const state = dueState(open.dueAt, new Date());
          return (
            <div key={index} className="team-row-step">
              <span className="team-row-step-title">{say(open.step.title)}</span>
              {open.assignee && open.assignee.id !== item.subject.id && <span className="team-row-meta">{t('team.heldBy', { name: say(open.assignee.name) })}</span>}
              <span className="team-row-meta">{open.dueAt ? t('inbox.due', { date: formatDate(open.dueAt, i18n.language) }) : t('inbox.noDue')}</span>
              {state.kind === 'overdue' && <Tag color="red">{t('inbox.overdue', { count: state.days })}</Tag>}
              {state.kind === 'overdue-today' && <Tag color="red">{t('inbox.overdueToday')}</Tag>}
              {open.overdue && state.kind !== 'overdue' && state.kind !== 'overdue-today' && <Tag color="red">{t('team.overdueMark')}</Tag>}
              {state.kind === 'today' && <Tag color="orange">{t('inbox.dueToday')}</Tag>}
            </div>
          );
        })
      )}
      <div className="team-row-links">
        <Link to={`/instances/${encodeURIComponent(item.id)}`} aria-label={t('team.openInstanceOf', { name: say(item.subject.name) })}>
          {t('team.openInstance')}
        </Link>
        <Link to={`/team/people/${encodeURIComponent(item.subject.id)}/pre-interview`} aria-label={t('team.preInterviewOf', { name: say(item.subject.name) })}>
          {t('team.preInterview')}
        </Link>
      </div>
    </li>
  );
}

function FollowUp() {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<Error | null>(null);
  const download = async (format: 'csv' | 'xlsx') => {
    setFailed(null);
    try {
      await downloadReport({ report: 'follow-up' }, format, 'actions');
    } catch (error) {
      setFailed(error as Error);
    }
  };
  return (
    <div className="report-page">
      <Typography.Paragraph type="secondary">{t('team.followUpHint')}</Typography.Paragraph>
      <Space wrap className="report-downloads">
        <Button icon={<DownloadOutlined />} size="large" onClick={() => void download('csv')}>
          {t('team.csv')}
        </Button>
        <Button icon={<DownloadOutlined />} size="large" onClick={() => void download('xlsx')}>
          {t('team.xlsx')}
        </Button>
      </Space>
      {failed && <ProblemAlert error={failed} />}
      <ReportFrame address={{ report: 'follow-up' }} title={t('team.followUp')} />
    </div>
  );
}
