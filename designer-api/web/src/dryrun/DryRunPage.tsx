import { Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { say, type Texts } from '../api/client';
import { listVersions, readVersion } from '../authoring/definitions';
import { NotForYou } from '../admin/NotForYou';
import { mayLaunchCycles } from '../cycles/launching';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { DryRunPanel } from './DryRunPanel';
import { ProcessGraph } from './ProcessGraph';
import './dryrun.css';

/** The published version a page shows: `?version=N`, else the newest, with its document (through the authoring kit). */
function usePublishedProcess(key: string, asked: number | undefined) {
  return useQuery({
    queryKey: ['process-version', key, asked ?? 'newest'],
    queryFn: async () => {
      const version = asked ?? Math.max(...(await listVersions('processes', key)).map((v) => Number(v.version)));
      return { version, document: await readVersion<unknown>('processes', key, version) };
    },
  });
}

/**
 * 流程试运行 (`/design/processes/:key/dry-run[?version=N]`): the chart of a published process and its dry run for a
 * department the person may launch for. Choosing a step on the chart highlights its events in every schedule.
 */
export function DryRunPage() {
  const { t } = useTranslation();
  const { key = '' } = useParams();
  const [search] = useSearchParams();
  const asked = Number(search.get('version')) > 0 ? Number(search.get('version')) : undefined;
  const me = useMe();
  const process = usePublishedProcess(key, asked);
  const [selected, setSelected] = useState<string | null>(null);

  if (me.data && !mayLaunchCycles(me.data)) return <NotForYou />;
  if (process.isPending) return <Loading />;
  if (process.isError) return <ProblemAlert error={process.error} onRetry={() => void process.refetch()} />;

  const document = process.data.document as { title?: Texts } | null;
  const title = say(document?.title) || key;
  return (
    <div className="page dryrun-page">
      <Link to="/design/processes" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('dryrun.back')}
      </Link>
      <Typography.Title level={1}>{t('dryrun.pageTitle', { title })}</Typography.Title>
      <p className="dryrun-muted">{t('dryrun.version', { version: process.data.version })}</p>

      <section className="dryrun-section" aria-labelledby="dryrun-graph-title">
        <Typography.Title level={2} id="dryrun-graph-title">
          {t('dryrun.graphTitle')}
        </Typography.Title>
        <p className="dryrun-muted">{t('dryrun.graphHint')}</p>
        <ProcessGraph document={process.data.document} selected={selected} onSelect={(id) => setSelected((was) => (was === id ? null : id))} />
      </section>

      <section className="dryrun-section" aria-labelledby="dryrun-run-title">
        <Typography.Title level={2} id="dryrun-run-title">
          {t('dryrun.runTitle')}
        </Typography.Title>
        <DryRunPanel processKey={key} version={process.data.version} highlight={selected} />
      </section>
    </div>
  );
}
