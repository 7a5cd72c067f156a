import './authoring.css';
import { useState } from 'react';
import { Button, Drawer, Empty, List, Select, Space, Tag, Typography } from 'antd';
import { HistoryOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../layout/ProblemAlert';
import { Loading } from '../layout/Loading';
import { diffVersions, listVersions, pathSegments, type AuthoringKind, type DiffChange } from './definitions';
import { formatMoment } from './when';

/** A JSON Pointer as words: `/fields/kpis/label/en` → `fields › kpis › label › en`. */
export function readablePath(path: string): string {
  const members = pathSegments(path);
  return members.length === 0 ? '/' : members.join(' › ');
}

function shown(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

function Change({ change }: { change: DiffChange }) {
  const { t } = useTranslation();
  const color = change.op === 'add' ? 'green' : change.op === 'remove' ? 'red' : 'blue';
  return (
    <List.Item className={`diff-change diff-${change.op}`}>
      <div style={{ width: '100%' }}>
        <Space wrap>
          <Tag color={color}>{t(`authoring.diff.${change.op}`, { defaultValue: change.op })}</Tag>
          <Typography.Text code>{readablePath(change.path)}</Typography.Text>
        </Space>
        {change.lines ? (
          <pre className="diff-lines">
            {change.lines.map((line, i) => (
              <span key={i} className={line.startsWith('+') ? 'diff-line-add' : line.startsWith('-') ? 'diff-line-remove' : undefined}>
                {line}
                {'\n'}
              </span>
            ))}
          </pre>
        ) : (
          <div className="diff-values">
            {change.op !== 'add' && (
              <div>
                <Typography.Text type="secondary">{t('authoring.diff.before')}</Typography.Text>
                <pre className="diff-old">{shown(change.old)}</pre>
              </div>
            )}
            {change.op !== 'remove' && (
              <div>
                <Typography.Text type="secondary">{t('authoring.diff.after')}</Typography.Text>
                <pre className="diff-new">{shown(change.new)}</pre>
              </div>
            )}
          </div>
        )}
      </div>
    </List.Item>
  );
}

function Versions({ kind, definitionKey }: { kind: AuthoringKind; definitionKey: string }) {
  const { t, i18n } = useTranslation();
  const versions = useQuery({ queryKey: ['authoring', kind, definitionKey, 'versions'], queryFn: () => listVersions(kind, definitionKey) });
  const list = versions.data ?? [];
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const newest = list.at(-1)?.version;
  const chosenTo = to ?? newest;
  const chosenFrom = from ?? (newest !== undefined && newest > 1 ? newest - 1 : undefined);
  const diff = useQuery({
    queryKey: ['authoring', kind, definitionKey, 'diff', chosenFrom, chosenTo],
    queryFn: () => diffVersions(kind, definitionKey, chosenFrom!, chosenTo!),
    enabled: chosenFrom !== undefined && chosenTo !== undefined && chosenFrom !== chosenTo,
  });
  if (versions.isPending) return <Loading />;
  if (versions.error) return <ProblemAlert error={versions.error} onRetry={() => void versions.refetch()} />;
  if (list.length === 0) return <Empty description={t('authoring.versions.none')} />;
  const options = list.map((v) => ({ value: v.version, label: t('authoring.versions.version', { version: v.version }) }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <List
        size="small"
        dataSource={[...list].reverse()}
        renderItem={(v) => (
          <List.Item>
            <Typography.Text strong>{t('authoring.versions.version', { version: v.version })}</Typography.Text>
            <Typography.Text type="secondary">
              {t('authoring.versions.published', { who: v.publishedBy ?? v.savedBy, time: formatMoment(v.publishedAt ?? v.savedAt, i18n.language) })}
            </Typography.Text>
          </List.Item>
        )}
      />
      {list.length > 1 && (
        <section aria-label={t('authoring.versions.compare')}>
          <Space wrap>
            <Typography.Text strong>{t('authoring.versions.compare')}</Typography.Text>
            <label>
              {t('authoring.versions.from')}{' '}
              <Select aria-label={t('authoring.versions.from')} value={chosenFrom} options={options} onChange={setFrom} style={{ minWidth: 110 }} />
            </label>
            <label>
              {t('authoring.versions.to')}{' '}
              <Select aria-label={t('authoring.versions.to')} value={chosenTo} options={options} onChange={setTo} style={{ minWidth: 110 }} />
            </label>
          </Space>
          {diff.error && <ProblemAlert error={diff.error} />}
          {diff.data &&
            (diff.data.changes.length === 0 ? (
              <Empty description={t('authoring.versions.noChanges')} />
            ) : (
              <>
                <Typography.Paragraph type="secondary">{t('authoring.versions.changes', { count: diff.data.changes.length })}</Typography.Paragraph>
                <List size="small" dataSource={diff.data.changes} renderItem={(change) => <Change change={change} />} />
              </>
            ))}
        </section>
      )}
    </Space>
  );
}

/** Opens the versions of a definition and a readable diff of any two of them. */
export function VersionsButton({ kind, definitionKey }: { kind: AuthoringKind; definitionKey: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<HistoryOutlined />} onClick={() => setOpen(true)}>
        {t('authoring.versions.action')}
      </Button>
      <Drawer open={open} onClose={() => setOpen(false)} title={t('authoring.versions.title')} size="large" destroyOnHidden>
        <Versions kind={kind} definitionKey={definitionKey} />
      </Drawer>
    </>
  );
}
