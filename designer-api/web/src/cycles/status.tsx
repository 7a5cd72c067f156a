import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../tasks/due';
import type { Cycle } from './queries';

/** A cycle's status as a tag: 进行中 (open), 已关闭 (closed), 已取消 (cancelled). */
export function CycleStatus({ status }: { status: string }) {
  const { t } = useTranslation();
  const known = ['open', 'closed', 'cancelled'].includes(status);
  return <Tag className={`cycle-status ${known ? status : ''}`}>{known ? t(`hrbp.status.${status}`) : status}</Tag>;
}

/** A cycle's window in the page's language: 2026年12月1日 – 2027年1月31日. */
export function useWindowText() {
  const { i18n } = useTranslation();
  return (cycle: Cycle) => `${formatDate(cycle.startsAt, i18n.language)} – ${formatDate(cycle.endsAt, i18n.language)}`;
}
