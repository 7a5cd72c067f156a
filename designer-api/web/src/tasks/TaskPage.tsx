import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, data, say, type Schemas } from '../api/client';
import { errorTree, fieldErrorCount, ProblemError, type ErrorTree, type Problem } from '../api/problems';
import { shownErrors, messageCount } from '../forms/feedback';
import { TaskForm } from '../forms/TaskForm';
import { FormValidator } from '../forms/validator';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { dueState, formatDate } from './due';
import { useTask } from './queries';

type TaskView = Schemas['TaskResponse'];
type Command = 'draft' | 'submit' | 'approve' | 'confirm';

/** The data the person may send: the fields the step lets them write (the others are shown read-only). */
function writableOf(form: Record<string, unknown>, writable: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(form).filter(([name]) => writable.includes(name)));
}

/**
 * A task (the page every notification links to, /tasks/{id}): who asked, what, by when; the form; the action bar fixed
 * at the bottom (保存草稿 · 提交, primary on the right). What the person typed stays on the page whatever the server
 * answers; its problems show at their fields. Submitting (approving, confirming) first checks the form in the browser:
 * its problems show at their fields at once, nothing is sent, and from then on they follow what the person types.
 * A draft is saved as it is, whatever the browser would say (the server checks what a draft must hold).
 */
export function TaskPage() {
  const { id = '' } = useParams();
  const task = useTask(id);
  if (task.isPending) return <Loading />;
  if (task.isError) return <TaskProblem error={task.error} onRetry={() => void task.refetch()} />;
  return <TaskView key={task.data.task.id} view={task.data} />;
}

