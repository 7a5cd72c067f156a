import { Alert, Button, Card, DatePicker, Empty, Grid, List, Modal, Select, Space, Statistic, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, FileTextOutlined, ReloadOutlined, SlidersOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';
import { ProblemError } from '../api/problems';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { Chart } from './Chart';
import { barChartHeight, completionOption, percent, ratingOption, type CompletionBar } from './chartOptions';
import { useProcessTitles } from './processTitles';
import { formatDate } from '../tasks/due';
import { dateFormat } from './population';
import { fetchReport, ifMatch, saveBlob, useCycle, useCycleAttention, type Cycle, type CycleAttention, type CycleProgress } from './queries';
import { CycleStatus, useWindowText } from './status';
import './cycles.css';

/**
 * A cycle's dashboard: three to five numbers first (完成率, 人数, 逾期, 待处理), then completion by department and by
 * manager, the overdue people to chase, the rating distribution, the reports, and the commands (extend, close,
 * cancel). Read again every 30 seconds and on 刷新.
 */
export function CyclePage() {
  const { t, i18n } = useTranslation();
  const id = useParams().id!;
  const done = (useLocation().state as { done?: string } | null)?.done;
  const cycle = useCycle(id);
  const navigate = useNavigate();
  const roles = useMe().data?.roles ?? [];
  const manages = roles.includes('hrbp') || roles.includes('admin');
  const attention = useCycleAttention(id, cycle.isSuccess);
  const titles = useProcessTitles();
  const windowText = useWindowText();
  // What the last command did (延长, 关闭, 取消周期), kept on the dashboard until the person closes it: a cancelled
  // cycle has no commands left to show it beside.
  const [outcome, setOutcome] = useState<string | null>(null);

  // A failed refresh keeps the figures last read on screen and says that they could not be updated.
  const refreshFailed = cycle.isRefetchError ? cycle.error : null;
  if (cycle.isPending) return <Loading />;
  if (cycle.isError) {
    return (
      <div className="page">
        <BackLink />
        <ProblemAlert error={cycle.error} onRetry={() => void cycle.refetch()} />
      </div>
    );
  }

  const p = cycle.data;
  const refresh = () => {
    void cycle.refetch();
    void attention.refetch();
  };
  const asOf = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-US' : 'zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
    new Date(cycle.dataUpdatedAt),
  );

  return (
    <div className="page cycle-page">
      <BackLink />
      {done && <Alert type="success" showIcon title={done} role="status" className="cycle-done" />}
      {outcome && <Alert type="success" showIcon title={outcome} role="status" className="cycle-done" closable={{ 'aria-label': t('hrbp.dismiss') }} onClose={() => setOutcome(null)} />}
      <div className="cycle-heading">
        <Typography.Title level={1}>
          {p.cycle.name} <CycleStatus status={p.cycle.status} />
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="cycle-sub">
          {titles(p.cycle.processKey)} · {windowText(p.cycle)}
        </Typography.Paragraph>
      </div>
      <div className="cycle-toolbar">
        <span className="cycle-asof" aria-live="polite">
          {cycle.isFetching ? t('hrbp.refreshing') : t('hrbp.asOf', { time: asOf })}
        </span>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={refresh} loading={cycle.isFetching}>
          {t('hrbp.refresh')}
        </Button>
        <Button icon={<SlidersOutlined aria-hidden />} onClick={() => void navigate(`/calibrations?cycle=${encodeURIComponent(p.cycle.id)}`)}>
          {t('nav.calibration')}
        </Button>
      </div>
      {refreshFailed && <ProblemAlert error={refreshFailed} onRetry={refresh} />}

      <section aria-label={t('hrbp.figures')} className="cycle-figures">
        <Card size="small">
          <Statistic title={t('hrbp.completionRate')} value={percent(p.completed, p.people)} suffix="%" />
        </Card>
        <Card size="small">
          <Statistic title={t('hrbp.people')} value={p.people} suffix={<span className="figure-note">{t('hrbp.completedOf', { count: p.completed })}</span>} />
        </Card>
        <Card size="small" className={p.overdueTasks > 0 ? 'figure-overdue' : undefined}>
          <Statistic title={t('hrbp.overdueTasks')} value={p.overdueTasks} />
        </Card>
        <Card size="small">
          <Statistic title={t('hrbp.openTasks')} value={p.openTasks} />
        </Card>
      </section>

      <CompletionCharts progress={p} />

      {/* The API answers what the person sees: the overdue people of the instances they see, the ratings they read. */}
      <Card title={<h2 className="card-title">{t('hrbp.overduePeople')}</h2>} size="small" className="cycle-card">
        {attention.isPending ? (
          <Loading />
        ) : attention.isError ? (
          <ProblemAlert error={attention.error} onRetry={() => void attention.refetch()} />
        ) : (
          <OverdueList rows={attention.data.overdue} />
        )}
      </Card>

      <Card title={<h2 className="card-title">{t('hrbp.ratings')}</h2>} size="small" className="cycle-card">
        {attention.isPending ? (
          <Loading />
        ) : attention.isError ? (
          <ProblemAlert error={attention.error} onRetry={() => void attention.refetch()} />
        ) : (
          <Ratings ratings={attention.data.ratings} />
        )}
      </Card>

      {manages && <Reports cycle={p.cycle} />}
      {manages && (
        <Commands
          cycle={p.cycle}
          onChanged={(said) => {
            setOutcome(said ?? null);
            refresh();
          }}
        />
      )}
    </div>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/cycles" className="back-link">
      <ArrowLeftOutlined aria-hidden /> {t('hrbp.backToCycles')}
    </Link>
  );
}

