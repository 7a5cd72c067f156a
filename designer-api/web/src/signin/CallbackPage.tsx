import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { Loading } from '../layout/Loading';
import { useSession } from './session';

/** Where the identity provider sends the person back (/signin/callback): completes the sign-in, opens the page they came for. */
export function CallbackPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [failure, setFailure] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (session.status === 'loading' || started.current) return;
    started.current = true;
    session
      .completeOidc()
      .then((returnTo) => navigate(returnTo, { replace: true }))
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  }, [session, navigate]);

  if (!failure) return <Loading label={t('signin.completing')} />;
  return (
    <main className="signin" id="main">
      <Alert
        type="error"
        showIcon
        title={t('signin.failed', { reason: failure })}
        action={
          <Link to="/signin">
            <Button>{t('signin.retry')}</Button>
          </Link>
        }
      />
    </main>
  );
}