function TaskProblem({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const { t } = useTranslation();
  const notFound = error instanceof ProblemError && error.problem.status === 404;
  return (
    <div className="page">
      <BackLink />
      {notFound ? <Alert type="warning" showIcon title={t('task.notFound')} /> : <ProblemAlert error={error} onRetry={onRetry} />}
    </div>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/tasks" className="back-link">
      <ArrowLeftOutlined aria-hidden /> {t('task.back')}
    </Link>
  );
}

function TaskView({ view }: { view: TaskView }) {
  const { t, i18n } = useTranslation();
  const [saved, setSaved] = useState<string | null>(null);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form, setForm] = useState<Record<string, unknown>>(() => (view.data ?? {}) as Record<string, unknown>);
  const [version, setVersion] = useState<number>(Number(view.task.version));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const [busy, setBusy] = useState<Command | null>(null);
  // How often a submit stopped at the browser's check (0: never tried, so nothing is checked live yet).
  const [stopped, setStopped] = useState(0);
  const [tried, setTried] = useState(false);
  const page = useRef<HTMLDivElement>(null);
  const validator = useMemo(() => new FormValidator(t), [t]);
  const schema = view.schema as Record<string, unknown>;
  const inBrowser = useMemo<ErrorTree>(
    () => (tried ? (validator.validateFormData(form, schema).errorSchema as ErrorTree) : {}),
    [tried, validator, form, schema],
  );
  const errors: ErrorTree = shownErrors(inBrowser, problem ? errorTree(problem) : {});
  const errorCount = messageCount(errors);
  const actions = view.actions;
  const item = view.task;
  const state = item.status === 'open' ? dueState(item.dueAt, new Date()) : { kind: 'none' as const };

  // After the server or the browser's check names fields, take the person to the first of them.
  useEffect(() => {
    if (!problem && stopped === 0) return;
    const first = page.current?.querySelector<HTMLElement>('.ant-form-item-has-error input, .ant-form-item-has-error textarea, .ant-form-item-has-error [tabindex], .ant-form-item-has-error');
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  }, [problem, stopped]);

  const run = async (command: Command) => {
    if (command !== 'draft') {
      setTried(true);
      const found = validator.validateFormData(form, schema).errors.length;
      if (found > 0) {
        // The browser's problems replace the server's older ones; nothing is sent until they are corrected.
        setProblem(null);
        setFailure(null);
        setStopped((n) => n + 1);
        return;
      }
    }
    setBusy(command);
    setFailure(null);
    const headers = { 'If-Match': `"${version}"` };
    const body = { data: writableOf(form, view.writable) };
    const path = { id: item.id };
    try {
      const answer =
        command === 'draft'
          ? await data(api.PUT('/api/tasks/{id}/draft', { params: { path, header: headers }, body }))
          : command === 'submit'
            ? await data(api.POST('/api/tasks/{id}/submit', { params: { path, header: { ...headers, 'Idempotency-Key': crypto.randomUUID() } }, body }))
            : command === 'approve'
              ? await data(api.POST('/api/tasks/{id}/approve', { params: { path, header: { ...headers, 'Idempotency-Key': crypto.randomUUID() } }, body }))
              : await data(api.POST('/api/tasks/{id}/confirm', { params: { path, header: { ...headers, 'Idempotency-Key': crypto.randomUUID() } }, body }));
      setProblem(null);
      setVersion(Number(answer.version));
      await queries.invalidateQueries({ queryKey: ['inbox'] });
      if (command === 'draft') {
        setSaved(new Date().toISOString());
      } else {
        navigate('/tasks', { state: { done: t(command === 'submit' ? 'task.submitted' : command === 'approve' ? 'task.approved' : 'task.confirmed') } });
      }
    } catch (error) {
      if (error instanceof ProblemError && fieldErrorCount(error.problem) > 0) {
        setProblem(error.problem);
      } else {
        setFailure(error instanceof Error ? error : new Error(String(error)));
      }
    } finally {
      setBusy(null);
    }
  };

  const fieldTitle = (pointer: string) => {
    const top = pointer.split('/')[1] ?? '';
    const property = (view.schema as { properties?: Record<string, { title?: string }> }).properties?.[top];
    return property?.title ?? top;
  };
  const writing = actions.length > 0;
  const primary = (['submit', 'approve', 'confirm'] as const).find((a) => actions.includes(a));

  return (
    <div className={writing ? 'page task-page with-actions' : 'page task-page'} ref={page}>
      <BackLink />
      <header className="task-header">
        <Typography.Title level={1}>{say(item.step.title)}</Typography.Title>
        <Typography.Paragraph type="secondary" className="task-from">
          {t('task.from', { process: say(item.process.title), subject: say(item.subject.name) })}
        </Typography.Paragraph>
        {item.dueAt && (
          <div className="task-due">
            {t('inbox.due', { date: formatDate(item.dueAt, i18n.language) })}{' '}
            {state.kind === 'overdue' && <Tag color="red">{t('inbox.overdue', { count: state.days })}</Tag>}
            {state.kind === 'overdue-today' && <Tag color="red">{t('inbox.overdueToday')}</Tag>}
            {state.kind === 'today' && <Tag color="orange">{t('inbox.dueToday')}</Tag>}
          </div>
        )}
      </header>
      {!writing && <Alert type="info" showIcon title={t('task.readOnly')} />}
      {view.comments.length > 0 && (
        <section className="task-comments" aria-labelledby="task-comments-title">
          <h2 id="task-comments-title">{t('task.comments')}</h2>
          <ul className="comment-list">
            {view.comments.map((c) => (
              <li key={c.id}>
                <div className="comment-title">
                  {say(c.author.name)} · {t('task.commentOn', { field: fieldTitle(c.field) })}
                </div>
                <div className="comment-body">{c.body}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
      {errorCount > 0 && (problem || stopped > 0) && (
        <Alert type="error" showIcon role="alert" title={t('task.fixFields', { count: errorCount })} description={problem?.detail} />
      )}
      {failure && <ProblemAlert error={failure} onRetry={() => setFailure(null)} />}
      <TaskForm
        schema={schema}
        uiSchema={view.uiSchema as Record<string, unknown>}
        formData={form}
        errors={errors}
        validator={validator}
        readonly={!writing}
        onChange={setForm}
      />
      {writing && (
        <div className="action-bar" role="group" aria-label={t('task.actionsLabel')}>
          <span className="action-status" role="status">
            {saved && t('task.savedAt', { time: new Date(saved).toLocaleTimeString(i18n.language === 'en' ? 'en-US' : 'zh-CN', { hour: '2-digit', minute: '2-digit' }) })}
          </span>
          {actions.includes('draft') && (
            <Button size="large" loading={busy === 'draft'} disabled={busy !== null} onClick={() => void run('draft')}>
              {t('task.saveDraft')}
            </Button>
          )}
          {primary && (
            <Button type="primary" size="large" loading={busy === primary} disabled={busy !== null} onClick={() => void run(primary)}>
              {t(`task.${primary}`)}
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
