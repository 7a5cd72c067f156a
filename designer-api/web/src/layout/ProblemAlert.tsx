import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemError, remedyOf } from '../api/problems';

/** A failed request: what failed, in the person's language (the API's own words when it answered), and what to do. */
export function ProblemAlert({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useTranslation();
  const problem = error instanceof ProblemError ? error.problem : { status: 0 };
  const remedy = remedyOf(problem);
  const text =
    problem.status === 0 ? t('error.network') : problem.status >= 500 ? t('error.server') : (error.message || t('error.title'));
  const action =
    remedy === 'retry' && onRetry ? (
      <Button onClick={onRetry}>{t('error.retry')}</Button>
    ) : remedy === 'reload' ? (
      <Button onClick={() => window.location.reload()}>{t('error.reload')}</Button>
    ) : undefined;
  return <Alert type="error" showIcon title={text} action={action} role="alert" />;
}