function CompletionCharts({ progress }: { progress: CycleProgress }) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const labelWidth = screens.md ? 180 : 96;
  const names = { completed: t('hrbp.completed'), running: t('hrbp.running'), cancelled: t('hrbp.cancelled') };
  const bars = (rows: CycleProgress['byDepartment'], none: string): CompletionBar[] =>
    rows.map((r) => ({ name: r.name ? say(r.name) : none, completed: r.completed, running: r.running, cancelled: r.cancelled }));
  // The server lists at most 20 of each, the least complete (a whole organisation's review has thousands of managers:
  // a bar each would make a chart taller than a browser draws a canvas), and says how many there are.
  const departments = bars(progress.byDepartment, t('hrbp.noDepartment'));
  const managers = bars(progress.byManager, t('hrbp.noManager'));
  const departmentOption = useMemo(() => completionOption(departments, names, labelWidth), [JSON.stringify(departments), labelWidth, names.completed]);
  const managerOption = useMemo(() => completionOption(managers, names, labelWidth), [JSON.stringify(managers), labelWidth, names.completed]);
  const chart = (title: string, shown: CompletionBar[], total: number, option: EChartsCoreOption) => (
    <Card title={<h2 className="card-title">{title}</h2>} size="small" className="cycle-card">
      {shown.length === 0 ? (
        <Empty description={t('hrbp.nobodyYet')} />
      ) : (
        <>
          {shown.length < total && (
            <Typography.Paragraph type="secondary" className="chart-note">
              {t('hrbp.leastComplete', { shown: shown.length, total: new Intl.NumberFormat(i18n.language).format(total) })}
            </Typography.Paragraph>
          )}
          <Chart option={option} height={barChartHeight(shown.length)} label={title} />
        </>
      )}
    </Card>
  );
  return (
    <div className="cycle-charts">
      {chart(t('hrbp.byDepartment'), departments, progress.departments, departmentOption)}
      {chart(t('hrbp.byManager'), managers, progress.managers, managerOption)}
    </div>
  );
}

// The first overdue people shown; the rest on request.
const overdueShown = 10;

