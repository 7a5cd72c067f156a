import { Empty, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../signin/me';
import { CycleList } from './CycleList';
import { mayLaunchCycles } from './launching';

/** 考核周期: the cycles an HRBP or an administrator manages, or a department head watches and launches; nothing for anyone else. */
export function CyclesPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (mayLaunchCycles(me)) return <CycleList />;
  return (
    <div className="page">
      <Typography.Title level={1}>{t('cycles.team')}</Typography.Title>
      <Empty description={t('cycles.empty')} />
    </div>
  );
}
