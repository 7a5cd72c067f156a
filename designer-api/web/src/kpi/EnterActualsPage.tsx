import { useRef, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Table, Tag, Typography, Upload } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';
import { importProblems } from '../api/problems';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { entriesOf, formatValue, latest, pointOf, type Entry } from './kpi';
import { PersonPicker } from './PersonPicker';
import { useKpiBoard, useKpiPeople } from './queries';
import './kpi.css';

/**
 * 录入实际值: one screen on a phone. Pick the person (oneself, or someone of one's team), see each indicator with its
 * target, threshold, unit and last value, type last period's numbers and save once. Those who oversee people may also
 * import a .csv or .xlsx file (all rows or none, each bad row named).
 */
export function EnterActualsPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const people = useKpiPeople();
  const [search, setSearch] = useSearchParams();
  const personId = search.get('person') ?? me?.id;
  const board = useKpiBoard(personId);
  const queries = useQueryClient();
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [invalid, setInvalid] = useState<string[]>([]);

  // One key per save asked for: a second tap, or a retry after a lost answer, writes nothing more.
  const attempt = useRef<{ request: string; key: string } | null>(null);
  const save = useMutation({
    mutationFn: (entries: Entry[]) => {
      const body = { source: 'hand', entries };
      const request = JSON.stringify(body);
      if (attempt.current?.request !== request) attempt.current = { request, key: crypto.randomUUID() };
      return data(api.POST('/api/kpi/actuals', { body, params: { header: { 'Idempotency-Key': attempt.current.key } } }));
    },
    onSuccess: () => {
      attempt.current = null;
      setTyped({});
      void queries.invalidateQueries({ queryKey: ['kpi'] });
    },
  });

  if (people.isPending || (board.isPending && !!personId)) return <Loading />;
  if (people.isError) return <ProblemAlert error={people.error} onRetry={() => void people.refetch()} />;
  if (board.isError) return <ProblemAlert error={board.error} onRetry={() => void board.refetch()} />;

  const indicators = board.data?.indicators ?? [];
  const choose = (id: string) => {
    setSearch({ person: id });
    setTyped({});
    setInvalid([]);
    save.reset();
  };
  const submit = () => {
    const { entries, invalid: wrong } = entriesOf(personId!, indicators, typed);
    setInvalid(wrong);
    if (wrong.length === 0 && entries.length > 0) save.mutate(entries);
  };
  const nothingTyped = entriesOf(personId ?? '', indicators, typed).entries.length === 0 && invalid.length === 0;

  return (
    <div className="page kpi-page">
      <Typography.Title level={1}>{t('kpi.enterTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('kpi.enterIntro')}</Typography.Paragraph>
      <PersonPicker people={people.data.items} value={personId} meId={me?.id} onChange={choose} />
      {indicators.length === 0 ? (
        <Empty description={t('kpi.noIndicators')} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <div className="kpi-cards">
            {indicators.map((indicator) => {
              const last = latest(indicator);
              const recorded = pointOf(indicator, indicator.lastPeriod);
              const inputId = `kpi-value-${indicator.id}`;
              const wrong = invalid.includes(indicator.id);
              return (
                <Card key={indicator.id} size="small" className={indicator.warning ? 'kpi-card warning' : 'kpi-card'}>
                  <h2 className="kpi-card-title">
                    {indicator.name}
                    {indicator.warning && <Tag color="red">{t('kpi.warningTag')}</Tag>}
                  </h2>
                  <div className="kpi-facts">
                    <span>
                      {t('kpi.target')} <strong>{indicator.target ?? '—'}</strong> {indicator.unit}
                    </span>
                    <span>
                      {t('kpi.threshold')} <strong>{indicator.threshold ?? '—'}</strong>
                    </span>
                    <span>{t(indicator.direction === 'lower-better' ? 'kpi.lowerBetter' : 'kpi.higherBetter')}</span>
                    <span>
                      {t('kpi.lastValue')}{' '}
                      <strong>{last ? `${formatValue(last.value)} ${indicator.unit ?? ''}（${last.period}）` : t('kpi.none')}</strong>
                    </span>
                  </div>
                  <div className="kpi-entry-row">
                    <label htmlFor={inputId} className="kpi-label">
                      {t('kpi.valueFor', { period: indicator.lastPeriod })}
                    </label>
                    <Input
                      id={inputId}
                      size="large"
                      inputMode="decimal"
                      className="kpi-entry-input"
                      suffix={indicator.unit}
                      placeholder={recorded ? formatValue(recorded.value) : t('kpi.valuePlaceholder')}
                      value={typed[indicator.id] ?? ''}
                      status={wrong ? 'error' : undefined}
                      aria-invalid={wrong}
                      aria-describedby={wrong ? `${inputId}-error` : undefined}
                      onChange={(e) => {
                        setTyped({ ...typed, [indicator.id]: e.target.value });
                        setInvalid(invalid.filter((i) => i !== indicator.id));
                        save.reset();
                      }}
                    />
                    {wrong && (
                      <Typography.Text type="danger" id={`${inputId}-error`}>
                        {t('kpi.notANumber')}
                      </Typography.Text>
                    )}
                    {recorded && !wrong && <Typography.Text type="secondary">{t('kpi.recorded', { value: formatValue(recorded.value) })}</Typography.Text>}
                  </div>
                </Card>
              );
            })}
          </div>
          {save.isError && <ProblemAlert error={save.error} />}
          {save.isSuccess && (
            <Alert
              type={save.data.warningsOpened > 0 ? 'warning' : 'success'}
              showIcon
              role="status"
              title={t('kpi.saved', { count: save.data.written })}
              description={save.data.warningsOpened > 0 ? t('kpi.savedWarnings', { count: save.data.warningsOpened }) : undefined}
              action={<Link to={`/kpi/board?person=${encodeURIComponent(personId!)}`}>{t('kpi.openBoard')}</Link>}
            />
          )}
          <Button type="primary" size="large" block htmlType="submit" className="kpi-save" disabled={nothingTyped || save.isPending} loading={save.isPending}>
            {t('kpi.save')}
          </Button>
        </form>
      )}
      {people.data.items.length > 1 && <FileImport />}
      {board.data && (
        <Typography.Paragraph className="kpi-section-title">
          <Link to={`/kpi/board?person=${encodeURIComponent(board.data.person.id)}`}>{t('kpi.boardOf', { name: say(board.data.person.name) })}</Link>
        </Typography.Paragraph>
      )}
    </div>
  );
}

/** Importing a file of actuals (person_id, indicator, period, value): all rows or none, each bad row named. */
function FileImport() {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const load = useMutation({
    mutationFn: () => {
      const form = new FormData();
      form.append('file', file!);
      return data(api.POST('/api/kpi/actuals/import', { body: form as never, bodySerializer: (body: unknown) => body as FormData }));
    },
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['kpi'] }),
  });
  const problems = importProblems(load.error);
  return (
    <Card size="small" className="kpi-section-title" title={<h2 className="kpi-card-title">{t('kpi.importTitle')}</h2>}>
      <Typography.Paragraph type="secondary">{t('kpi.importHint')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        maxCount={1}
        beforeUpload={(chosen) => {
          setFile(chosen);
          load.reset();
          return false;
        }}
        onRemove={() => {
          setFile(null);
          load.reset();
        }}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">{t('kpi.importChoose')}</p>
      </Upload.Dragger>
      <Button size="large" type="primary" block className="kpi-save" disabled={!file || load.isSuccess} loading={load.isPending} onClick={() => load.mutate()}>
        {t('kpi.importRun')}
      </Button>
      {load.isSuccess && <Alert type="success" showIcon role="status" title={t('kpi.imported', { count: load.data.written })} />}
      {load.isError && problems.length === 0 && <ProblemAlert error={load.error} />}
      {problems.length > 0 && (
        <>
          <Typography.Paragraph type="danger">{t('kpi.importProblems', { count: problems.length })}</Typography.Paragraph>
          <Table
            size="small"
            rowKey={(p) => `${p.row}-${p.column ?? ''}-${p.code}`}
            dataSource={problems}
            pagination={problems.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: true }}
            columns={[
              { title: t('kpi.row'), dataIndex: 'row', width: 56, render: (row: number) => (row === 0 ? t('kpi.wholeFile') : row) },
              { title: t('kpi.column'), dataIndex: 'column', width: 96, render: (column?: string | null) => column ?? '—' },
              { title: t('kpi.problem'), dataIndex: 'message' },
            ]}
          />
        </>
      )}
    </Card>
  );
}