function OverdueList({ rows }: { rows: CycleAttention['overdue'] }) {
  const { t, i18n } = useTranslation();
  const [all, setAll] = useState(false);
  if (rows.length === 0) return <Empty description={t('hrbp.noOverdue')} />;
  return (
    <List
      className="overdue-list"
      dataSource={all ? rows : rows.slice(0, overdueShown)}
      footer={
        rows.length > overdueShown && !all ? (
          <Button type="link" onClick={() => setAll(true)}>
            {t('hrbp.showAllOverdue', { count: rows.length })}
          </Button>
        ) : undefined
      }
      renderItem={(row) => (
        <List.Item>
          <div className="overdue-row">
            <span className="overdue-who">
              <Link to={`/instances/${encodeURIComponent(row.instanceId)}`}>{say(row.person.name)}</Link>{' '}
              <Tag color="red">{t('inbox.overdue', { count: row.daysOverdue })}</Tag>
            </span>
            <span className="overdue-what">
              {t('hrbp.overdueStep', {
                step: say(row.step.title),
                process: say(row.process.title),
                assignee: row.assignee ? say(row.assignee.name) : t('hrbp.anonymousAssignee'),
                due: formatDate(row.dueAt, i18n.language),
              })}
            </span>
          </div>
        </List.Item>
      )}
    />
  );
}

function Ratings({ ratings }: { ratings: CycleAttention['ratings'] }) {
  const { t } = useTranslation();
  const { counts, rated } = ratings;
  const option = useMemo(() => ratingOption(counts, t('hrbp.records')), [JSON.stringify(counts), t]);
  if (rated === 0) return <Empty description={t('hrbp.noRatings')} />;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('hrbp.rated', { count: rated })}</Typography.Paragraph>
      <Chart option={option} height={220} label={t('hrbp.ratings')} />
    </>
  );
}

/** The progress report: open the HTML (sandboxed: the report's template is an author's), download a table as CSV, or all as XLSX. */
function Reports({ cycle }: { cycle: Cycle }) {
  const { t, i18n } = useTranslation();
  const [table, setTable] = useState('departments');
  const [html, setHtml] = useState<string | null>(null);
  const [failed, setFailed] = useState<Error | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (what: string, action: () => Promise<void>) => {
    setBusy(what);
    setFailed(null);
    try {
      await action();
    } catch (error) {
      setFailed(error as Error);
    } finally {
      setBusy(null);
    }
  };
  const base = `cycle-progress-${cycle.id}`;
  return (
    <Card title={<h2 className="card-title">{t('hrbp.reports')}</h2>} size="small" className="cycle-card">
      <div className="report-actions">
        <Button icon={<FileTextOutlined aria-hidden />} loading={busy === 'html'} onClick={() => void run('html', async () => setHtml(await (await fetchReport(cycle.id, 'html', i18n.language)).text()))}>
          {t('hrbp.openReport')}
        </Button>
        <Space.Compact className="report-csv">
          <Select
            aria-label={t('hrbp.tableLabel')}
            value={table}
            onChange={setTable}
            options={['departments', 'managers', 'overdue', 'ratings'].map((value) => ({ value, label: t(`hrbp.table.${value}`) }))}
          />
          <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'csv'} onClick={() => void run('csv', async () => saveBlob(await fetchReport(cycle.id, 'csv', i18n.language, table), `${base}-${table}.csv`))}>
            CSV
          </Button>
        </Space.Compact>
        <Button icon={<DownloadOutlined aria-hidden />} loading={busy === 'xlsx'} onClick={() => void run('xlsx', async () => saveBlob(await fetchReport(cycle.id, 'xlsx', i18n.language), `${base}.xlsx`))}>
          {t('hrbp.downloadXlsx')}
        </Button>
      </div>
      {failed && <ProblemAlert error={failed} />}
      <Modal open={html !== null} onCancel={() => setHtml(null)} footer={null} width="min(1100px, 100vw)" title={t('hrbp.reportTitle', { name: cycle.name })} className="report-modal">
        {html !== null && <iframe title={t('hrbp.reportTitle', { name: cycle.name })} sandbox="" srcDoc={html} className="report-frame" />}
      </Modal>
    </Card>
  );
}

type Command = 'extend' | 'close' | 'cancel';

/**
 * 延长 / 关闭 / 取消, each confirmed in a dialog and sent with the version read when the dialog opened (If-Match): the
 * page reads the cycle again every 30 seconds, and a confirmation applies to what the person saw, so a change made by
 * someone else in between answers 409 ("someone changed it") instead of being confirmed unseen.
 * `onChanged` is told what the command did (or nothing: read the cycle again).
 */
