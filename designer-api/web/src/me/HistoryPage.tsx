import { useState } from 'react';
import { Button, Space, Typography } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../layout/ProblemAlert';
import { ReportFrame } from '../reports/ReportFrame';
import { downloadReport } from '../reports/reportFiles';

/** 我的历史: my own history report as the API renders it, and its ratings table as CSV or XLSX. */
export function HistoryPage() {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<Error | null>(null);
  const [busy, setBusy] = useState<'csv' | 'xlsx' | null>(null);
  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    setFailed(null);
    try {
      await downloadReport({ report: 'history' }, format);
    } catch (error) {
      setFailed(error as Error);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="page report-page">
      <Link to="/me" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('me.back')}
      </Link>
      <Typography.Title level={1}>{t('me.history.title')}</Typography.Title>
      <Space wrap className="report-downloads">
        <Button icon={<DownloadOutlined />} size="large" loading={busy === 'csv'} onClick={() => void download('csv')}>
          {t('team.csv')}
        </Button>
        <Button icon={<DownloadOutlined />} size="large" loading={busy === 'xlsx'} onClick={() => void download('xlsx')}>
          {t('team.xlsx')}
        </Button>
      </Space>
      {failed && <ProblemAlert error={failed} />}
      <ReportFrame address={{ report: 'history' }} title={t('me.history.title')} />
    </div>
  );
}
