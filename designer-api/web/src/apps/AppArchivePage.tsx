import { Alert, Button, Card, Checkbox, Grid, List, Space, Table, Tag, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';
import { ProblemError, type Problem } from '../api/problems';
import { findingsOf, type Finding } from '../authoring/definitions';
import { ProblemAlert } from '../layout/ProblemAlert';
import { NotForYou } from '../admin/NotForYou';
import { saveBlob } from '../cycles/queries';
import { useMe } from '../signin/me';
import { byPlace, changing, checkedFiles, exportFileName, type CheckedFile, type ImportItem } from './appArchive';
import './apps.css';

type ImportAnswer = { published: boolean; dryRun: boolean; definitions: ImportItem[]; findings: Finding[] };

/** `POST /api/authoring/import` with the zip as the body: published or as drafts, checked only (dry run) or for real. */
function sendImport(zip: File, publish: boolean, dryRun: boolean): Promise<ImportAnswer> {
  return data(
    api.POST('/api/authoring/import', {
      params: { query: { publish, dryRun } },
      body: zip as never,
      bodySerializer: (body: unknown) => body as File,
      headers: { 'Content-Type': 'application/zip' },
    }),
  ) as Promise<ImportAnswer>;
}

async function fetchExport(drafts: boolean): Promise<Blob> {
  const result = await api.GET('/api/authoring/export', { params: { query: { drafts } }, parseAs: 'blob' });
  if (!result.response.ok) {
    const problem = typeof result.error === 'object' && result.error !== null ? (result.error as Partial<Problem>) : {};
    throw new ProblemError({ ...problem, status: result.response.status });
  }
  return result.data as Blob;
}

/**
 * 应用导入导出 (`/design/app`, HRBP and admin): the whole app — templates, processes, notification and report templates —
 * as one zip to keep in git, and back. An import is all or nothing: choosing a zip checks it first (the API's dry run,
 * the import itself rolled back), showing per file what publishing and what saving drafts would do, or every finding
 * with its file, line and column; only then may the author import it, and nothing changes before.
 */
export function AppArchivePage() {
  const { t } = useTranslation();
  const roles = useMe().data?.roles;
  const queries = useQueryClient();
  const [drafts, setDrafts] = useState(false);
  const [zip, setZip] = useState<File | null>(null);
  const exporting = useMutation({
    mutationFn: async () => saveBlob(await fetchExport(drafts), exportFileName(drafts, new Date())),
  });
  const checkPublish = useMutation({ mutationFn: (file: File) => sendImport(file, true, true) });
  const checkDrafts = useMutation({ mutationFn: (file: File) => sendImport(file, false, true) });
  const importing = useMutation({
    mutationFn: ({ file, publish }: { file: File; publish: boolean }) => sendImport(file, publish, false),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['authoring'] }),
  });

  if (roles && !roles.some((role) => role === 'admin' || role === 'hrbp')) return <NotForYou />;

  const choose = (file: File | null) => {
    setZip(file);
    importing.reset();
    checkPublish.reset();
    checkDrafts.reset();
    if (file) {
      checkPublish.mutate(file);
      checkDrafts.mutate(file);
    }
  };
  const checking = checkPublish.isPending || checkDrafts.isPending;
  const findings = byPlace(findingsOf(checkPublish.error).length > 0 ? findingsOf(checkPublish.error) : findingsOf(checkDrafts.error));
  const warnings = checkPublish.data?.findings ?? [];
  const checked = !checking && (checkPublish.isSuccess || checkDrafts.isSuccess) && findings.length === 0;
  const rows = checkedFiles(checkPublish.data?.definitions, checkDrafts.data?.definitions);
  const done = importing.isSuccess;

  return (
    <div className="page apps-page">
      <Link to="/design" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('apps.backToDesign')}
      </Link>
      <Typography.Title level={1}>{t('apps.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('apps.intro')}</Typography.Paragraph>

      <Card size="small" className="apps-card" title={<h2 className="card-title">{t('apps.export')}</h2>}>
        <Typography.Paragraph>{t('apps.exportHint')}</Typography.Paragraph>
        <Space wrap>
          <Checkbox checked={drafts} onChange={(e) => setDrafts(e.target.checked)}>
            {t('apps.withDrafts')}
          </Checkbox>
          <Button type="primary" icon={<DownloadOutlined aria-hidden />} loading={exporting.isPending} onClick={() => exporting.mutate()}>
            {t('apps.exportRun')}
          </Button>
        </Space>
        {exporting.isError && <ProblemAlert error={exporting.error} />}
      </Card>

      <Card size="small" className="apps-card" title={<h2 className="card-title">{t('apps.import')}</h2>}>
        <Typography.Paragraph>{t('apps.importHint')}</Typography.Paragraph>
        <Upload.Dragger
          accept=".zip,application/zip"
          multiple={false}
          maxCount={1}
          beforeUpload={(file) => {
            choose(file);
            return false;
          }}
          onRemove={() => choose(null)}
          fileList={zip ? [{ uid: 'zip', name: zip.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">{t('apps.choose')}</p>
          <p className="ant-upload-hint">{t('apps.chooseHint')}</p>
        </Upload.Dragger>

        {checking && (
          <Alert className="apps-alert" type="info" showIcon role="status" title={t('apps.checking')} />
        )}
        {!checking && findings.length === 0 && checkPublish.isError && checkDrafts.isError && <ProblemAlert error={checkPublish.error} />}

        {findings.length > 0 && (
          <section aria-labelledby="apps-findings" className="apps-result">
            <Alert className="apps-alert" type="error" showIcon role="alert" title={t('apps.refused', { count: findings.filter((f) => f.severity === 'error').length })} description={t('apps.nothingChanged')} />
            <h3 id="apps-findings" className="apps-subtitle">
              {t('apps.findings')}
            </h3>
            <Findings findings={findings} />
          </section>
        )}

        {checked && !done && (
          <section aria-labelledby="apps-check" className="apps-result">
            <Alert
              className="apps-alert"
              type="success"
              showIcon
              role="status"
              title={t('apps.checked', { files: rows.length, publish: changing(checkPublish.data?.definitions), drafts: changing(checkDrafts.data?.definitions) })}
              description={t('apps.checkedHint')}
            />
            <h3 id="apps-check" className="apps-subtitle">
              {t('apps.wouldDo')}
            </h3>
            <Files rows={rows} />
            {checkPublish.isError && <ProblemAlert error={checkPublish.error} />}
            {warnings.length > 0 && <Findings findings={byPlace(warnings)} />}
            <Space wrap className="apps-actions">
              <Button type="primary" size="large" disabled={!checkPublish.isSuccess} loading={importing.isPending && importing.variables?.publish} onClick={() => importing.mutate({ file: zip!, publish: true })}>
                {t('apps.importPublish')}
              </Button>
              <Button size="large" disabled={!checkDrafts.isSuccess} loading={importing.isPending && !importing.variables?.publish} onClick={() => importing.mutate({ file: zip!, publish: false })}>
                {t('apps.importDrafts')}
              </Button>
            </Space>
          </section>
        )}
        {importing.isError && <ProblemAlert error={importing.error} />}
        {findingsOf(importing.error).length > 0 && <Findings findings={byPlace(findingsOf(importing.error))} />}

        {done && (
          <section aria-labelledby="apps-done" className="apps-result">
            <Alert
              className="apps-alert"
              type="success"
              showIcon
              role="status"
              title={t(importing.data.published ? 'apps.donePublished' : 'apps.doneDrafts', { count: changing(importing.data.definitions) })}
            />
            <h3 id="apps-done" className="apps-subtitle">
              {t('apps.result')}
            </h3>
            <Files rows={checkedFiles(importing.data.published ? importing.data.definitions : undefined, importing.data.published ? undefined : importing.data.definitions)} only={importing.data.published ? 'publish' : 'draft'} />
          </section>
        )}
      </Card>
    </div>
  );
}

function ActionTag({ item }: { item?: ImportItem }) {
  const { t } = useTranslation();
  if (!item) return <Typography.Text type="secondary">—</Typography.Text>;
  // Blue, not green: Ant Design's green tag is below the contrast WCAG asks for.
  const color = item.action === 'published' ? 'blue' : undefined;
  return <Tag color={color}>{t(`apps.action.${item.action}`, { version: item.version ?? '' })}</Tag>;
}

/** Each file of the zip with what happens to it (both ways while checking; the way taken once imported). */
function Files({ rows, only }: { rows: CheckedFile[]; only?: 'publish' | 'draft' }) {
  const { t } = useTranslation();
  const phone = !(Grid.useBreakpoint().md ?? true);
  // Five columns do not fit a phone: one line per file there, what would happen under it.
  if (phone)
    return (
      <List
        size="small"
        className="apps-files"
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50 } : false}
        renderItem={(row) => (
          <List.Item key={row.file}>
            <div>
              <code className="apps-file-name">{row.file}</code>
              <div>
                <Typography.Text type="secondary">{t(`apps.kind.${row.kind}`)}</Typography.Text>
              </div>
              <Space wrap size={4}>
                {only !== 'draft' && (
                  <span>
                    {only ? t('apps.done') : t('apps.ifPublished')} <ActionTag item={row.publish} />
                  </span>
                )}
                {only !== 'publish' && (
                  <span>
                    {only ? t('apps.done') : t('apps.ifDrafts')} <ActionTag item={row.draft} />
                  </span>
                )}
              </Space>
            </div>
          </List.Item>
        )}
      />
    );
  return (
    <Table
      size="small"
      rowKey="file"
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50 } : false}
      columns={[
        { title: t('apps.file'), dataIndex: 'file', render: (file: string) => <code>{file}</code> },
        { title: t('apps.kindColumn'), dataIndex: 'kind', render: (kind: string) => t(`apps.kind.${kind}`) },
        { title: t('apps.key'), dataIndex: 'key', render: (key: string) => <code>{key}</code> },
        ...(only !== 'draft' ? [{ title: only ? t('apps.done') : t('apps.ifPublished'), key: 'publish', render: (_: unknown, row: CheckedFile) => <ActionTag item={row.publish} /> }] : []),
        ...(only !== 'publish' ? [{ title: only ? t('apps.done') : t('apps.ifDrafts'), key: 'draft', render: (_: unknown, row: CheckedFile) => <ActionTag item={row.draft} /> }] : []),
      ]}
    />
  );
}

