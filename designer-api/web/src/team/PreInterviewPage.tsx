import { Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';
import { ReportFrame } from '../reports/ReportFrame';

/** 面谈前分析: the pre-interview report of a person I oversee, as the API renders it (404 for anyone else: the frame says so). */
export function PreInterviewPage() {
  const { t } = useTranslation();
  const { personId = '' } = useParams();
  const person = useQuery({
    queryKey: ['person', personId],
    queryFn: () => data(api.GET('/api/organisation/people/{id}', { params: { path: { id: personId } } })),
    retry: false,
  });
  const title = person.data ? t('team.preInterviewTitle', { name: say(person.data.name) }) : t('team.preInterview');
  return (
    <div className="page report-page">
      <Link to="/team" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('team.back')}
      </Link>
      <Typography.Title level={1}>{title}</Typography.Title>
      <ReportFrame address={{ report: 'pre-interview', employeeId: personId }} title={title} />
    </div>
  );
}
