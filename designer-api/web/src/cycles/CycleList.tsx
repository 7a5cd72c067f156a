import { Button, Empty, List, Pagination, Progress, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { count } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { percent } from './chartOptions';
import { mayLaunchCycles } from './launching';
import { useCycle, useCycles, type Cycle } from './queries';
import { CycleStatus, useWindowText } from './status';
import { useProcessTitles } from './processTitles';
import './cycles.css';

const pageSize = 20;

/** 考核周期: the cycles the person may watch, newest first, each opening its dashboard; 发起周期 above for those who may launch. */
export function CycleList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const launches = mayLaunchCycles(useMe().data);
  const [page, setPage] = useState(1);
  const cycles = useCycles(page, pageSize);
  return (
    <div className="page cycles-page">
      <div className="page-heading">
        <Typography.Title level={1}>{t('cycles.title')}</Typography.Title>
        {launches && (
          <Button type="primary" size="large" icon={<PlusOutlined aria-hidden />} onClick={() => navigate('/cycles/new')}>
            {t('hrbp.launch')}
          </Button>
        )}
      </div>
      {cycles.isPending ? (
        <Loading />
      ) : cycles.isError ? (
        <ProblemAlert error={cycles.error} onRetry={() => void cycles.refetch()} />
      ) : cycles.data.items.length === 0 ? (
        <Empty description={t('hrbp.noCycles')} />
      ) : (
        <>
          <List className="cycle-list" dataSource={cycles.data.items} renderItem={(cycle) => <CycleRow cycle={cycle} />} />
          {count(cycles.data.total) > pageSize && (
            <Pagination current={page} pageSize={pageSize} total={count(cycles.data.total)} onChange={setPage} showSizeChanger={false} />
          )}
        </>
      )}
    </div>
  );
}

function CycleRow({ cycle }: { cycle: Cycle }) {
  const { t } = useTranslation();
  const progress = useCycle(cycle.id, false);
  const titles = useProcessTitles();
  const windowText = useWindowText();
  const p = progress.data;
  return (
    <List.Item>
      <Link to={`/cycles/${encodeURIComponent(cycle.id)}`} className="cycle-row">
        <span className="cycle-row-title">
          {cycle.name} <CycleStatus status={cycle.status} />
        </span>
        <span className="cycle-row-meta">
          {titles(cycle.processKey)} · {windowText(cycle)}
        </span>
        {p ? (
          <span className="cycle-row-counts">
            <Progress percent={percent(p.completed, p.people)} size="small" aria-label={t('hrbp.completionRate')} className="cycle-row-progress" />
            <span>{t('hrbp.rowCounts', { people: p.people, completed: p.completed, overdue: p.overdueTasks })}</span>
          </span>
        ) : (
          <span className="cycle-row-counts">{progress.isError ? t('hrbp.countsUnavailable') : t('common.loading')}</span>
        )}
      </Link>
    </List.Item>
  );
}