/** Findings with their file, line and column, in the page's language. */
function Findings({ findings }: { findings: Finding[] }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      className="apps-findings"
      rowKey={(f) => `${f.file}-${f.line}-${f.column}-${f.code}-${f.path}-${f.language}-${f.part}`}
      dataSource={findings}
      pagination={findings.length > 50 ? { pageSize: 50 } : false}
      scroll={{ x: true }}
      columns={[
        { title: t('apps.file'), dataIndex: 'file', render: (file?: string | null) => (file ? <code>{file}</code> : '—') },
        { title: t('apps.line'), dataIndex: 'line', width: 64, render: (line?: number | null) => line ?? '—' },
        { title: t('apps.column'), dataIndex: 'column', width: 64, render: (column?: number | null) => column ?? '—' },
        {
          title: t('apps.problem'),
          key: 'message',
          render: (_: unknown, f: Finding) => (
            <span>
              <Tag color={f.severity === 'error' ? 'red' : 'orange'}>{t(f.severity === 'error' ? 'apps.error' : 'apps.warning')}</Tag>
              {f.language && <Tag>{`${f.language}${f.part ? ` · ${f.part}` : ''}`}</Tag>}
              {say(f.message)} <Typography.Text type="secondary">({f.code})</Typography.Text>
            </span>
          ),
        },
      ]}
    />
  );
}
