import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, AimOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, data, say, type Schemas } from '../api/client';
import { errorTree, fieldErrorCount, ProblemError, type ErrorTree, type Problem } from '../api/problems';
import { messageCount, shownErrors } from '../forms/feedback';
import { TaskForm } from '../forms/TaskForm';
import { FormValidator } from '../forms/validator';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { dueState, formatDate } from './due';
import { useTask } from './queries';
import { Autosaver, clearLocalDraft, readLocalDraft, restoreDecision, writeLocalDraft, type FormData, type LocalDraft, type SaveState } from './draft';
import { fieldName, pointerOf, schemaAt } from './fields';
import { filledItems, itemsOf } from './indicatorPicks';
import type { Decision } from './DecisionDialog';
import { FieldAside } from './FieldAside';
import { HistoryPanel } from './HistoryPanel';
import { ReturnsPanel } from './ReturnsPanel';
import './task-page.css';

type TaskView = Schemas['TaskResponse'];

// The dialogs (Ant Design's modal) load when a decision is first asked for, outside the page's first load.
const DecisionDialog = lazy(() => import('./DecisionDialog').then((m) => ({ default: m.DecisionDialog })));
// The indicator library's drawer loads when a KPI list is first filled from it.
const IndicatorPicker = lazy(() => import('./IndicatorPicker').then((m) => ({ default: m.IndicatorPicker })));
type Command = 'submit' | 'approve' | 'confirm' | 'return';

/** How long after the last change the draft is saved. */
const AUTOSAVE_DELAY_MS = 2000;

