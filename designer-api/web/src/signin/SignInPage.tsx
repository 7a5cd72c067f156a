import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, data, say, type Schemas } from '../api/client';
import { ProblemError } from '../api/problems';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { Loading } from '../layout/Loading';
import { safeReturnTo } from './returnTo';
import { useSession } from './session';

type DevPerson = Schemas['DevPersonResponse'];

/**
 * The sign-in page: with the development sign-in on, a list of the organisation's people to pick (the demo team
 * first); with OpenID Connect configured, the way to the identity provider (taken at once when it is the only way).
 */
export function SignInPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const returnTo = safeReturnTo(params.get('returnTo'));
  const [failure, setFailure] = useState<string | null>(null);
  const onlyOidc = session.config?.oidc && !session.config.devSignIn;
  const autoRedirect = onlyOidc && !params.has('signedOut') && !params.has('error') && session.status === 'signed-out';

  useEffect(() => {
    if (session.status === 'signed-in') navigate(returnTo, { replace: true });
  }, [session.status, navigate, returnTo]);

  useEffect(() => {
    if (autoRedirect) void session.signInOidc(returnTo).catch((e: unknown) => setFailure(String(e)));
  }, [autoRedirect, session, returnTo]);

  if (session.status === 'loading') return <Loading />;

  return (
    <main className="signin" id="main">
      <div className="signin-top">
        <Typography.Title level={1} className="signin-title">
          {t('signin.title')}
        </Typography.Title>
        <LanguageSwitch />
      </div>
      {session.ended === 'expired' && <Alert type="warning" showIcon title={t('signin.expired')} />}
      {failure && <Alert type="error" showIcon title={t('signin.failed', { reason: failure })} />}
      {params.get('error') && <Alert type="error" showIcon title={t('signin.failed', { reason: params.get('error') })} />}
      {session.config?.oidc && (
        <Card>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Paragraph>{autoRedirect ? t('signin.redirecting') : t('signin.oidcHint')}</Typography.Paragraph>
            <Button type="primary" size="large" block onClick={() => void session.signInOidc(returnTo).catch((e: unknown) => setFailure(String(e)))}>
              {t('signin.oidc')}
            </Button>
          </Space>
        </Card>
      )}
      {session.config?.devSignIn && <DevPeople onPick={(id) => session.signInDev(id).catch((e: unknown) => setFailure(e instanceof ProblemError ? e.message : String(e)))} />}
      {!session.config?.oidc && !session.config?.devSignIn && <Alert type="info" showIcon title={t('signin.noWay')} />}
    </main>
  );
}

function DevPeople({ onPick }: { onPick: (personId: string) => Promise<unknown> }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const people = useQuery({ queryKey: ['dev-people'], queryFn: () => data(api.GET('/api/auth/dev-people')) });
  const shown = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    const all = people.data ?? [];
    return needle === ''
      ? all
      : all.filter((p) => [p.name['zh-CN'], p.name.en, p.department?.name['zh-CN'] ?? '', p.department?.name.en ?? ''].some((s) => s.toLowerCase().includes(needle)));
  }, [people.data, filter]);

  const pick = async (person: DevPerson) => {
    setBusy(person.id);
    try {
      await onPick(person.id);
    } finally {
      setBusy(null);
    }
  };
  const row = (person: DevPerson) => (
    <List.Item>
      <Button
        className="person-button"
        block
        size="large"
        loading={busy === person.id}
        onClick={() => void pick(person)}
      >
        <span className="person-name">{say(person.name)}</span>{' '}
        <span className="person-meta">
          {person.roles.map((role) => (
            <Tag key={role} color={role === 'employee' ? 'default' : 'blue'}>
              {t(`role.${role}`, { defaultValue: role })}
            </Tag>
          ))}{' '}
          {person.department && <span className="person-department">{say(person.department.name)}</span>}
        </span>
      </Button>
    </List.Item>
  );

  if (people.isPending) return <Loading />;
  if (people.isError) return <Alert type="error" showIcon title={people.error.message} />;
  const suggested = shown.filter((p) => p.suggested);
  const others = shown.filter((p) => !p.suggested);
  return (
    <Card title={t('signin.devTitle')}>
      <Typography.Paragraph type="secondary">{t('signin.devHint')}</Typography.Paragraph>
      <Input.Search allowClear size="large" placeholder={t('signin.search')} aria-label={t('signin.search')} value={filter} onChange={(e) => setFilter(e.target.value)} />
      {suggested.length > 0 && (
        <>
          <Typography.Title level={2} className="signin-group">{t('signin.suggested')}</Typography.Title>
          <List dataSource={suggested} renderItem={row} split={false} />
        </>
      )}
      {others.length > 0 && (
        <>
          <Typography.Title level={2} className="signin-group">{t('signin.others')}</Typography.Title>
          <List dataSource={others} renderItem={row} split={false} />
        </>
      )}
    </Card>
  );
}
