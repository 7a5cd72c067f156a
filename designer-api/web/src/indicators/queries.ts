import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';
import { ProblemError, type Problem } from '../api/problems';
import type { PublishedIndicator } from './library';

/** The published library (`GET /api/indicators`). */
export function useLibrary() {
  return useQuery({ queryKey: ['indicators', 'library'], queryFn: async (): Promise<PublishedIndicator[]> => data(api.GET('/api/indicators')) });
}

/** One problem of an imported sheet, by row and column (the import's 400 carries them as `problems`). */
export interface SheetProblem {
  code: string;
  row: number;
  column?: string | null;
  message: string;
}

export function sheetProblems(error: unknown): SheetProblem[] {
  if (!(error instanceof ProblemError)) return [];
  return (error.problem as Problem & { problems?: SheetProblem[] }).problems ?? [];
}

/** Sends a sheet to the import: a preview, or with `apply` the publication of what it changes. */
export function importSheet(file: File, apply: boolean) {
  const form = new FormData();
  form.append('file', file);
  return data(
    api.POST('/api/indicators/import', {
      params: { query: { apply } },
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  );
}

/** Downloads the library as an .xlsx workbook, headers in the page's language. */
export async function downloadLibrary(fileName: string) {
  const { response } = await api.GET('/api/indicators/export', { parseAs: 'stream' });
  if (!response.ok) {
    let problem: Partial<Problem> = {};
    try {
      problem = (await response.json()) as Partial<Problem>;
    } catch (cause) {
      // Not Problem Details (a proxy's page): the status says enough.
      void cause;
    }
    throw new ProblemError({ ...problem, status: response.status });
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
