import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../api/client';
import { ProblemError, type Problem } from '../api/problems';

export type Cycle = Schemas['CycleResponse'];
export type CycleProgress = Schemas['CycleProgressResponse'];
export type CycleAttention = Schemas['CycleAttentionResponse'];
export type LaunchRequest = Schemas['LaunchCycleRequest'];
export type Person = Schemas['PersonResponse'];
export type Department = Schemas['DepartmentResponse'];
export type LaunchPreview = Schemas['LaunchPreviewResponse'];

/** How often the dashboard reads the cycle again on its own. */
export const refreshEvery = 30_000;

/** One page of the cycles the person may watch, newest first (`GET /api/cycles`). */
export function useCycles(page: number, pageSize: number) {
  return useQuery({
    queryKey: ['cycles', page, pageSize],
    queryFn: () => data(api.GET('/api/cycles', { params: { query: { page, pageSize } } })),
  });
}

/** A cycle and where it stands (`GET /api/cycles/{id}`), read again every {@link refreshEvery}. */
export function useCycle(id: string, refresh = true) {
  return useQuery({
    queryKey: ['cycle', id],
    queryFn: () => data(api.GET('/api/cycles/{id}', { params: { path: { id } } })),
    refetchInterval: refresh ? refreshEvery : false,
  });
}

/**
 * What of the cycle needs attention, as the signed-in person sees it (`GET /api/cycles/{id}/attention`): the overdue
 * people of the instances they see and the ratings they read; read again with the cycle.
 */
export function useCycleAttention(id: string, enabled: boolean) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['cycle-attention', id, i18n.language],
    queryFn: () => data(api.GET('/api/cycles/{id}/attention', { params: { path: { id } } })),
    enabled,
    refetchInterval: refreshEvery,
  });
}

/** The entity tag a command on the cycle sends back as If-Match: the version it was read at. */
export function ifMatch(cycle: Cycle): string {
  return `"${cycle.version}"`;
}

type ReportFormat = 'html' | 'csv' | 'xlsx';

/** A cycle progress report (`GET /api/reports/cycle-progress/{id}`): its HTML, a table as CSV, or the tables as XLSX. */
export async function fetchReport(cycleId: string, format: ReportFormat, language: string, table?: string): Promise<Blob> {
  const result = await api.GET('/api/reports/cycle-progress/{cycleId}', {
    params: { path: { cycleId }, query: { format, table, lang: language } },
    parseAs: 'blob',
  });
  if (!result.response.ok) {
    // openapi-fetch reads an error's body as JSON whatever parseAs says: the Problem Details, or nothing useful.
    const problem = typeof result.error === 'object' && result.error !== null ? (result.error as Partial<Problem>) : {};
    throw new ProblemError({ ...problem, status: result.response.status });
  }
  return result.data as Blob;
}

/** Saves a blob under a file name, as a download. */
export function saveBlob(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Every person the signer-in may see (`GET /api/organisation/people`, page by page): the levels and people to launch for. */
export function usePeople() {
  return useQuery({
    queryKey: ['people', 'all'],
    queryFn: async () => {
      const people: Person[] = [];
      for (let page = 1; page <= 50; page++) {
        const found = await data(api.GET('/api/organisation/people', { params: { query: { page, pageSize: 200 } } }));
        people.push(...found.items);
        if (people.length >= Number(found.total) || found.items.length === 0) break;
      }
      return people;
    },
    staleTime: 5 * 60_000,
  });
}

/** The departments the signer-in is shown (`GET /api/organisation/departments`, page by page), each with whether they may launch for it. */
export function useDepartments() {
  return useQuery({
    queryKey: ['departments', 'all'],
    queryFn: async () => {
      const departments: Department[] = [];
      for (let page = 1; page <= 50; page++) {
        const found = await data(api.GET('/api/organisation/departments', { params: { query: { page, pageSize: 200 } } }));
        departments.push(...found.items);
        if (departments.length >= Number(found.total) || found.items.length === 0) break;
      }
      return departments;
    },
    staleTime: 5 * 60_000,
  });
}

/** The published processes with their titles (`GET /api/authoring/processes`, then each one's newest version). */
export function usePublishedProcesses() {
  return useQuery({
    queryKey: ['processes', 'published'],
    queryFn: async () => {
      const list = await data(api.GET('/api/authoring/processes', { params: { query: { pageSize: 200 } } }));
      const published = list.items.filter((p) => p.latestVersion != null);
      return Promise.all(
        published.map(async (p) => {
          const body = await data(
            api.GET('/api/authoring/processes/{key}/versions/{version}', { params: { path: { key: p.key, version: Number(p.latestVersion) } } }),
          );
          const document = body.document as { title?: Schemas['Texts'] } | null;
          return { key: p.key, version: Number(p.latestVersion), title: document?.title ?? null, ownerDepartment: p.ownerDepartment ?? null };
        }),
      );
    },
    staleTime: 5 * 60_000,
  });
}

/** A problem's errors at one JSON Pointer and below, as one text (for a field of the wizard). */
export function errorsAt(error: unknown, pointer: string): string | undefined {
  if (!(error instanceof ProblemError)) return undefined;
  const messages = Object.entries(error.problem.errors ?? {})
    .filter(([at]) => at === pointer || at.startsWith(pointer + '/'))
    .flatMap(([, errors]) => errors.map((e) => e.message));
  return messages.length > 0 ? messages.join(' ') : undefined;
}
