import { Alert, Button, Checkbox, Drawer, Empty, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { appendTicked, filledItems, initialTicks, notYetChosen, roomLeft, toggleTick, type Proposal } from './indicatorPicks';

type Item = Record<string, unknown>;

/**
 * 从指标库选择: the library's indicators for the task's subject, best match first, each with the target and threshold
 * of their grade, to tick — no more than the list takes. Opened on an empty list, the best matches up to the list's
 * minimum come ticked. Nothing is written until the manager adds them; the items stay theirs to change.
 */
export function IndicatorPicker({
  taskId,
  roleFamily,
  items,
  onAdd,
  onClose,
}: {
  taskId: string;
  /** The role family the form chose, when it chose one: proposals follow it rather than the person's file. */
  roleFamily?: string;
  items: Item[];
  onAdd: (items: Item[]) => void;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const proposals = useQuery({
    queryKey: ['tasks', taskId, 'indicator-proposals', roleFamily ?? null],
    queryFn: () => data(api.GET('/api/tasks/{id}/indicator-proposals', { params: { path: { id: taskId }, query: roleFamily ? { roleFamily } : {} } })),
  });
  const [ticked, setTicked] = useState<string[] | null>(null);
  const answer = proposals.data;
  const offered = answer ? notYetChosen(answer.proposals, items) : [];
  const room = roomLeft(items, answer?.maxItems);
  useEffect(() => {
    if (answer && ticked === null) setTicked(initialTicks(answer.proposals, items, answer.minItems, answer.maxItems));
  }, [answer, items, ticked]);
  const chosen = ticked ?? [];
  const en = i18n.language.startsWith('en');
  const family = answer?.subject.roleFamily;

  return (
    <Drawer
      open
      title={t('kpiPicker.title')}
      placement="right"
      size="large"
      className="indicator-picker"
      onClose={onClose}
      footer={
        <div className="indicator-picker-footer">
          <span role="status">{Number.isFinite(room) ? t('kpiPicker.chosenOf', { count: chosen.length, room }) : t('kpiPicker.chosen', { count: chosen.length })}</span>
          <Space>
            <Button onClick={onClose}>{t('kpiPicker.cancel')}</Button>
            <Button type="primary" disabled={chosen.length === 0} onClick={() => answer && onAdd(appendTicked(items, answer.proposals, chosen, i18n.language, answer.maxItems))}>
              {t('kpiPicker.add', { count: chosen.length })}
            </Button>
          </Space>
        </div>
      }
    >
      {proposals.isPending && <Loading />}
      {proposals.isError && <ProblemAlert error={proposals.error} onRetry={() => void proposals.refetch()} />}
      {answer && (
        <>
          <Typography.Paragraph type="secondary">
            {t('kpiPicker.for', {
              family: family ? t(`kpiPicker.family.${family}`, { defaultValue: family }) : t('kpiPicker.noFamily'),
              level: answer.subject.level ?? t('kpiPicker.noLevel'),
            })}
          </Typography.Paragraph>
          {filledItems(items).length === 0 && offered.length > 0 && <Alert type="info" showIcon className="indicator-picker-hint" title={t('kpiPicker.startHint', { count: chosen.length })} />}
          {room === 0 && <Alert type="warning" showIcon className="indicator-picker-hint" title={t('kpiPicker.full')} />}
          {offered.length === 0 ? (
            <Empty description={t('kpiPicker.none')} />
          ) : (
            <ul className="indicator-picker-list" aria-label={t('kpiPicker.listLabel')}>
              {offered.map((p: Proposal) => {
                const checked = chosen.includes(p.key);
                return (
                  <li key={p.key} className={checked ? 'indicator-picker-item checked' : 'indicator-picker-item'}>
                    <Checkbox checked={checked} disabled={!checked && chosen.length >= room} onChange={() => setTicked(toggleTick(chosen, p.key, room))}>
                      <span className="indicator-picker-name">{en ? p.name.en : p.name['zh-CN']}</span>
                    </Checkbox>
                    <div className="indicator-picker-details">
                      <div>{en ? p.definition.en : p.definition['zh-CN']}</div>
                      <Space size={[4, 4]} wrap>
                        <Tag color="blue">{t('kpiPicker.target', { target: p.target, unit: p.unit })}</Tag>
                        {p.threshold != null && <Tag color="orange">{t('kpiPicker.threshold', { threshold: p.threshold, unit: p.unit })}</Tag>}
                        <Tag>{t(`kpiPicker.frequency.${p.frequency}`)}</Tag>
                        <Tag>{t(`kpiPicker.direction.${p.direction}`)}</Tag>
                        <Tag>{p.dataSource}</Tag>
                      </Space>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </Drawer>
  );
}
