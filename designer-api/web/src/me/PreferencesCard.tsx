import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { ProblemError } from '../api/problems';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { localOffset, localToUtc, utcToLocal } from './digestTime';

type Digest = 'none' | 'daily';

/** 通知偏好: one mail per notice or a daily digest at a time of the person's day (kept in UTC by the API). */
export function PreferencesCard() {
  const { t } = useTranslation();
  const preferences = useQuery({ queryKey: ['preferences'], queryFn: () => data(api.GET('/api/me/preferences')) });
  return (
    <Card title={<h2 className="card-title">{t('me.prefs.title')}</h2>} className="me-card">
      {preferences.isPending ? (
        <Loading />
      ) : preferences.isError ? (
        <ProblemAlert error={preferences.error} onRetry={() => void preferences.refetch()} />
      ) : (
        <PreferencesForm digest={preferences.data.digest as Digest} utc={preferences.data.digestTimeUtc} />
      )}
    </Card>
  );
}

function PreferencesForm({ digest: storedDigest, utc }: { digest: Digest; utc: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const offset = localOffset();
  const [digest, setDigest] = useState<Digest>(storedDigest);
  // A person who never chose a time is offered 09:00 of their own day.
  const [time, setTime] = useState(storedDigest === 'daily' || utc !== '00:00' ? (utcToLocal(utc, offset) ?? '09:00') : '09:00');
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: () => {
      const digestTimeUtc = localToUtc(time, offset);
      return data(api.PUT('/api/me/preferences', { body: { digest, ...(digestTimeUtc ? { digestTimeUtc } : {}) } }));
    },
    onSuccess: (answer) => {
      queries.setQueryData(['preferences'], answer);
      setSaved(true);
    },
  });
  useEffect(() => setSaved(false), [digest, time]);

  const problem = save.error instanceof ProblemError ? save.error.problem : undefined;
  const fieldError = (pointer: string) => problem?.errors?.[pointer]?.map((e) => e.message).join(' ');
  const timeMissing = digest === 'daily' && localToUtc(time, offset) === undefined;
  const otherProblem = save.isError && !fieldError('/digest') && !fieldError('/digestTimeUtc');

  return (
    <Form layout="vertical" onFinish={() => save.mutate()} requiredMark={false}>
      <Form.Item label={t('me.prefs.mail')} validateStatus={fieldError('/digest') ? 'error' : undefined} help={fieldError('/digest')}>
        <Radio.Group value={digest} onChange={(e) => setDigest(e.target.value as Digest)} className="prefs-choice">
          <Radio value="none">{t('me.prefs.eachNotice')}</Radio>
          <Radio value="daily">{t('me.prefs.daily')}</Radio>
        </Radio.Group>
      </Form.Item>
      {digest === 'daily' && (
        <Form.Item
          label={t('me.prefs.time')}
          htmlFor="digest-time"
          validateStatus={fieldError('/digestTimeUtc') || timeMissing ? 'error' : undefined}
          help={fieldError('/digestTimeUtc') ?? (timeMissing ? t('me.prefs.timeMissing') : t('me.prefs.timeHint'))}
        >
          <Input id="digest-time" type="time" value={time} onChange={(e) => setTime(e.target.value)} className="prefs-time" size="large" />
        </Form.Item>
      )}
      {otherProblem && <ProblemAlert error={save.error} onRetry={() => save.mutate()} />}
      <div className="prefs-actions">
        {saved && (
          <Typography.Text className="prefs-saved" role="status">
            {t('me.prefs.saved')}
          </Typography.Text>
        )}
        <Button type="primary" htmlType="submit" size="large" loading={save.isPending} disabled={timeMissing}>
          {t('me.prefs.save')}
        </Button>
      </div>
      {digest === 'daily' && <Alert type="info" showIcon title={t('me.prefs.dailyHint')} className="prefs-hint" />}
    </Form>
  );
}
