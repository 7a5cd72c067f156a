import { Alert, Button, Card, Empty, Input, Popconfirm, Tag, Timeline, Typography } from 'antd';
import { useRef, useState } from 'react';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say, type Schemas, type Texts } from '../api/client';
import { ProblemError } from '../api/problems';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { dueState, formatDate } from '../tasks/due';
import { formatDateTime, stepTitles } from './steps';
import { toLocalInput, withOffset } from './meeting';

type Instance = Schemas['InstanceResponse'];

/**
 * 流程详情: an instance as the API lets me see it — where it stands, its timeline (who did what; nobody named about
 * anonymous answers), its schedule (the reminders and escalations still to come, the notices sent to me). To anyone
 * who may not see it, it does not exist: the page says so and shows nothing else.
 */
export function InstancePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const instance = useQuery({
    queryKey: ['instance', id, i18n.language],
    queryFn: () => data(api.GET('/api/instances/{id}', { params: { path: { id } } })),
    retry: (count, error) => !(error instanceof ProblemError && error.problem.status === 404) && count < 2,
  });
  if (instance.isPending) return <Loading />;
  if (instance.isError) {
    const notFound = instance.error instanceof ProblemError && instance.error.problem.status === 404;
    return (
      <div className="page">
        <BackLink />
        <Typography.Title level={1}>{t('team.instance.title')}</Typography.Title>
        {notFound ? (
          <Alert type="warning" showIcon title={t('team.instance.notFound')} description={t('team.instance.notFoundHint')} role="alert" />
        ) : (
          <ProblemAlert error={instance.error} onRetry={() => void instance.refetch()} />
        )}
      </div>
    );
  }
  return <InstanceView instance={instance.data} />;
}

function BackLink() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <a
      href="/team"
      className="back-link"
      onClick={(event) => {
        event.preventDefault();
        if (window.history.length > 1) navigate(-1);
        else navigate('/tasks');
      }}
    >
      <ArrowLeftOutlined aria-hidden /> {t('team.instance.back')}
    </a>
  );
}

