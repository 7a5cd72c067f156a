import { Card, Empty, List, Progress, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say, type Schemas } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { formatDate } from '../tasks/due';
import { anonymousAnswers, fieldKey } from './feedback';

const process360 = 'feedback-360';

/**
 * 我的 360 反馈: the 360 requests about me, with their answers as the engine lets me read them (an aggregate once
 * the collection is over and enough people answered, never who said what); and the requests others sent me.
 */
export function FeedbackPage() {
  const { t } = useTranslation();
  return (
    <div className="page feedback-page">
      <Link to="/me" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('me.back')}
      </Link>
      <Typography.Title level={1}>{t('me.feedback.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('me.feedback.anonymity')}</Typography.Paragraph>
      <MyRequests />
      <AskedOfMe />
    </div>
  );
}

function MyRequests() {
  const { t } = useTranslation();
  const mine = useQuery({ queryKey: ['instances', 'mine'], queryFn: () => data(api.GET('/api/instances', { params: { query: { pageSize: 100 } } })) });
  const requests = mine.data?.items.filter((i) => i.process.id === process360) ?? [];
  return (
    <section aria-labelledby="my-requests">
      <h2 id="my-requests" className="section-title">
        {t('me.feedback.mine')}
      </h2>
      {mine.isPending ? (
        <Loading />
      ) : mine.isError ? (
        <ProblemAlert error={mine.error} onRetry={() => void mine.refetch()} />
      ) : requests.length === 0 ? (
        <Empty description={t('me.feedback.noneMine')} />
      ) : (
        requests.map((item) => <MyRequest key={item.id} item={item} />)
      )}
    </section>
  );
}

function MyRequest({ item }: { item: Schemas['InstanceItemResponse'] }) {
  const { t, i18n } = useTranslation();
  const detail = useQuery({
    queryKey: ['instance', item.id, i18n.language],
    queryFn: () => data(api.GET('/api/instances/{id}', { params: { path: { id: item.id } } })),
  });
  const answers = detail.data ? Object.values(detail.data.answers as Record<string, unknown>).map(anonymousAnswers).find((a) => a !== undefined) : undefined;
  return (
    <Card
      className="feedback-card"
      title={<h3 className="card-title">{t('me.feedback.started', { date: formatDate(item.startedAt, i18n.language) })}</h3>}
      extra={<Tag color={item.status === 'running' ? 'blue' : 'default'}>{t(`team.status.${item.status}`, { defaultValue: item.status })}</Tag>}
    >
      {item.openTasks.length > 0 && (
        <p className="feedback-step">
          {t('me.feedback.now', { step: item.openTasks.map((o) => say(o.step.title)).join('、') })}
        </p>
      )}
      {detail.isPending ? (
        <Loading />
      ) : detail.isError ? (
        <ProblemAlert error={detail.error} onRetry={() => void detail.refetch()} />
      ) : !answers ? (
        <p className="feedback-state">{t('me.feedback.notYet')}</p>
      ) : answers.kind === 'pending' ? (
        <p className="feedback-state">{t('me.feedback.pending')}</p>
      ) : answers.kind === 'withheld' ? (
        <p className="feedback-state">{t('me.feedback.withheld', { count: answers.count })}</p>
      ) : (
        <div className="feedback-aggregate">
          <p className="feedback-state">{t('me.feedback.count', { count: answers.count })}</p>
          {answers.means.length > 0 && (
            <dl className="feedback-means">
              {answers.means.map(([path, mean]) => (
                <div key={path} className="feedback-mean">
                  <dt>{t(fieldKey(path), { defaultValue: t('me.feedback.field.other') })}</dt>
                  <dd>
                    <Progress percent={(mean / 5) * 100} format={() => mean.toFixed(1)} size="small" aria-hidden />
                    <span className="visually-hidden">{t('me.feedback.mean', { mean: mean.toFixed(1) })}</span>
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {answers.texts.map(([path, texts]) => (
            <div key={path} className="feedback-texts">
              <h4>{t(fieldKey(path), { defaultValue: t('me.feedback.field.other') })}</h4>
              <ul>
                {texts.map((text, index) => (
                  <li key={index}>{text}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}
      <Link to={`/instances/${encodeURIComponent(item.id)}`} className="inline-link">
        {t('team.openInstance')}
      </Link>
    </Card>
  );
}

function AskedOfMe() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const tasks = useQuery({
    queryKey: ['inbox', '360'],
    queryFn: () => data(api.GET('/api/tasks', { params: { query: { process: process360, pageSize: 100 } } })),
  });
  const asked = tasks.data?.items.filter((task) => me && task.subject.id !== me.id) ?? [];
  return (
    <section aria-labelledby="asked-of-me">
      <h2 id="asked-of-me" className="section-title">
        {t('me.feedback.asked')}
      </h2>
      {tasks.isPending ? (
        <Loading />
      ) : tasks.isError ? (
        <ProblemAlert error={tasks.error} onRetry={() => void tasks.refetch()} />
      ) : asked.length === 0 ? (
        <Empty description={t('me.feedback.noneAsked')} />
      ) : (
        <List
          className="task-list"
          dataSource={asked}
          renderItem={(task) => (
            <List.Item>
              <Link to={`/tasks/${encodeURIComponent(task.id)}`} className="task-row">
                <span className="task-row-title">{t('inbox.about', { name: say(task.subject.name) })}</span>
                <span className="task-row-meta">{say(task.step.title)}</span>
                <span className="task-row-due">
                  {task.status === 'open'
                    ? task.dueAt
                      ? t('inbox.due', { date: formatDate(task.dueAt, i18n.language) })
                      : t('inbox.noDue')
                    : task.completedAt
                      ? t('inbox.completed', { date: formatDate(task.completedAt, i18n.language) })
                      : null}
                </span>
              </Link>
            </List.Item>
          )}
        />
      )}
    </section>
  );
}