/** The data the person may send: the fields the step lets them write (the others are shown read-only). */
function writableOf(form: Record<string, unknown>, writable: readonly string[]): FormData {
  return Object.fromEntries(Object.entries(form).filter(([name]) => writable.includes(name)));
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * A task (the page every notification links to, /tasks/{id}): who asked, what, by when; why it came back and the
 * reviewer's comments beside their fields; the form, with last cycle's plan and goals beside it; the action bar fixed
 * at the bottom (保存草稿 · 提交, or 退回 · 通过, the primary on the right). What the person types is saved as a draft
 * two seconds after they stop, and kept on this device until the server has it; whatever the server answers, it stays
 * on the page.
 */
export function TaskPage() {
  const { id = '' } = useParams();
  const task = useTask(id);
  if (task.isPending) return <Loading />;
  if (task.isError) return <TaskProblem error={task.error} onRetry={() => void task.refetch()} />;
  return <TaskView key={task.data.task.id} view={task.data} reload={async () => (await task.refetch()).data} />;
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

function TaskView({ view, reload }: { view: TaskView; reload: () => Promise<TaskView | undefined> }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const item = view.task;
  const actions = view.actions;
  const writing = actions.length > 0;
  const drafting = actions.includes('draft') && view.writable.length > 0;
  const serverData = (view.data ?? {}) as FormData;

  // What this device kept of an earlier visit, decided once, when the page opens.
  const [opened] = useState(() => {
    const local = writing && storage() ? readLocalDraft(storage()!, item.id) : null;
    return restoreDecision(local, Number(item.version), writableOf(serverData, view.writable));
  });
  const [form, setForm] = useState<FormData>(() => (opened.kind === 'restore' ? { ...serverData, ...opened.draft.data } : serverData));
  const [notice, setNotice] = useState<{ kind: 'restored' | 'behind'; draft: LocalDraft } | null>(opened.kind === 'none' ? null : { kind: opened.kind === 'restore' ? 'restored' : 'behind', draft: opened.draft });
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'idle' });
  const [problem, setProblem] = useState<Problem | null>(null);
  const [conflict, setConflict] = useState<Problem | null>(null);
  // The list of indicators this task writes (the template's), and whether its drawer is open: by itself when the list
  // is empty as the task opens (a new hire, a role change), so that the manager starts from the library.
  const indicatorField = writing ? (view.indicatorField ?? null) : null;
  const [picking, setPicking] = useState(() => indicatorField !== null && filledItems(form[indicatorField]).length === 0);
  const [failure, setFailure] = useState<{ error: Error; retry: () => void } | null>(null);
  const [busy, setBusy] = useState<Command | null>(null);
  const [dialog, setDialog] = useState<Decision | null>(null);
  const [fieldComments, setFieldComments] = useState<Record<string, string>>({});
  const [copyKept, setCopyKept] = useState(true);
  const page = useRef<HTMLDivElement>(null);
  const idempotency = useRef<{ request: string; key: string } | null>(null);
  // How often a decision stopped at the browser's check (0: never tried, so nothing is checked live yet).
  const [stopped, setStopped] = useState(0);
  const validator = useMemo(() => new FormValidator(t), [t]);
  const schema = view.schema as Record<string, unknown>;
  const inBrowser = useMemo<ErrorTree>(
    () => (stopped > 0 ? (validator.validateFormData(form, schema).errorSchema as ErrorTree) : {}),
    [stopped, validator, form, schema],
  );
  // Whether the problems shown came from a draft save (a later save clears them) or from a submit (they stay).
  const problemFromDraft = useRef(false);

  const keepCopy = useCallback(
    (data: FormData, baseVersion: number) => {
      const place = storage();
      setCopyKept(!!place && writeLocalDraft(place, { taskId: item.id, baseVersion, data, changedAt: new Date().toISOString() }));
    },
    [item.id],
  );

  const [saver] = useState(
    () =>
      new Autosaver({
        delayMs: AUTOSAVE_DELAY_MS,
        version: Number(item.version),
        saved: writableOf(serverData, view.writable),
        save: async (body, version) => {
          const answer = await data(api.PUT('/api/tasks/{id}/draft', { params: { path: { id: item.id }, header: { 'If-Match': `"${version}"` } }, body: { data: body } }));
          return Number(answer.version);
        },
        onState: (state) => {
          setSaveState(state);
          if (state.kind === 'invalid') {
            problemFromDraft.current = true;
            setProblem(state.problem);
          }
          if (state.kind === 'saved' && problemFromDraft.current) setProblem(null);
          if (state.kind === 'conflict') setConflict(state.problem);
        },
        onSaved: (saved, version) => {
          const place = storage();
          if (!place) return;
          if (saverRef.current?.unsaved) keepCopy(saverRef.current.latestData, version);
          else clearLocalDraft(place, item.id);
          void saved;
        },
      }),
  );
  const saverRef = useRef<Autosaver | null>(saver);

  // A restored copy is saved as soon as the page opens; leaving the page saves at once; a connection that comes back
  // saves what waited for it.
  useEffect(() => {
    if (!drafting) return;
    if (opened.kind === 'restore') saver.change(writableOf(form, view.writable));
    const leave = () => {
      if (document.visibilityState === 'hidden') void saver.flush();
    };
    const online = () => saver.online();
    const pagehide = () => void saver.flush();
    document.addEventListener('visibilitychange', leave);
    window.addEventListener('online', online);
    window.addEventListener('pagehide', pagehide);
    return () => {
      document.removeEventListener('visibilitychange', leave);
      window.removeEventListener('online', online);
      window.removeEventListener('pagehide', pagehide);
      void saver.flush().then(() => saver.stop());
    };
    // Once per page: the saver lives as long as the page.
  }, []);

  // After the server names fields, take the person to the first of them.
  useEffect(() => {
    if ((!problem || fieldErrorCount(problem) === 0) && stopped === 0) return;
    const first = page.current?.querySelector<HTMLElement>('.task-form .ant-form-item-has-error input, .task-form .ant-form-item-has-error textarea, .task-form .ant-form-item-has-error [tabindex], .task-form .ant-form-item-has-error');
    first?.scrollIntoView({ block: 'center' });
    first?.focus({ preventScroll: true });
  }, [problem, stopped]);

  const change = (next: FormData) => {
    setForm(next);
    if (!drafting) return;
    const body = writableOf(next, view.writable);
    saver.change(body);
    if (saver.unsaved) keepCopy(body, saver.currentVersion);
  };

  // The browser's problems (once a decision was tried) replace the server's at the same field; the server's others stay.
  const errors: ErrorTree = shownErrors(inBrowser, problem ? errorTree(problem) : {});
  const errorCount = messageCount(errors);
  const state = item.status === 'open' ? dueState(item.dueAt, new Date()) : { kind: 'none' as const };
  const time = (at: Date | string) => new Date(at).toLocaleTimeString(i18n.language === 'en' ? 'en-US' : 'zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false });
  const title = (pointer: string) => fieldName(view.schema, pointer);

  const send = async (command: Command, body: Record<string, unknown>) => {
    setBusy(command);
    setFailure(null);
    try {
      const version = drafting ? await saver.settle() : Number(item.version);
      const request = JSON.stringify([command, version, body]);
      if (idempotency.current?.request !== request) idempotency.current = { request, key: crypto.randomUUID() };
      const header = { 'If-Match': `"${version}"`, 'Idempotency-Key': idempotency.current.key };
      const params = { path: { id: item.id }, header };
      const call =
        command === 'submit'
          ? api.POST('/api/tasks/{id}/submit', { params, body: body as { data: FormData } })
          : command === 'approve'
            ? api.POST('/api/tasks/{id}/approve', { params, body })
            : command === 'confirm'
              ? api.POST('/api/tasks/{id}/confirm', { params, body })
              : api.POST('/api/tasks/{id}/return', { params, body: body as Schemas['ReturnRequest'] });
      await data(call);
      saver.stop();
      const place = storage();
      if (place) clearLocalDraft(place, item.id);
      setDialog(null);
      await queries.invalidateQueries({ queryKey: ['inbox'] });
      navigate('/tasks', { state: { done: t(command === 'submit' ? 'task.submitted' : command === 'approve' ? 'task.approved' : command === 'confirm' ? 'task.confirmed' : 'taskPage.returned') } });
      return null;
    } catch (error) {
      const failed: Problem = error instanceof ProblemError ? error.problem : { status: 0 };
      if (drafting && saver.unsaved) keepCopy(writableOf(form, view.writable), saver.currentVersion);
      if (failed.status === 409 && failed.code !== 'idempotency.in-flight') {
        setDialog(null);
        setConflict(failed);
      } else if (fieldErrorCount(failed) > 0 && command !== 'return') {
        setDialog(null);
        problemFromDraft.current = false;
        setProblem(failed);
      } else if (command === 'return' && failed.status === 400) {
        return failed;
      } else {
        setDialog(null);
        setFailure({ error: error instanceof Error ? error : new Error(String(error)), retry: () => void send(command, body) });
      }
      return failed;
    } finally {
      setBusy(null);
    }
  };

  const decisionBody = () => (view.writable.length > 0 ? { data: writableOf(form, view.writable) } : {});
  // Submitting, approving or confirming first checks the form in the browser: its problems show at their fields at
  // once, nothing is sent, and from then on they follow what the person types. A draft is saved whatever it holds.
  const passesCheck = () => {
    if (validator.validateFormData(form, schema).errors.length === 0) return true;
    setProblem(null);
    setFailure(null);
    setStopped((n) => n + 1);
    return false;
  };
  const submit = () => {
    if (passesCheck()) void send('submit', { data: writableOf(form, view.writable) });
  };

  const reloadKeepingMine = async () => {
    setFailure(null);
    try {
      const fresh = await reload();
      if (!fresh) return;
      setConflict(null);
      saver.resume(Number(fresh.task.version), writableOf((fresh.data ?? {}) as FormData, fresh.writable));
      if (drafting) keepCopy(writableOf(form, view.writable), Number(fresh.task.version));
    } catch (error) {
      setFailure({ error: error instanceof Error ? error : new Error(String(error)), retry: () => void reloadKeepingMine() });
    }
  };

  const takeCopy = (draft: LocalDraft) => {
    const next = { ...form, ...draft.data };
    setNotice(null);
    change(next);
  };
  const discardCopy = () => {
    const place = storage();
    if (place) clearLocalDraft(place, item.id);
    if (notice?.kind === 'restored') {
      setForm(serverData);
      saver.change(writableOf(serverData, view.writable));
    }
    setNotice(null);
  };

  const listHead = useCallback(
    (path: readonly (string | number)[]): ReactNode =>
      indicatorField !== null && path.length === 1 && path[0] === indicatorField ? (
        <Button className="indicator-picker-open" icon={<AimOutlined aria-hidden />} onClick={() => setPicking(true)}>
          {t('kpiPicker.open')}
        </Button>
      ) : null,
    [indicatorField, t],
  );
  const roleFamily = typeof form.role_family === 'string' && form.role_family !== 'other' ? form.role_family : undefined;

  const canComment = actions.includes('return') && (view.kind === 'review' || view.kind === 'approval');
  const aside = (path: readonly (string | number)[], label: string, group: boolean): ReactNode => {
    const pointer = pointerOf(path);
    const comments = view.comments.filter((c) => c.field === pointer);
    const mine = fieldComments[pointer];
    // A reviewer comments on what the author wrote, not on the fields they fill in themselves (feedback, rating).
    const own = typeof path[0] === 'string' && view.writable.includes(path[0]);
    const commentable = canComment && !group && !own;
    if (comments.length === 0 && !commentable) return null;
    return (
      <FieldAside
        label={label || title(pointer)}
        comments={comments}
        commentable={commentable}
        draft={mine}
        onDraft={(body) =>
          setFieldComments((all) => {
            const next = { ...all };
            if (body === null) delete next[pointer];
            else next[pointer] = body;
            return next;
          })
        }
      />
    );
  };
  const unplaced = view.comments.filter((c) => !schemaAt(view.schema, c.field));
  const primary = (['submit', 'approve', 'confirm'] as const).find((a) => actions.includes(a));
  const status = statusText(saveState, t, time, copyKept);

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
      {writing && notice?.kind === 'restored' && (
        <Alert
          type="info"
          showIcon
          role="status"
          title={t('taskPage.restored', { time: time(notice.draft.changedAt) })}
          description={
            <div className="alert-actions">
              <Button onClick={discardCopy}>{t('taskPage.discardCopy')}</Button>
            </div>
          }
        />
      )}
      {writing && notice?.kind === 'behind' && (
        <Alert
          type="warning"
          showIcon
          title={t('taskPage.behind', { time: time(notice.draft.changedAt) })}
          description={
            <div className="alert-actions">
              <Button onClick={() => takeCopy(notice.draft)}>{t('taskPage.useCopy')}</Button>
              <Button onClick={discardCopy}>{t('taskPage.discardCopy')}</Button>
            </div>
          }
        />
      )}
      {conflict && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('taskPage.conflict')}
          description={
            <>
              {conflict.detail && <div>{conflict.detail}</div>}
              <div>{t('taskPage.conflictKept')}</div>
              <div className="alert-actions">
                <Button onClick={() => void reloadKeepingMine()}>{t('taskPage.reloadKeep')}</Button>
              </div>
            </>
          }
        />
      )}
      {errorCount > 0 && (problem || stopped > 0) && (
        <Alert type="error" showIcon role="alert" title={t('task.fixFields', { count: errorCount })} description={problem?.detail} />
      )}
      {saveState.kind === 'offline' && <Alert type="warning" showIcon title={t('taskPage.offline')} />}
      {saveState.kind === 'failed' && <ProblemAlert error={new ProblemError(saveState.problem)} onRetry={() => void saver.flush()} />}
      {failure && <ProblemAlert error={failure.error} onRetry={failure.retry} />}
      {view.returns.length > 0 && <ReturnsPanel rounds={view.returns} fieldTitle={title} open={actions.includes('submit')} />}
      {unplaced.length > 0 && (
        <section className="task-comments" aria-labelledby="task-comments-title">
          <h2 id="task-comments-title">{t('task.comments')}</h2>
          <ul className="comment-list">
            {unplaced.map((c) => (
              <li key={c.id}>
                <div className="comment-title">
                  {say(c.author.name)} · {t('task.commentOn', { field: title(c.field) })}
                </div>
                <div className="comment-body">{c.body}</div>
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className={view.history ? 'task-layout with-history' : 'task-layout'}>
        {view.history && <HistoryPanel history={view.history} schema={view.schema} />}
        <div className="task-main">
          <TaskForm
            schema={view.schema as Record<string, unknown>}
            uiSchema={view.uiSchema as Record<string, unknown>}
            formData={form}
            errors={errors}
            validator={validator}
            readonly={!writing}
            onChange={change}
            fieldAside={aside}
            listHead={listHead}
            asideState={fieldComments}
          />
        </div>
      </div>
      {writing && (
        <div className="action-bar" role="group" aria-label={t('task.actionsLabel')}>
          <span className={`action-status status-${saveState.kind}`} role="status">
            {status}
          </span>
          <div className="action-buttons">
            {drafting && (
              <Button size="large" loading={saveState.kind === 'saving'} disabled={busy !== null} onClick={() => void saver.flush()}>
                {t('task.saveDraft')}
              </Button>
            )}
            {actions.includes('return') && (
              <Button size="large" danger disabled={busy !== null} onClick={() => setDialog('return')}>
                {t('taskPage.return')}
              </Button>
            )}
            {primary && (
              <Button
                type="primary"
                size="large"
                loading={busy === primary}
                disabled={busy !== null}
                onClick={() => (primary === 'submit' ? submit() : passesCheck() && setDialog(primary))}
              >
                {t(`task.${primary}`)}
              </Button>
            )}
          </div>
        </div>
      )}
      {picking && indicatorField !== null && (
        <Suspense fallback={null}>
          <IndicatorPicker
            taskId={item.id}
            roleFamily={roleFamily}
            items={itemsOf(form[indicatorField])}
            onClose={() => setPicking(false)}
            onAdd={(items) => {
              setPicking(false);
              change({ ...form, [indicatorField]: items });
            }}
          />
        </Suspense>
      )}
      {dialog && (
        <Suspense fallback={null}>
          <DecisionDialog
            decision={dialog}
            stepTitle={say(item.step.title)}
            subject={say(item.subject.name)}
            comments={canComment ? Object.entries(fieldComments).map(([field, body]) => ({ field, name: title(field), body })) : []}
            commentable={canComment}
            busy={busy !== null}
            onCancel={() => setDialog(null)}
            onDecide={(reason) =>
              dialog === 'return'
                ? send('return', { reason, comments: Object.entries(fieldComments).filter(([, body]) => body.trim() !== '').map(([field, body]) => ({ field, body })) })
                : send(dialog, decisionBody())
            }
          />
        </Suspense>
      )}
    </div>
  );
}

function statusText(state: SaveState, t: (key: string, options?: Record<string, unknown>) => string, time: (at: Date) => string, copyKept: boolean): string {
  switch (state.kind) {
    case 'idle':
      return '';
    case 'pending':
      return t('taskPage.state.pending');
    case 'saving':
      return t('taskPage.state.saving');
    case 'saved':
      return t('task.savedAt', { time: time(state.at) });
    case 'offline':
      return copyKept ? t('taskPage.state.offline') : t('taskPage.state.offlineNoCopy');
    case 'conflict':
      return t('taskPage.state.conflict');
    case 'invalid':
      return t('taskPage.state.invalid');
    case 'failed':
      return t('taskPage.state.failed');
  }
}
