import { Alert, Badge, Empty, List, Tabs, Tag, Typography } from 'antd';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { count, say, type Schemas } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { dueState, formatDate } from './due';
import { useInbox, type InboxTab } from './queries';

type TaskItem = Schemas['TaskItemResponse'];

/** 我的待办: the person's open tasks (待办) and the ones they completed (已办), each with its count; each row opens its task. */
export function InboxPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // What the task page just did ("已提交"), said once here where the person lands.
  const done = (useLocation().state as { done?: string } | null)?.done;
  const tab: InboxTab = params.get('tab') === 'done' ? 'done' : 'open';
  const open = useInbox('open', 50);
  const finished = useInbox('done', 50);
  const label = (text: string, n: number | undefined, id: string) => (
    <span id={id}>
      {text} <Badge count={n ?? 0} showZero color={text === t('inbox.todo') ? '#0958d9' : '#595959'} />
    </span>
  );

  return (
    <div className="page">
      <Typography.Title level={1}>{t('inbox.title')}</Typography.Title>
      {done && <Alert type="success" showIcon title={done} role="status" className="inbox-done" />}
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'done' ? { tab: 'done' } : {}, { replace: true })}
        items={[
          { key: 'open', label: label(t('inbox.todo'), open.data ? count(open.data.total) : undefined, 'tab-open'), children: <TaskList query={open} tab="open" /> },
          { key: 'done', label: label(t('inbox.done'), finished.data ? count(finished.data.total) : undefined, 'tab-done'), children: <TaskList query={finished} tab="done" /> },
        ]}
      />
    </div>
  );
}

function TaskList({ query, tab }: { query: ReturnType<typeof useInbox>; tab: InboxTab }) {
  const { t } = useTranslation();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) {
    return <Empty description={tab === 'open' ? t('inbox.emptyTodo') : t('inbox.emptyDone')} />;
  }
  return <List className="task-list" dataSource={query.data.items} renderItem={(task) => <TaskRow task={task} />} />;
}

function TaskRow({ task }: { task: TaskItem }) {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const state = task.status === 'open' ? dueState(task.dueAt, new Date()) : { kind: 'none' as const };
  const aboutSomeoneElse = me && task.subject.id !== me.id;
  return (
    <List.Item>
      <Link to={`/tasks/${encodeURIComponent(task.id)}`} className={state.kind === 'overdue' || state.kind === 'overdue-today' ? 'task-row overdue' : 'task-row'}>
        <span className="task-row-title">{say(task.step.title)}</span>
        <span className="task-row-meta">
          {say(task.process.title)}
          {aboutSomeoneElse && <> · {t('inbox.about', { name: say(task.subject.name) })}</>}
        </span>
        <span className="task-row-due">
          {task.status === 'open' ? (
            task.dueAt ? t('inbox.due', { date: formatDate(task.dueAt, i18n.language) }) : t('inbox.noDue')
          ) : task.completedAt ? (
            t('inbox.completed', { date: formatDate(task.completedAt, i18n.language) })
          ) : null}
          {state.kind === 'overdue' && <Tag color="red">{t('inbox.overdue', { count: state.days })}</Tag>}
          {state.kind === 'overdue-today' && <Tag color="red">{t('inbox.overdueToday')}</Tag>}
          {state.kind === 'today' && <Tag color="orange">{t('inbox.dueToday')}</Tag>}
          {state.kind === 'upcoming' && state.days <= 3 && <Tag color="gold">{t('inbox.dueIn', { count: state.days })}</Tag>}
        </span>
      </Link>
    </List.Item>
  );
}
