import { Alert, Button, Card, Table, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { importProblems } from '../api/problems';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { NotForYou } from '../admin/NotForYou';
import '../admin/admin.css';


/**
 * 导入组织架构 (administrators): choose a .csv or .xlsx file, check it (a dry run: each problem by row and column,
 * nothing written), then import it. Importing is offered only once the file as chosen has passed its check.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const roles = useMe().data?.roles;
  const [file, setFile] = useState<File | null>(null);
  const send = (dryRun: boolean) => {
    const form = new FormData();
    form.append('file', file!);
    return data(
      api.POST('/api/organisation/import', {
        params: { query: { dryRun } },
        body: form as never,
        bodySerializer: (body: unknown) => body as FormData,
      }),
    );
  };
  const check = useMutation({ mutationFn: () => send(true) });
  const load = useMutation({ mutationFn: () => send(false) });

  if (roles && !roles.includes('admin')) return <NotForYou />;

  const problems = importProblems(check.error);
  const choose = (chosen: File | null) => {
    setFile(chosen);
    check.reset();
    load.reset();
  };
  return (
    <div className="page import-page">
      <Link to="/admin" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('hrbp.backToAdmin')}
      </Link>
      <Typography.Title level={1}>{t('hrbp.importTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('hrbp.importIntro')}</Typography.Paragraph>
      <Card size="small" className="admin-card">
        <Upload.Dragger
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          maxCount={1}
          beforeUpload={(chosen) => {
            choose(chosen);
            return false;
          }}
          onRemove={() => choose(null)}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">{t('hrbp.importChoose')}</p>
          <p className="ant-upload-hint">{t('hrbp.importHint')}</p>
        </Upload.Dragger>
        <div className="admin-actions">
          <Button size="large" disabled={!file} loading={check.isPending} onClick={() => check.mutate()}>
            {t('hrbp.importCheck')}
          </Button>
          <Button size="large" type="primary" disabled={!check.isSuccess || load.isSuccess} loading={load.isPending} onClick={() => load.mutate()}>
            {t('hrbp.importRun')}
          </Button>
        </div>
      </Card>

      {check.isSuccess && !load.isSuccess && (
        <Alert type="success" showIcon role="status" title={t('hrbp.importChecked', { people: check.data.people, departments: check.data.departments })} />
      )}
      {load.isSuccess && (
        <Alert type="success" showIcon role="status" title={t('hrbp.imported', { people: load.data.people, departments: load.data.departments })} />
      )}
      {load.isError && <ProblemAlert error={load.error} />}
      {check.isError && problems.length === 0 && <ProblemAlert error={check.error} />}
      {problems.length > 0 && (
        <Card size="small" className="admin-card" title={<h2 className="card-title">{t('hrbp.importProblems', { count: problems.length })}</h2>}>
          <Typography.Paragraph>{t('hrbp.importNothingWritten')}</Typography.Paragraph>
          <Table
            size="small"
            rowKey={(p) => `${p.row}-${p.column ?? ''}-${p.code}-${p.message}`}
            dataSource={problems}
            pagination={problems.length > 50 ? { pageSize: 50 } : false}
            scroll={{ x: true }}
            columns={[
              { title: t('hrbp.row'), dataIndex: 'row', width: 64, render: (row: number, p) => (row === 0 ? t('hrbp.wholeFile') : p.rows.length > 1 ? p.rows.join(', ') : row) },
              { title: t('hrbp.column'), dataIndex: 'column', width: 140, render: (column?: string | null) => column ?? '—' },
              { title: t('hrbp.problem'), dataIndex: 'message' },
            ]}
          />
        </Card>
      )}
    </div>
  );
}
