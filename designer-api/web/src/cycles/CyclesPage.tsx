import { Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../signin/me';
import { CycleList } from './CycleList';

/** 考核周期 (HRBP, admin) / 我的团队 (managers): the place for cycles and teams; its pages come next. */
export function CyclesPage() {
  const { t } = useTranslation();
  const roles = useMe().data?.roles ?? [];
  if (roles.includes('hrbp') || roles.includes('admin')) return <CycleList />;
  const title = roles.includes('hrbp') || roles.includes('admin') ? t('cycles.title') : t('cycles.team');
  return (
    <div className="page">
      <Typography.Title level={1}>{title}</Typography.Title>
      <Empty description={t('cycles.empty')} />
    </div>
  );
}
