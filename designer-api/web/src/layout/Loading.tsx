import { Spin } from 'antd';
import { useTranslation } from 'react-i18next';

/** A page or part of one that is on its way. */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spin />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}
