import type { Finding } from '../authoring/definitions';

/** What an import does (or, checked, would do) with one file: `published`, `unchanged` or `draft-saved`. */
export interface ImportItem {
  file: string;
  kind: string;
  key: string;
  action: string;
  version?: number | null;
}

/** One row of the check: a file of the zip with what importing and publishing, and importing as drafts, would do. */
export interface CheckedFile {
  file: string;
  kind: string;
  key: string;
  publish?: ImportItem;
  draft?: ImportItem;
}

/** The files of both checks side by side: those that would change first, each group in the zip's order. */
export function checkedFiles(publish: readonly ImportItem[] | undefined, draft: readonly ImportItem[] | undefined): CheckedFile[] {
  const rows = new Map<string, CheckedFile>();
  for (const item of publish ?? []) rows.set(item.file, { file: item.file, kind: item.kind, key: item.key, publish: item });
  for (const item of draft ?? []) {
    const row = rows.get(item.file);
    if (row) row.draft = item;
    else rows.set(item.file, { file: item.file, kind: item.kind, key: item.key, draft: item });
  }
  // What would change first: that is what the author checks before importing.
  const changes = (row: CheckedFile) => (row.publish?.action ?? 'unchanged') !== 'unchanged' || (row.draft?.action ?? 'unchanged') !== 'unchanged';
  return [...rows.values()].sort((a, b) => Number(changes(b)) - Number(changes(a)));
}

/** How many files an import would change (publish or save): what the page counts before the author decides. */
export function changing(items: readonly ImportItem[] | undefined) {
  return (items ?? []).filter((item) => item.action !== 'unchanged').length;
}

/** The findings by file, then line and column, errors first within a place: how the check lists them. */
export function byPlace(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return [...findings].sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || rank(a) - rank(b),
  );
}

/** The export's file name: the app and the day (in the author's time), so that exports sort and say what they hold. */
export function exportFileName(drafts: boolean, at: Date) {
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `formflow-app${drafts ? '-drafts' : ''}-${day}.zip`;
}
