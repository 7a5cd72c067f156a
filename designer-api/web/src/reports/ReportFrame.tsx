import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { reportHtml, type ReportAddress } from './reportFiles';

/**
 * A report as the API renders it, in a frame with every sandbox restriction: its template is an author's and its data
 * what people wrote, so nothing in it runs, navigates or reaches this page.
 */
export function ReportFrame({ address, title }: { address: ReportAddress; title: string }) {
  const { i18n } = useTranslation();
  const html = useQuery({
    queryKey: ['report', address, i18n.language],
    queryFn: () => reportHtml(address),
  });
  if (html.isPending) return <Loading />;
  if (html.isError) return <ProblemAlert error={html.error} onRetry={() => void html.refetch()} />;
  return <iframe className="report-frame" sandbox="" srcDoc={html.data} title={title} />;
}
