import { Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../signin/me';
import { CycleList } from './CycleList';

/** 考核周期: the cycles an HRBP or an administrator manages, or a department head watches; nothing for anyone else. */
export function CyclesPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const roles = me?.roles ?? [];
  if (roles.includes('hrbp') || roles.includes('admin') || (me?.headOf ?? []).length > 0) return <CycleList />;
  const title = roles.includes('hrbp') || roles.includes('admin') ? t('cycles.title') : t('cycles.team');
  return (
    <div className="page">
      <Typography.Title level={1}>{title}</Typography.Title>
      <Empty description={t('cycles.empty')} />
    </div>
  );
}
