import { useRef, useState } from 'react';
import { Alert, Button, Empty, Radio, Select, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { useStartable } from './queries';
import { afterStart, defaultSubject, subjectOptions } from './start';

/**
 * 发起: the processes the person may start on demand (a feedback log about a report, 360 feedback or a progress report
 * for themselves), for whom, and one button. Their own first task opens at once; when someone else acts first the page
 * says it started.
 */
export function StartPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const startable = useStartable();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [chosenKey, setChosenKey] = useState<string>();
  const [chosenSubject, setChosenSubject] = useState<string>();
  const [started, setStarted] = useState<{ instanceId: string; process: string; person: string }>();

  const items = startable.data?.items ?? [];
  const process = items.find((p) => p.key === chosenKey) ?? (items.length === 1 ? items[0] : undefined);
  const subject = chosenSubject ?? (process ? defaultSubject(process.for, me?.id) : undefined);
  const person = process?.for.find((c) => c.id === subject);

  // One key per start asked for: a second tap, or a retry after a lost answer, starts nothing more (the API answers
  // the first start again); a new start — another choice, or the same once done — gets a new key.
  const attempt = useRef<{ request: string; key: string } | null>(null);
  const start = useMutation({
    mutationFn: (body: { process: string; subject: string }) => {
      const request = JSON.stringify(body);
      if (attempt.current?.request !== request) attempt.current = { request, key: crypto.randomUUID() };
      return data(api.POST('/api/instances', { body, params: { header: { 'Idempotency-Key': attempt.current.key } } }));
    },
    onSuccess: (answer) => {
      attempt.current = null;
      void queries.invalidateQueries({ queryKey: ['inbox'] });
      const next = afterStart(answer);
      if (next.kind === 'task') void navigate(next.path);
      else setStarted({ instanceId: next.instanceId, process: say(process?.title), person: say(person?.name) });
    },
  });

  if (startable.isPending) return <Loading />;
  if (startable.isError) return <ProblemAlert error={startable.error} onRetry={() => void startable.refetch()} />;

  return (
    <div className="page start-page">
      <Typography.Title level={1}>{t('start.title')}</Typography.Title>
      {items.length === 0 ? (
        <Empty description={t('start.empty')} />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('start.intro')}</Typography.Paragraph>
          <Radio.Group
            className="start-choices"
            aria-label={t('start.what')}
            value={process?.key}
            onChange={(e) => {
              setChosenKey(e.target.value as string);
              setChosenSubject(undefined);
              setStarted(undefined);
              start.reset();
            }}
          >
            {items.map((p) => (
              <Radio key={p.key} value={p.key} className={p.key === process?.key ? 'start-card current' : 'start-card'}>
                <span className="start-card-title">{say(p.title)}</span>
                <span className="start-card-hint">
                  {p.for.length === 1 && p.for[0]!.id === me?.id ? t('start.forSelf') : t('start.forPeople', { count: p.for.length })}
                </span>
              </Radio>
            ))}
          </Radio.Group>
          {process && (
            <div className="start-form">
              <label htmlFor="start-subject" className="start-label">
                {t('start.for')}
              </label>
              <Select
                id="start-subject"
                size="large"
                className="start-select"
                value={subject}
                placeholder={t('start.forPlaceholder')}
                showSearch={{ optionFilterProp: 'label' }}
                options={subjectOptions(process.for, me?.id, (c) => say(c.name), (name) => t('start.self', { name }))}
                onChange={(value: string) => {
                  setChosenSubject(value);
                  setStarted(undefined);
                  start.reset();
                }}
              />
              {start.isError && <ProblemAlert error={start.error} />}
              {started && (
                <Alert
                  type="success"
                  showIcon
                  role="status"
                  title={t('start.started', { process: started.process, person: started.person })}
                  description={t('start.startedHint')}
                  action={<Link to={`/instances/${encodeURIComponent(started.instanceId)}`}>{t('start.open')}</Link>}
                />
              )}
              <Button
                type="primary"
                size="large"
                block
                disabled={!subject || start.isPending}
                loading={start.isPending}
                onClick={() => subject && start.mutate({ process: process.key, subject })}
              >
                {t('start.start')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
