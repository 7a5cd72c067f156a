import './authoring.css';
import { useState, type ReactNode } from 'react';
import { Button, Input, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../layout/ProblemAlert';
import { listDefinitions, type AuthoringKind, type DefinitionSummary } from './definitions';

/** The keys of one kind with their newest version, draft and (processes) owner; a row opens it. */
export function DefinitionTable({
  kind,
  onOpen,
  title,
  extra,
  ownerName,
}: {
  kind: AuthoringKind;
  onOpen: (key: string) => void;
  /** A readable title for a key (the template's or process's title), when the page knows it. */
  title?: (key: string) => ReactNode;
  extra?: (item: DefinitionSummary) => ReactNode;
  /** The name of an owning department, for processes. */
  ownerName?: (departmentId: string) => string;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const list = useQuery({ queryKey: ['authoring', kind, 'list'], queryFn: () => listDefinitions(kind) });
  if (list.error) return <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />;
  const items = (list.data ?? []).filter((item) => item.key.toLowerCase().includes(search.trim().toLowerCase()));
  return (
    <div className="definition-table">
      <Input.Search
        allowClear
        placeholder={t('authoring.table.search')}
        aria-label={t('authoring.table.search')}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        style={{ maxWidth: 320, marginBottom: 12 }}
      />
      <Table<DefinitionSummary>
        rowKey="key"
        size="middle"
        loading={list.isPending}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        locale={{ emptyText: t('authoring.table.empty') }}
        scroll={{ x: true }}
        columns={[
          {
            title: t('authoring.table.key'),
            key: 'key',
            render: (_, item) => (
              <Button type="link" onClick={() => onOpen(item.key)} className="definition-open" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }}>
                <span>
                  {title ? <>{title(item.key)} </> : null}
                  <Typography.Text type="secondary" code>
                    {item.key}
                  </Typography.Text>
                </span>
              </Button>
            ),
          },
          {
            title: t('authoring.table.version'),
            key: 'version',
            render: (_, item) =>
              item.shippedOnly ? <Tag>{t('authoring.table.shipped')}</Tag> : item.latestVersion ? `v${item.latestVersion}` : <Tag>{t('authoring.table.noVersion')}</Tag>,
          },
          {
            title: t('authoring.table.draft'),
            key: 'draft',
            render: (_, item) => (item.hasDraft ? <Tag color="processing">{t('authoring.table.hasDraft')}</Tag> : null),
          },
          ...(kind === 'processes'
            ? [
                {
                  title: t('authoring.table.owner'),
                  key: 'owner',
                  render: (_: unknown, item: DefinitionSummary) =>
                    item.ownerDepartment ? (ownerName?.(item.ownerDepartment) ?? item.ownerDepartment) : t('authoring.table.wholeOrganisation'),
                },
              ]
            : []),
          ...(extra ? [{ title: '', key: 'extra', render: (_: unknown, item: DefinitionSummary) => extra(item) }] : []),
        ]}
      />
    </div>
  );
}
