import { Alert, Card, Empty, Table, Tag, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, MinusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { formatValue, latest, trend, type KpiBoard, type KpiIndicator } from './kpi';
import { PersonPicker } from './PersonPicker';
import { Sparkline } from './Sparkline';
import { useKpiBoard, useKpiPeople, useKpiTeam } from './queries';
import './kpi.css';

/**
 * KPI 看板: a person's indicators against their targets and thresholds over time — a small chart each, open warnings
 * first and in red — and, for those who oversee people, the team board: one row per person and indicator with the
 * latest value, the trend and the warning.
 */
export function KpiBoardPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const people = useKpiPeople();
  const [search, setSearch] = useSearchParams();
  const personId = search.get('person') ?? me?.id;
  const board = useKpiBoard(personId);
  const oversees = (people.data?.items.length ?? 0) > 1;
  const team = useKpiTeam(oversees);

  if (people.isPending || (board.isPending && !!personId)) return <Loading />;
  if (people.isError) return <ProblemAlert error={people.error} onRetry={() => void people.refetch()} />;
  if (board.isError) return <ProblemAlert error={board.error} onRetry={() => void board.refetch()} />;
  const data = board.data!;
  const warned = data.indicators.filter((i) => i.warning);

  return (
    <div className="page kpi-page">
      <Typography.Title level={1}>{t('kpi.boardTitle')}</Typography.Title>
      <PersonPicker people={people.data.items} value={personId} meId={me?.id} onChange={(id) => setSearch({ person: id })} />
      <Typography.Paragraph>
        <Link to={`/kpi/enter?person=${encodeURIComponent(data.person.id)}`}>{t('kpi.enterFor', { name: say(data.person.name) })}</Link>
      </Typography.Paragraph>
      {warned.length > 0 && (
        <Alert
          type="error"
          showIcon
          className="kpi-warnings"
          title={t('kpi.openWarnings', { count: warned.length })}
          description={
            <ul>
              {warned.map((i) => (
                <li key={i.id}>{warningText(t, i)}</li>
              ))}
            </ul>
          }
        />
      )}
      {data.indicators.length === 0 ? (
        <Empty description={t('kpi.noIndicators')} />
      ) : (
        <div className="kpi-cards" style={{ marginTop: 16 }}>
          {[...warned, ...data.indicators.filter((i) => !i.warning)].map((indicator) => (
            <IndicatorCard key={indicator.id} indicator={indicator} />
          ))}
        </div>
      )}
      {oversees && <TeamBoard boards={team.data?.people} loading={team.isPending} error={team.error} />}
    </div>
  );
}

type Translate = ReturnType<typeof useTranslation>['t'];

function warningText(t: Translate, indicator: KpiIndicator) {
  const w = indicator.warning!;
  return t(indicator.direction === 'lower-better' ? 'kpi.warningAbove' : 'kpi.warningBelow', {
    name: indicator.name,
    count: w.values.length,
    threshold: indicator.threshold,
    values: w.values.map((v) => `${v.period}：${formatValue(v.value)}`).join('，'),
  });
}

function IndicatorCard({ indicator }: { indicator: KpiIndicator }) {
  const { t } = useTranslation();
  const last = latest(indicator);
  return (
    <Card size="small" className={indicator.warning ? 'kpi-card warning' : 'kpi-card'}>
      <h2 className="kpi-card-title">
        {indicator.name}
        {indicator.warning ? <Tag color="red">{t('kpi.warningTag')}</Tag> : last ? <Tag color="green">{t('kpi.okTag')}</Tag> : null}
      </h2>
      <div className="kpi-facts">
        <span>
          {t('kpi.latest')} <strong>{last ? `${formatValue(last.value)} ${indicator.unit ?? ''}` : t('kpi.none')}</strong>
          {last ? `（${last.period}）` : ''}
        </span>
        <span>
          {t('kpi.target')} <strong>{indicator.target ?? '—'}</strong>
        </span>
        <span>
          {t('kpi.threshold')} <strong>{indicator.threshold ?? '—'}</strong>
        </span>
        <span>{t(indicator.direction === 'lower-better' ? 'kpi.lowerBetter' : 'kpi.higherBetter')}</span>
      </div>
      <Sparkline indicator={indicator} />
      <div className="kpi-legend" aria-hidden>
        <span className="target">{t('kpi.target')}</span>
        <span className="threshold">{t('kpi.threshold')}</span>
      </div>
      {indicator.points.length > 0 && (
        <details className="kpi-history">
          <summary>{t('kpi.history', { count: indicator.points.length })}</summary>
          <ul>
            {[...indicator.points].reverse().map((p) => (
              <li key={p.period}>
                {p.period}：{formatValue(p.value)} {indicator.unit}
                {p.rows > 1 ? ` · ${t('kpi.corrections', { count: p.rows - 1 })}` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Card>
  );
}

function TeamBoard({ boards, loading, error }: { boards: KpiBoard[] | undefined; loading: boolean; error: Error | null }) {
  const { t } = useTranslation();
  const rows = (boards ?? []).flatMap((b) => b.indicators.map((indicator) => ({ key: `${b.person.id}/${indicator.id}`, board: b, indicator })));
  return (
    <>
      <Typography.Title level={2} className="kpi-section-title">
        {t('kpi.teamTitle')}
      </Typography.Title>
      {error ? (
        <ProblemAlert error={error} />
      ) : (
        <Table
          size="small"
          loading={loading}
          dataSource={rows}
          pagination={rows.length > 50 ? { pageSize: 50 } : false}
          scroll={{ x: true }}
          locale={{ emptyText: t('kpi.teamEmpty') }}
          rowClassName={(r) => (r.indicator.warning ? 'kpi-row-warning' : '')}
          columns={[
            {
              title: t('kpi.who'),
              key: 'who',
              render: (_, r) => (
                <>
                  <Link to={`/kpi/board?person=${encodeURIComponent(r.board.person.id)}`}>{say(r.board.person.name)}</Link>
                  <div>{r.indicator.name}</div>
                </>
              ),
            },
            {
              title: t('kpi.latest'),
              key: 'latest',
              render: (_, r) => {
                const last = latest(r.indicator);
                return last ? `${formatValue(last.value)} ${r.indicator.unit ?? ''}` : '—';
              },
            },
            {
              title: t('kpi.trend'),
              key: 'trend',
              render: (_, r) => {
                const direction = trend(r.indicator);
                return (
                  <span className="kpi-team-spark">
                    {direction === 'up' ? (
                      <ArrowUpOutlined aria-label={t('kpi.trendUp')} />
                    ) : direction === 'down' ? (
                      <ArrowDownOutlined aria-label={t('kpi.trendDown')} />
                    ) : direction === 'flat' ? (
                      <MinusOutlined aria-label={t('kpi.trendFlat')} />
                    ) : (
                      '—'
                    )}
                  </span>
                );
              },
            },
            {
              title: t('kpi.status'),
              key: 'status',
              render: (_, r) => (r.indicator.warning ? <Tag color="red">{t('kpi.warningTag')}</Tag> : latest(r.indicator) ? <Tag color="green">{t('kpi.okTag')}</Tag> : '—'),
            },
          ]}
        />
      )}
    </>
  );
}
