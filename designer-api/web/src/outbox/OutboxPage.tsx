import { Alert, Badge, Button, Empty, List, Pagination, Radio, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, count, data, say, type Schemas } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { NotForYou } from '../admin/NotForYou';
import '../admin/admin.css';

type Message = Schemas['OutboxItemResponse'];

/** The outbox's statuses as tabs, in the order a message passes them: waiting, failed and retrying, held for a digest, sent, dead. */
export const outboxTabs = ['pending', 'retrying', 'held', 'sent', 'dead'] as const;
type OutboxTab = (typeof outboxTabs)[number];

const pageSize = 20;

function useOutbox(status: OutboxTab, page: number) {
  return useQuery({
    queryKey: ['outbox', status, page],
    queryFn: () => data(api.GET('/api/outbox', { params: { query: { status, page, pageSize } } })),
  });
}

/** 通知发件箱 (administrators): the notifications by status with their errors; a dead one can be sent again. */
export function OutboxPage() {
  const { t } = useTranslation();
  const roles = useMe().data?.roles;
  const [params, setParams] = useSearchParams();
  const queries = useQueryClient();
  const tab = (outboxTabs as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as OutboxTab) : 'pending';
  if (roles && !roles.includes('admin')) return <NotForYou />;
  return (
    <div className="page outbox-page">
      <Link to="/admin" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('hrbp.backToAdmin')}
      </Link>
      <div className="page-heading">
        <Typography.Title level={1}>{t('hrbp.outboxTitle')}</Typography.Title>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => void queries.invalidateQueries({ queryKey: ['outbox'] })}>
          {t('hrbp.refresh')}
        </Button>
      </div>
      {/* Five statuses wrap on a phone: a group of buttons rather than tabs, which would hide some behind a menu. */}
      <Radio.Group
        aria-label={t('hrbp.outboxStatus')}
        value={tab}
        onChange={(e) => setParams({ status: String(e.target.value) }, { replace: true })}
        optionType="button"
        className="outbox-tabs"
        options={outboxTabs.map((status) => ({ value: status, label: <TabLabel status={status} /> }))}
      />
      <OutboxList key={tab} status={tab} />
    </div>
  );
}

function TabLabel({ status }: { status: OutboxTab }) {
  const { t } = useTranslation();
  const first = useOutbox(status, 1);
  return (
    <span>
      {t(`hrbp.outbox.${status}`)} <Badge count={first.data ? count(first.data.total) : 0} showZero overflowCount={9999} color={status === 'dead' ? '#cf1322' : '#595959'} />
    </span>
  );
}

function OutboxList({ status }: { status: OutboxTab }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const list = useOutbox(status, page);
  if (list.isPending) return <Loading />;
  if (list.isError) return <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.items.length === 0) return <Empty description={t(`hrbp.outboxEmpty.${status}`)} />;
  return (
    <>
      <List className="outbox-list" dataSource={list.data.items} renderItem={(message) => <MessageRow message={message} />} />
      {count(list.data.total) > pageSize && <Pagination current={page} pageSize={pageSize} total={count(list.data.total)} onChange={setPage} showSizeChanger={false} />}
    </>
  );
}

function MessageRow({ message }: { message: Message }) {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const retry = useMutation({
    mutationFn: () => data(api.POST('/api/outbox/{id}/retry', { params: { path: { id: message.id } } })),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['outbox'] }),
  });
  const time = (iso?: string | null) =>
    iso ? new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-US' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
  const event = i18n.exists(`hrbp.event.${message.event}`) ? t(`hrbp.event.${message.event}`) : message.event;
  return (
    <List.Item>
      <div className={message.status === 'dead' ? 'outbox-row dead' : 'outbox-row'}>
        <span className="outbox-title">
          {event} → {say(message.recipient.name)}
          {message.channels.map((c) => (
            <Tag key={c}>{t(`hrbp.channel.${c === 'webhook' ? 'webhook' : 'mail'}`)}</Tag>
          ))}
        </span>
        <span className="outbox-meta">
          {t('hrbp.queuedAt', { time: time(message.queuedAt) })}
          {message.sentAt && <> · {t('hrbp.sentAt', { time: time(message.sentAt) })}</>}
          {message.nextAttemptAt && message.status !== 'sent' && message.status !== 'dead' && <> · {t('hrbp.nextAttempt', { time: time(message.nextAttemptAt) })}</>}
          {message.attempts > 0 && <> · {t('hrbp.attempts', { count: message.attempts })}</>}
        </span>
        {message.lastError && (
          <span className="outbox-error">
            {t('hrbp.lastError')}: <code>{message.lastError}</code>
          </span>
        )}
        {message.status === 'dead' && (
          <span className="outbox-retry">
            {retry.isSuccess ? (
              <Alert type="success" showIcon role="status" title={t('hrbp.retried')} />
            ) : (
              <Button size="large" onClick={() => retry.mutate()} loading={retry.isPending} aria-label={t('hrbp.retryFor', { name: say(message.recipient.name), event })}>
                {t('hrbp.retry')}
              </Button>
            )}
            {retry.isError && <ProblemAlert error={retry.error} />}
          </span>
        )}
      </div>
    </List.Item>
  );
}
