import { describe, expect, it } from 'vitest';
import type { Finding } from '../authoring/definitions';
import { byPlace, changing, checkedFiles, exportFileName } from './appArchive';

describe('an app import as the page shows it', () => {
  it('puts what publishing and what saving drafts would do with each file side by side', () => {
    const rows = checkedFiles(
      [
        { file: 'templates/idp.json', kind: 'template', key: 'idp', action: 'published', version: 3 },
        { file: 'reports/history.json', kind: 'report', key: 'history', action: 'unchanged' },
      ],
      [
        { file: 'templates/idp.json', kind: 'template', key: 'idp', action: 'draft-saved', version: 2 },
        { file: 'reports/history.json', kind: 'report', key: 'history', action: 'unchanged' },
      ],
    );
    expect(rows.map((r) => [r.file, r.publish?.action, r.draft?.action])).toEqual([
      ['templates/idp.json', 'published', 'draft-saved'],
      ['reports/history.json', 'unchanged', 'unchanged'],
    ]);
  });

  it('lists the files that would change first', () => {
    const rows = checkedFiles(
      [
        { file: 'reports/history.json', kind: 'report', key: 'history', action: 'unchanged' },
        { file: 'templates/idp.json', kind: 'template', key: 'idp', action: 'published', version: 3 },
      ],
      undefined,
    );
    expect(rows.map((r) => r.file)).toEqual(['templates/idp.json', 'reports/history.json']);
  });

  it('lists a file one check has and the other has not (a refused check)', () => {
    const rows = checkedFiles(undefined, [{ file: 'templates/idp.json', kind: 'template', key: 'idp', action: 'draft-saved' }]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.publish).toBeUndefined();
  });

  it('counts the files that would change', () => {
    expect(changing([{ file: 'a', kind: 'template', key: 'a', action: 'published' }, { file: 'b', kind: 'template', key: 'b', action: 'unchanged' }])).toBe(1);
    expect(changing(undefined)).toBe(0);
  });

  it('lists findings by file, line and column', () => {
    const at = (file: string, line: number, column: number, severity: 'error' | 'warning' = 'error'): Finding => ({
      code: 'x',
      severity,
      file,
      line,
      column,
      message: { 'zh-CN': '', en: '' },
    });
    const sorted = byPlace([at('templates/b.json', 1, 1), at('notifications/a.json', 9, 2), at('notifications/a.json', 3, 7, 'warning'), at('notifications/a.json', 3, 7)]);
    expect(sorted.map((f) => `${f.file}:${f.line}:${f.column}:${f.severity}`)).toEqual([
      'notifications/a.json:3:7:error',
      'notifications/a.json:3:7:warning',
      'notifications/a.json:9:2:error',
      'templates/b.json:1:1:error',
    ]);
  });

  it('names an export after the app, whether it holds drafts, and the day', () => {
    expect(exportFileName(false, new Date(2026, 11, 3, 9, 30))).toBe('formflow-app-2026-12-03.zip');
    expect(exportFileName(true, new Date(2026, 0, 9))).toBe('formflow-app-drafts-2026-01-09.zip');
  });
});
