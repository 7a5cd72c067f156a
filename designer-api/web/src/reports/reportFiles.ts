import { api } from '../api/client';
import { ProblemError, type Problem } from '../api/problems';
import { fileNameOf } from './fileName';

/** The reports this page reads, with the address each is at and its query. */
export type ReportAddress =
  | { report: 'history'; employeeId?: string }
  | { report: 'pre-interview'; employeeId: string }
  | { report: 'follow-up'; managerId?: string };

export type ReportFormat = 'html' | 'csv' | 'xlsx';

async function request(address: ReportAddress, format: ReportFormat, table?: string): Promise<Response> {
  const query = { format, ...(table ? { table } : {}) };
  let result: { response: Response };
  try {
    switch (address.report) {
      case 'history':
        result = await api.GET('/api/reports/history', {
          params: { query: { ...query, ...(address.employeeId ? { employeeId: address.employeeId } : {}) } },
          parseAs: 'stream',
        });
        break;
      case 'pre-interview':
        result = await api.GET('/api/reports/pre-interview/{employeeId}', {
          params: { path: { employeeId: address.employeeId }, query },
          parseAs: 'stream',
        });
        break;
      case 'follow-up':
        result = await api.GET('/api/reports/follow-up', {
          params: { query: { ...query, ...(address.managerId ? { managerId: address.managerId } : {}) } },
          parseAs: 'stream',
        });
        break;
    }
  } catch (cause) {
    throw new ProblemError({ status: 0, code: 'network', detail: String(cause) });
  }
  const response = result.response;
  if (!response.ok) {
    let problem: Partial<Problem> = {};
    try {
      problem = (await response.json()) as Partial<Problem>;
    } catch {
      // Not Problem Details (a proxy's page): the status says enough.
    }
    throw new ProblemError({ ...problem, status: response.status });
  }
  return response;
}

/** A report rendered as HTML, in the page's language (the client sends it), to show in a sandboxed frame. */
export async function reportHtml(address: ReportAddress): Promise<string> {
  return (await request(address, 'html')).text();
}

/** Downloads a report's table as CSV or XLSX: fetched with the person's token, then saved under the name the API gives. */
export async function downloadReport(address: ReportAddress, format: 'csv' | 'xlsx', table?: string): Promise<void> {
  const response = await request(address, format, table);
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('Content-Disposition'), `${address.report}.${format}`);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