function InstanceView({ instance }: { instance: Instance }) {
  const { t, i18n } = useTranslation();
  const definition = useQuery({
    queryKey: ['process', instance.process.key, instance.process.version],
    queryFn: () => data(api.GET('/api/authoring/processes/{key}/versions/{version}', { params: { path: { key: instance.process.key, version: instance.process.version } } })),
    staleTime: Infinity,
  });
  const titles = stepTitles(definition.data?.document);
  for (const open of instance.openTasks) titles.set(open.step.id, open.step.title);
  const step = (id: string | null | undefined) => (id ? titles.get(id) : undefined);
  return (
    <div className="page instance-page">
      <BackLink />
      <Typography.Title level={1}>{t('team.instance.heading', { process: say(instance.process.title), name: say(instance.subject.name) })}</Typography.Title>
      <p className="instance-meta">
        <Tag color={instance.status === 'running' ? 'blue' : instance.status === 'completed' ? 'green' : 'default'}>{t(`team.status.${instance.status}`, { defaultValue: instance.status })}</Tag>
        {t('team.instance.started', { date: formatDate(instance.startedAt, i18n.language) })}
      </p>
      <Card title={<h2 className="card-title">{t('team.instance.now')}</h2>} className="instance-card">
        {instance.openTasks.length === 0 ? (
          <p>{t('team.instance.nothingOpen')}</p>
        ) : (
          <ul className="plain-list">
            {instance.openTasks.map((open, index) => {
              const state = dueState(open.dueAt, new Date());
              return (
                <li key={index} className="open-step">
                  <strong>{say(open.step.title)}</strong>
                  <span>{open.assignee ? t('team.heldBy', { name: say(open.assignee.name) }) : t('team.instance.anonymousHolder')}</span>
                  <span>{open.dueAt ? t('inbox.due', { date: formatDate(open.dueAt, i18n.language) }) : t('inbox.noDue')}</span>
                  {state.kind === 'overdue' && <Tag color="red">{t('inbox.overdue', { count: state.days })}</Tag>}
                  {state.kind === 'overdue-today' && <Tag color="red">{t('inbox.overdueToday')}</Tag>}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
      <MeetingsCard id={instance.id} />
      <TimelineCard id={instance.id} step={step} />
      <ScheduleCard id={instance.id} step={step} />
    </div>
  );
}

type StepTitle = (id: string | null | undefined) => Texts | undefined;

function TimelineCard({ id, step }: { id: string; step: StepTitle }) {
  const { t, i18n } = useTranslation();
  const timeline = useQuery({ queryKey: ['timeline', id], queryFn: () => data(api.GET('/api/instances/{id}/timeline', { params: { path: { id } } })) });
  return (
    <Card title={<h2 className="card-title">{t('team.instance.timeline')}</h2>} className="instance-card">
      {timeline.isPending ? (
        <Loading />
      ) : timeline.isError ? (
        <ProblemAlert error={timeline.error} onRetry={() => void timeline.refetch()} />
      ) : timeline.data.items.length === 0 ? (
        <Empty description={t('team.instance.noTimeline')} />
      ) : (
        <Timeline
          items={timeline.data.items.map((entry, index) => {
            const who = entry.actorKind === 'person' && entry.actor ? say(entry.actor.name) : entry.actorKind === 'anonymous' ? t('team.instance.anonymous') : t('team.instance.system');
            const where = step(entry.to) ?? step(entry.from);
            return {
              key: index,
              color: entry.action === 'task.returned' ? 'red' : entry.action === 'instance.completed' ? 'green' : 'blue',
              content: (
                <div className="timeline-entry">
                  <div className="timeline-what">
                    {t(`team.instance.action.${entry.action.replace(/\./g, '_')}`, { defaultValue: t('team.instance.action.other') })}
                    {where && <> · {say(where)}</>}
                  </div>
                  <div className="timeline-who">
                    {who} · {formatDateTime(entry.at, i18n.language)}
                  </div>
                  {entry.return?.reason && <div className="timeline-reason">{t('team.instance.reason', { reason: entry.return.reason })}</div>}
                  {entry.rating && (
                    <div className="timeline-reason">
                      {t('team.instance.ratingChange', { from: entry.rating.previous ?? '—', to: entry.rating.rating })}
                      {entry.rating.reason && <> · {t('team.instance.calibrationReason', { reason: entry.rating.reason })}</>}
                    </div>
                  )}
                </div>
              ),
            };
          })}
        />
      )}
    </Card>
  );
}

function ScheduleCard({ id, step }: { id: string; step: StepTitle }) {
  const { t, i18n } = useTranslation();
  const schedule = useQuery({ queryKey: ['schedule', id], queryFn: () => data(api.GET('/api/instances/{id}/schedule', { params: { path: { id } } })) });
  return (
    <Card title={<h2 className="card-title">{t('team.instance.schedule')}</h2>} className="instance-card">
      {schedule.isPending ? (
        <Loading />
      ) : schedule.isError ? (
        <ProblemAlert error={schedule.error} onRetry={() => void schedule.refetch()} />
      ) : (
        <>
          <h3 className="subsection-title">{t('team.instance.pending')}</h3>
          {schedule.data.pending.length === 0 ? (
            <p className="muted">{t('team.instance.noPending')}</p>
          ) : (
            <ul className="plain-list schedule-list" aria-label={t('team.instance.pending')}>
              {schedule.data.pending.map((timer, index) => (
                <li key={index}>
                  <Tag color={timer.kind === 'escalation' ? 'red' : 'blue'}>{t(`team.instance.timer.${timer.kind}`, { defaultValue: timer.kind })}</Tag>
                  <span>
                    {say(step(timer.step.id) ?? timer.step.title)}
                    {timer.action && <> · {t(`team.instance.escalation.${timer.action}`, { defaultValue: timer.action })}</>}
                  </span>
                  <span className="muted">
                    {formatDateTime(timer.dueAt, i18n.language)}
                    {timer.for && <> · {t('team.instance.for', { name: say(timer.for.name) })}</>}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <h3 className="subsection-title">{t('team.instance.notices')}</h3>
          {schedule.data.notices.length === 0 ? (
            <p className="muted">{t('team.instance.noNotices')}</p>
          ) : (
            <ul className="plain-list schedule-list" aria-label={t('team.instance.notices')}>
              {schedule.data.notices.map((notice) => (
                <li key={notice.id}>
                  <Tag color={notice.status === 'sent' ? 'green' : notice.status === 'dead' ? 'red' : 'default'}>{t(`team.instance.notice.${notice.status}`, { defaultValue: notice.status })}</Tag>
                  <span>
                    {t(`team.instance.event.${notice.event.replace(/\./g, '_')}`, { defaultValue: t('team.instance.event.other') })}
                    {notice.copy && <> · {t('team.instance.copy')}</>}
                    {notice.step && <> · {say(notice.step.title)}</>}
                  </span>
                  <span className="muted">{formatDateTime(notice.sentAt ?? notice.queuedAt, i18n.language)}</span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Card>
  );
}

type Meeting = Schemas['MeetingResponse'];

/**
 * 面谈安排: the meetings whose time I read (none: no card). Who booked one may move it (a date-time and a place) or
 * cancel it, while it lies ahead; both attendees receive the update or the cancellation in their calendar.
 */
function MeetingsCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const meetings = useQuery({ queryKey: ['meetings', id], queryFn: () => data(api.GET('/api/instances/{id}/meetings', { params: { path: { id } } })) });
  if (meetings.isPending || (meetings.data && meetings.data.items.length === 0)) return null;
  return (
    <Card title={<h2 className="card-title">{t('team.meeting.title')}</h2>} className="instance-card">
      {meetings.isError ? (
        <ProblemAlert error={meetings.error} onRetry={() => void meetings.refetch()} />
      ) : (
        meetings.data.items.map((meeting) => <MeetingItem key={meeting.step} id={id} meeting={meeting} />)
      )}
    </Card>
  );
}

function MeetingItem({ id, meeting }: { id: string; meeting: Meeting }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [at, setAt] = useState(meeting.at ? toLocalInput(meeting.at) : '');
  const [place, setPlace] = useState(meeting.place ?? '');
  const [badTime, setBadTime] = useState(false);
  // One key per change asked for: a second tap or a retry of the same change is answered once, as on the start page.
  const attempt = useRef<{ request: string; key: string } | null>(null);
  const change = useMutation({
    mutationFn: (body: { at: string | null; place?: string }) => {
      const request = JSON.stringify(body);
      if (attempt.current?.request !== request) attempt.current = { request, key: crypto.randomUUID() };
      return data(
        api.POST('/api/instances/{id}/meetings/{step}', {
          params: { path: { id, step: meeting.step }, header: { 'Idempotency-Key': attempt.current.key } },
          // A null time cancels: the contract's schema cannot say "nullable".
          body: body as Schemas['MeetingChangeRequest'],
        }),
      );
    },
    onSuccess: (planned) => {
      attempt.current = null;
      client.setQueryData(['meetings', id], (old: { items: Meeting[] } | undefined) => ({ items: (old?.items ?? []).map((m) => (m.step === planned.step ? planned : m)) }));
      void client.invalidateQueries({ queryKey: ['timeline', id] });
      void client.invalidateQueries({ queryKey: ['schedule', id] });
      setEditing(false);
    },
  });
  const save = () => {
    const sent = withOffset(at);
    setBadTime(sent === null);
    if (sent === null) return;
    change.mutate({ at: sent, place: place.trim() === '' ? undefined : place.trim() });
  };
  const timeId = `meeting-at-${meeting.step}`;
  const placeId = `meeting-place-${meeting.step}`;
  return (
    <section className="meeting" aria-label={meeting.stepTitle ? say(meeting.stepTitle) : t('team.meeting.title')}>
      {meeting.cancelled ? (
        <p><Tag>{t('team.meeting.cancelled')}</Tag></p>
      ) : (
        <dl className="meeting-facts">
          <dt>{t('team.meeting.at')}</dt>
          <dd>
            {meeting.at ? formatDateTime(meeting.at, i18n.language) : '—'} {meeting.moved && <Tag color="orange">{t('team.meeting.moved')}</Tag>}
          </dd>
          <dt>{t('team.meeting.place')}</dt>
          <dd>{meeting.place ?? t('team.meeting.noPlace')}</dd>
        </dl>
      )}
      {change.isError && <ProblemAlert error={change.error} />}
      {meeting.canChange && !editing && (
        <div className="meeting-actions">
          <Button type="primary" onClick={() => setEditing(true)}>{t('team.meeting.reschedule')}</Button>
          <Popconfirm
            title={t('team.meeting.cancelConfirm')}
            description={t('team.meeting.cancelHint')}
            okText={t('team.meeting.cancelOk')}
            cancelText={t('team.meeting.keep')}
            onConfirm={() => change.mutate({ at: null })}
          >
            <Button danger loading={change.isPending && !editing}>{t('team.meeting.cancel')}</Button>
          </Popconfirm>
        </div>
      )}
      {editing && (
        <form
          className="meeting-form"
          onSubmit={(event) => {
            event.preventDefault();
            save();
          }}
        >
          <label htmlFor={timeId}>{t('team.meeting.newAt')}</label>
          <Input id={timeId} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} status={badTime ? 'error' : undefined} aria-invalid={badTime} aria-describedby={badTime ? `${timeId}-error` : undefined} />
          {badTime && <div id={`${timeId}-error`} className="field-error" role="alert">{t('team.meeting.badTime')}</div>}
          <label htmlFor={placeId}>{t('team.meeting.place')}</label>
          <Input id={placeId} value={place} maxLength={200} onChange={(e) => setPlace(e.target.value)} />
          <div className="meeting-actions">
            <Button type="primary" htmlType="submit" loading={change.isPending}>{t('team.meeting.save')}</Button>
            <Button onClick={() => setEditing(false)}>{t('team.meeting.back')}</Button>
          </div>
        </form>
      )}
    </section>
  );
}