function Commands({ cycle, onChanged }: { cycle: Cycle; onChanged: (said?: string) => void }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [open, setOpen] = useState<Command | null>(null);
  const [seen, setSeen] = useState<Cycle>(cycle);
  const [endsAt, setEndsAt] = useState<Dayjs | null>(null);
  const command = useMutation({
    mutationFn: async (which: Command) => {
      const options = { params: { path: { id: cycle.id } }, headers: { 'If-Match': ifMatch(seen) } };
      if (which === 'extend') {
        return data(api.POST('/api/cycles/{id}/extend', { ...options, body: { endsAt: endsAt!.endOf('day').toISOString() } }));
      }
      return data(which === 'close' ? api.POST('/api/cycles/{id}/close', options) : api.POST('/api/cycles/{id}/cancel', options));
    },
    onSuccess: (changed, which) => {
      setOpen(null);
      void queries.invalidateQueries({ queryKey: ['cycles'] });
      onChanged(
        which === 'extend'
          ? t('hrbp.extended', { count: changed.tasksMoved, date: formatDate(changed.cycle.endsAt, i18n.language) })
          : which === 'close'
            ? t('hrbp.closed')
            : t('hrbp.cancelledDone', { count: changed.instancesCancelled, tasks: changed.tasksCancelled }),
      );
    },
  });
  const conflict = command.error instanceof ProblemError && command.error.problem.status === 409;
  const show = (which: Command) => {
    command.reset();
    setSeen(cycle);
    setEndsAt(dayjs(cycle.endsAt).add(7, 'day'));
    setOpen(which);
  };
  if (cycle.status === 'cancelled') return null;
  const error = command.error && (
    conflict ? (
      <Alert
        type="warning"
        showIcon
        role="alert"
        title={t('hrbp.conflict')}
        action={
          <Button
            onClick={() => {
              // The dialog confirms what was seen when it opened: read the cycle again and open it again to retry.
              command.reset();
              setOpen(null);
              onChanged();
            }}
          >
            {t('hrbp.reread')}
          </Button>
        }
      />
    ) : (
      <ProblemAlert error={command.error} />
    )
  );
  const invalidEnd = open === 'extend' && (!endsAt || !endsAt.endOf('day').isAfter(dayjs(cycle.endsAt)));
  return (
    <Card title={<h2 className="card-title">{t('hrbp.manage')}</h2>} size="small" className="cycle-card">
      <div className="cycle-commands">
        {cycle.status === 'open' && <Button onClick={() => show('extend')}>{t('hrbp.extend')}</Button>}
        {cycle.status === 'open' && <Button onClick={() => show('close')}>{t('hrbp.close')}</Button>}
        <Button danger onClick={() => show('cancel')}>
          {t('hrbp.cancel')}
        </Button>
      </div>
      <Modal
        open={open !== null}
        title={open ? t(`hrbp.${open}Title`) : ''}
        okText={open ? t(`hrbp.${open}Confirm`) : ''}
        cancelText={t('hrbp.back')}
        okButtonProps={{ danger: open === 'cancel', disabled: invalidEnd, loading: command.isPending }}
        onOk={() => open && command.mutate(open)}
        onCancel={() => setOpen(null)}
      >
        {open === 'extend' && (
          <div className="extend-form">
            <Typography.Paragraph>{t('hrbp.extendText', { date: formatDate(cycle.endsAt, i18n.language) })}</Typography.Paragraph>
            <label htmlFor="extend-date" className="field-label">
              {t('hrbp.newEnd')}
            </label>
            <DatePicker
              id="extend-date"
              format={dateFormat(i18n.language)}
              value={endsAt}
              onChange={setEndsAt}
              disabledDate={(d) => !d.endOf('day').isAfter(dayjs(cycle.endsAt))}
              allowClear={false}
              inputReadOnly
              className="full-width"
            />
            {invalidEnd && <Typography.Text type="danger">{t('hrbp.endAfter')}</Typography.Text>}
          </div>
        )}
        {open === 'close' && <Typography.Paragraph>{t('hrbp.closeText')}</Typography.Paragraph>}
        {open === 'cancel' && <Typography.Paragraph>{t('hrbp.cancelText')}</Typography.Paragraph>}
        {error}
      </Modal>
    </Card>
  );
}
