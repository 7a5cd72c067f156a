import { Alert, Button, Card, Empty, Form, List, Select, Tag, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';
import { ProblemError } from '../api/problems';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { useCycles, useDepartments } from '../cycles/queries';
import { useCalibrations } from './queries';
import './calibration.css';

/**
 * 绩效校准: the calibrations the person may read, the newest first, and for an HRBP or an administrator the form that
 * opens one — a cycle and a department (the cycle page links here with its cycle chosen), the default 20/70/10 guideline.
 */
export function CalibrationsPage() {
  const { t } = useTranslation();
  const [search] = useSearchParams();
  const chosenCycle = search.get('cycle');
  const roles = useMe().data?.roles ?? [];
  const opens = roles.includes('hrbp') || roles.includes('admin');
  const calibrations = useCalibrations();

  if (calibrations.isPending) return <Loading />;
  if (calibrations.isError) return <div className="page"><ProblemAlert error={calibrations.error} onRetry={() => void calibrations.refetch()} /></div>;
  const shown = calibrations.data.filter((c) => chosenCycle === null || c.cycleId === chosenCycle);

  return (
    <div className="page calibration-page">
      <Typography.Title level={1}>{t('calibration.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('calibration.intro')}</Typography.Paragraph>
      {opens && <OpenCalibration cycleId={chosenCycle} />}
      <Card title={t('calibration.sessions')}>
        {shown.length === 0 ? (
          <Empty description={t('calibration.none')} />
        ) : (
          <List
            dataSource={shown}
            renderItem={(c) => (
              <List.Item>
                <List.Item.Meta
                  title={<Link to={`/calibrations/${encodeURIComponent(c.cycleId)}/${c.id}`}>{say(c.department.name)} · {c.cycleName}</Link>}
                  description={t('calibration.openedBy', { name: say(c.openedBy.name), date: new Date(c.openedAt).toLocaleDateString() })}
                />
                <Tag color={c.status === 'open' ? 'processing' : 'default'}>{t(`calibration.status.${c.status}`)}</Tag>
              </List.Item>
            )}
          />
        )}
      </Card>
    </div>
  );
}

function OpenCalibration({ cycleId }: { cycleId: string | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const cycles = useCycles(1, 100);
  const departments = useDepartments();
  const [cycle, setCycle] = useState<string | null>(cycleId);
  const [department, setDepartment] = useState<string | null>(null);
  const open = useMutation({
    mutationFn: () => data(api.POST('/api/cycles/{cycleId}/calibrations', { params: { path: { cycleId: cycle! } }, body: { departmentId: department ?? undefined } })),
    onSuccess: (made) => {
      void client.invalidateQueries({ queryKey: ['calibrations'] });
      void navigate(`/calibrations/${encodeURIComponent(made.session.cycleId)}/${made.session.id}`);
    },
  });
  const fieldError = (pointer: string) =>
    open.error instanceof ProblemError ? (open.error.problem.errors?.[pointer] ?? []).map((e) => e.message).join(' ') || undefined : undefined;

  return (
    <Card title={t('calibration.open')} className="calibration-open">
      <Form layout="vertical" onFinish={() => open.mutate()}>
        <Form.Item label={t('calibration.cycle')} htmlFor="calibration-cycle" required validateStatus={fieldError('/cycleId') ? 'error' : undefined} help={fieldError('/cycleId')}>
          <Select
            id="calibration-cycle"
            value={cycle}
            onChange={setCycle}
            loading={cycles.isPending}
            options={(cycles.data?.items ?? []).filter((c) => c.status === 'open').map((c) => ({ value: c.id, label: c.name }))}
            placeholder={t('calibration.pickCycle')}
          />
        </Form.Item>
        <Form.Item label={t('calibration.department')} htmlFor="calibration-department" required validateStatus={fieldError('/departmentId') ? 'error' : undefined} help={fieldError('/departmentId')}>
          <Select
            id="calibration-department"
            value={department}
            onChange={setDepartment}
            showSearch
            optionFilterProp="label"
            loading={departments.isPending}
            options={(departments.data ?? []).filter((d) => d.mayLaunch).map((d) => ({ value: d.id, label: say(d.name) }))}
            placeholder={t('calibration.pickDepartment')}
          />
        </Form.Item>
        <Typography.Paragraph type="secondary">{t('calibration.defaultGuideline')}</Typography.Paragraph>
        {open.isError && !fieldError('/cycleId') && !fieldError('/departmentId') && <ProblemAlert error={open.error} />}
        {open.isError && (fieldError('/cycleId') || fieldError('/departmentId')) && <Alert type="error" showIcon title={open.error.message} />}
        <Button type="primary" htmlType="submit" disabled={!cycle || !department} loading={open.isPending}>
          {t('calibration.openButton')}
        </Button>
      </Form>
    </Card>
  );
}
