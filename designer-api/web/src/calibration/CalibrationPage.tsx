import { Alert, Button, Card, Form, Grid, Input, List, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';
import { ProblemError } from '../api/problems';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { deviation, ratingsText } from './distribution';
import { ifMatch, useCalibration, type CalibratedPerson, type Calibration } from './queries';
import './calibration.css';

/** The longest reason the server takes. */
const maxReason = 500;

/**
 * One calibration: the distribution of the proposed and the final ratings against the guideline, band by band; the
 * people side by side with their evidence (what the reader may read of their instance), each adjusted in a dialog
 * with a rating and a reason; and closing, which releases the final ratings to the employees.
 */
export function CalibrationPage() {
  const { t } = useTranslation();
  const { cycleId, id } = useParams() as { cycleId: string; id: string };
  const calibration = useCalibration(cycleId, id);
  const [adjusting, setAdjusting] = useState<CalibratedPerson | null>(null);

  if (calibration.isPending) return <Loading />;
  if (calibration.isError) {
    return (
      <div className="page">
        <BackLink />
        <ProblemAlert error={calibration.error} onRetry={() => void calibration.refetch()} />
      </div>
    );
  }

  const c = calibration.data;
  const open = c.session.status === 'open';
  return (
    <div className="page calibration-page">
      <BackLink />
      <div className="calibration-heading">
        <Typography.Title level={1}>
          {t('calibration.titleOf', { department: say(c.session.department.name) })}{' '}
          <Tag color={open ? 'processing' : 'default'}>{t(`calibration.status.${c.session.status}`)}</Tag>
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          {c.session.cycleName} · {t('calibration.counts', { people: c.people, rated: c.rated, notRated: c.notRated })}
        </Typography.Paragraph>
        {open ? <CloseButton calibration={c} /> : <Alert type="success" showIcon title={t('calibration.released')} />}
      </div>
      <Distribution calibration={c} />
      <People calibration={c} onAdjust={setAdjusting} />
      {adjusting && <AdjustDialog calibration={c} person={adjusting} onDone={() => setAdjusting(null)} />}
    </div>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/calibrations" className="calibration-back">
      <ArrowLeftOutlined aria-hidden /> {t('calibration.back')}
    </Link>
  );
}

function Distribution({ calibration }: { calibration: Calibration }) {
  const { t } = useTranslation();
  return (
    <Card title={t('calibration.distribution')} className="calibration-distribution">
      <div className="calibration-bands">
        {calibration.bands.map((band) => {
          const final = deviation(band.finalPercent, band.guidelinePercent);
          return (
            <section key={say(band.label)} className="calibration-band" aria-label={say(band.label)}>
              <Typography.Title level={3}>
                {say(band.label)} <span className="calibration-ratings">{t('calibration.ratingsOf', { ratings: ratingsText(band.ratings) })}</span>
              </Typography.Title>
              <Bar label={t('calibration.guideline')} percent={band.guidelinePercent} text={t('calibration.guidelineCount', { percent: band.guidelinePercent, count: band.guidelineCount })} color="#bfbfbf" />
              <Bar label={t('calibration.proposed')} percent={band.proposedPercent} text={t('calibration.share', { percent: band.proposedPercent, count: band.proposedCount })} color="#91caff" />
              <Bar label={t('calibration.final')} percent={band.finalPercent} text={t('calibration.share', { percent: band.finalPercent, count: band.finalCount })} color={final.off ? '#fa8c16' : '#1677ff'} />
              {final.off && (
                <Tag color="orange">{t(final.points > 0 ? 'calibration.above' : 'calibration.below', { points: Math.abs(final.points) })}</Tag>
              )}
            </section>
          );
        })}
      </div>
      {calibration.notRated > 0 && <Typography.Paragraph type="secondary">{t('calibration.notRatedCount', { count: calibration.notRated })}</Typography.Paragraph>}
    </Card>
  );
}

function Bar({ label, percent, text, color }: { label: string; percent: number; text: string; color: string }) {
  return (
    <div className="calibration-bar">
      <span className="calibration-bar-label">{label}</span>
      <Progress percent={percent} showInfo={false} strokeColor={color} aria-label={`${label} ${text}`} />
      <span className="calibration-bar-value">{text}</span>
    </div>
  );
}

function People({ calibration, onAdjust }: { calibration: Calibration; onAdjust: (person: CalibratedPerson) => void }) {
  const { t } = useTranslation();
  const open = calibration.session.status === 'open';
  const rating = (value: number | null | undefined) => (value == null ? <Typography.Text type="secondary">{t('calibration.notRated')}</Typography.Text> : value);
  const phone = !(Grid.useBreakpoint().md ?? false);
  const evidence = (p: CalibratedPerson) =>
    p.evidence.length === 0 ? (
      <Typography.Text type="secondary">{t('calibration.noEvidence')}</Typography.Text>
    ) : (
      <dl className="calibration-evidence">
        {p.evidence.map((e) => (
          <div key={`${e.form}/${e.field}`}>
            <dt>{say(e.label)}</dt>
            <dd>{e.value}</dd>
          </div>
        ))}
      </dl>
    );
  const adjustButton = (p: CalibratedPerson) => (
    <Button size="small" onClick={() => onAdjust(p)} disabled={p.proposed == null && p.final == null} aria-label={t('calibration.adjustOf', { name: say(p.person.name) })}>
      {t('calibration.adjust')}
    </Button>
  );
  if (phone) {
    // A phone: one card per person, everything of theirs in one column.
    return (
      <Card title={t('calibration.people')}>
        <List
          dataSource={calibration.persons}
          rowKey={(p) => p.person.id}
          renderItem={(p) => (
            <List.Item className="calibration-person" actions={open ? [adjustButton(p)] : undefined}>
              <div>
                <Link to={`/instances/${p.instanceId}`} className="calibration-person-name">
                  {say(p.person.name)}
                </Link>
                {p.manager && (
                  <div>
                    <Typography.Text type="secondary">
                      {t('calibration.manager')} {say(p.manager.name)}
                    </Typography.Text>
                  </div>
                )}
                <div>
                  {t('calibration.proposedRating')} {rating(p.proposed)} → {t('calibration.finalRating')} <strong>{rating(p.final)}</strong>{' '}
                  {p.adjusted && <Tag color="blue">{t('calibration.adjusted')}</Tag>}
                </div>
                {p.reason && <div>{t('calibration.reason')}：{p.reason}</div>}
                {p.evidence.length > 0 && evidence(p)}
              </div>
            </List.Item>
          )}
        />
      </Card>
    );
  }
  return (
    <Card title={t('calibration.people')}>
      <Table<CalibratedPerson>
        rowKey={(p) => p.person.id}
        dataSource={calibration.persons}
        pagination={false}
        scroll={{ x: 860 }}
        columns={[
          { title: t('calibration.name'), key: 'name', fixed: 'left', width: 110, render: (_, p) => <Link to={`/instances/${p.instanceId}`}>{say(p.person.name)}</Link> },
          { title: t('calibration.manager'), key: 'manager', width: 100, render: (_, p) => (p.manager ? say(p.manager.name) : '—') },
          { title: t('calibration.proposedRating'), key: 'proposed', width: 90, render: (_, p) => rating(p.proposed) },
          {
            title: t('calibration.finalRating'),
            key: 'final',
            width: 110,
            render: (_, p) => (
              <Space size={4}>
                <strong>{rating(p.final)}</strong>
                {p.adjusted && <Tag color="blue">{t('calibration.adjusted')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('calibration.evidence'),
            key: 'evidence',
            render: (_, p) => evidence(p),
          },
          { title: t('calibration.reason'), key: 'reason', width: 180, render: (_, p) => p.reason ?? '—' },
          ...(open
            ? [
                {
                  title: t('calibration.action'),
                  key: 'action',
                  width: 90,
                  render: (_: unknown, p: CalibratedPerson) => adjustButton(p),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

function AdjustDialog({ calibration, person, onDone }: { calibration: Calibration; person: CalibratedPerson; onDone: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [rating, setRating] = useState<number | null>(person.final ?? null);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const { cycleId, id } = calibration.session;
  // The person as this dialog has shown them: the adjustment is sent with their version (If-Match), read when the
  // dialog opened, and after a conflict the one read again once the dialog shows what the other adjustment set.
  const [seen, setSeen] = useState(person);
  const [changed, setChanged] = useState(false);
  const adjust = useMutation({
    mutationFn: () =>
      data(
        api.PUT('/api/cycles/{cycleId}/calibrations/{id}/people/{personId}', {
          params: { path: { cycleId, id, personId: person.person.id } },
          headers: { 'If-Match': ifMatch(seen.version) },
          body: { rating: rating ?? undefined, reason },
        }),
      ),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['calibration', cycleId, id] });
      onDone();
    },
    // A conflict keeps what was typed: the calibration is read again and the dialog shows the other adjustment, so
    // that saving again overrides it knowingly.
    onError: async (error) => {
      if (!(error instanceof ProblemError && error.problem.status === 409)) return;
      await client.invalidateQueries({ queryKey: ['calibration', cycleId, id] });
      const latest = client.getQueryData<Calibration>(['calibration', cycleId, id])?.persons.find((p) => p.person.id === person.person.id);
      if (latest) {
        setSeen(latest);
        setChanged(true);
      }
    },
  });
  const conflict = adjust.error instanceof ProblemError && adjust.error.problem.status === 409;
  const serverError = (pointer: string) =>
    adjust.error instanceof ProblemError ? (adjust.error.problem.errors?.[pointer] ?? []).map((e) => e.message).join(' ') || undefined : undefined;
  const reasonError = tried && reason.trim().length === 0 ? t('calibration.reasonRequired') : serverError('/reason');
  const submit = () => {
    setTried(true);
    if (rating != null && reason.trim().length > 0) adjust.mutate();
  };

  return (
    <Modal
      open
      title={t('calibration.adjustTitle', { name: say(person.person.name) })}
      okText={t('calibration.save')}
      cancelText={t('calibration.cancel')}
      onOk={submit}
      onCancel={onDone}
      okButtonProps={{ loading: adjust.isPending }}
    >
      <Typography.Paragraph>{t('calibration.proposedWas', { rating: seen.proposed ?? '—' })}</Typography.Paragraph>
      {changed && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          className="calibration-changed"
          title={t('calibration.changedMeanwhile', { name: say(seen.person.name), rating: seen.final ?? t('calibration.notRated') })}
          description={seen.reason ? t('calibration.changedReason', { reason: seen.reason }) : undefined}
        />
      )}
      <Form layout="vertical">
        <Form.Item label={t('calibration.finalRating')} htmlFor="calibration-rating" required validateStatus={serverError('/rating') ? 'error' : undefined} help={serverError('/rating')}>
          <Select id="calibration-rating" value={rating} onChange={setRating} options={calibration.ratingValues.map((v) => ({ value: v, label: String(v) }))} />
        </Form.Item>
        <Form.Item label={t('calibration.reason')} htmlFor="calibration-reason" required validateStatus={reasonError ? 'error' : undefined} help={reasonError}>
          <Input.TextArea id="calibration-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={maxReason} showCount rows={4} />
        </Form.Item>
      </Form>
      {adjust.isError && !(conflict && changed) && !serverError('/reason') && !serverError('/rating') && <ProblemAlert error={adjust.error} />}
    </Modal>
  );
}

function CloseButton({ calibration }: { calibration: Calibration }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const { cycleId, id, version } = calibration.session;
  const close = useMutation({
    mutationFn: () => data(api.POST('/api/cycles/{cycleId}/calibrations/{id}/close', { params: { path: { cycleId, id } }, headers: { 'If-Match': ifMatch(version) } })),
    onSuccess: (closed) => {
      client.setQueryData(['calibration', cycleId, id], closed);
      void client.invalidateQueries({ queryKey: ['calibrations'] });
      setConfirming(false);
    },
  });
  return (
    <>
      <Button type="primary" onClick={() => setConfirming(true)}>
        {t('calibration.close')}
      </Button>
      <Modal
        open={confirming}
        title={t('calibration.closeTitle')}
        okText={t('calibration.closeConfirm')}
        cancelText={t('calibration.cancel')}
        onOk={() => close.mutate()}
        onCancel={() => setConfirming(false)}
        okButtonProps={{ loading: close.isPending }}
      >
        <Typography.Paragraph>{t('calibration.closeText')}</Typography.Paragraph>
        {close.isError && <ProblemAlert error={close.error} />}
      </Modal>
    </>
  );
}

