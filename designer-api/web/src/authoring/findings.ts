// Free of the API client, so that pure code and its tests can use findings.
type Texts = { 'zh-CN': string; en: string };

/** One lint finding, as the API answers it (lint, publish's 422, import's check). */
export interface Finding {
  code: string;
  severity: 'error' | 'warning' | string;
  path?: string | null;
  line?: number | null;
  column?: number | null;
  language?: string | null;
  part?: string | null;
  file?: string | null;
  message: Texts;
}

/**
 * The path of a finding as its members: templates answer JSONPath (`$.fields['kpis[].weight'].label`,
 * `$.rules[0].assert`), processes and problems JSON Pointer (`/steps/self-review/due`); both become
 * `['fields', 'kpis[].weight', 'label']`, so that a designer can place a finding on what it concerns.
 */
export function pathSegments(path: string | null | undefined): string[] {
  if (!path || path === '$' || path === '/' || path === '') return [];
  if (path.startsWith('/')) return path.slice(1).split('/').map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const segments: string[] = [];
  let rest = path.startsWith('$') ? path.slice(1) : path;
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      const name = /^\.([^.[]+)/.exec(rest);
      if (!name) break;
      segments.push(name[1]!);
      rest = rest.slice(name[0].length);
    } else if (rest.startsWith("['") || rest.startsWith('["')) {
      const quote = rest[1]!;
      let end = 2;
      let value = '';
      while (end < rest.length && rest[end] !== quote) {
        if (rest[end] === '\\' && end + 1 < rest.length) end++;
        value += rest[end];
        end++;
      }
      segments.push(value);
      rest = rest.slice(end + 2);
    } else if (rest.startsWith('[')) {
      const close = rest.indexOf(']');
      if (close < 0) break;
      segments.push(rest.slice(1, close));
      rest = rest.slice(close + 1);
    } else {
      const name = /^([^.[]+)/.exec(rest);
      if (!name) break;
      segments.push(name[1]!);
      rest = rest.slice(name[0].length);
    }
  }
  return segments;
}

/** The findings whose path starts with these members (`findingsUnder(f, 'steps', 'self-review')`: that step's). */
export function findingsUnder(findings: readonly Finding[], ...segments: string[]): Finding[] {
  return findings.filter((finding) => {
    const path = pathSegments(finding.path);
    return segments.every((segment, i) => path[i] === segment);
  });
}

export function errorsIn(findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.severity === 'error');
}
