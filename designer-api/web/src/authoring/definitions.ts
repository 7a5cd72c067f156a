import { api, data, say, type Schemas } from '../api/client';
import { ProblemError } from '../api/problems';
import type { Finding } from './findings';

export { errorsIn, findingsUnder, pathSegments, type Finding } from './findings';

export { say };

/** What /api/authoring writes: the five kinds of definition (docs/api-authoring.md). */
export type AuthoringKind = 'templates' | 'processes' | 'notifications' | 'reports' | 'indicators';

export type DefinitionSummary = Schemas['DefinitionListItem'];
export type VersionSummary = Schemas['VersionItem'];
export type DiffChange = Schemas['DiffChange'];

/** A definition as a designer opens it: its draft, else its newest published version (to start a draft from). */
export interface Opened<T> {
  document: T;
  eTag: string | null;
  from: 'draft' | 'published' | 'new';
  version?: number;
}

// The endpoints are the same for every kind; openapi-fetch types them per address, so one kind's address stands for all.
type Address<A extends string> = A extends `/api/authoring/templates${infer Rest}` ? Rest : never;
function at<R extends Address<keyof import('../api/generated/schema').paths & string>>(kind: AuthoringKind, rest: R) {
  return `/api/authoring/${kind}${rest}` as `/api/authoring/templates${R}`;
}

function notFound(error: unknown) {
  return error instanceof ProblemError && error.problem.status === 404;
}

export async function listDefinitions(kind: AuthoringKind): Promise<DefinitionSummary[]> {
  const items: DefinitionSummary[] = [];
  for (let page = 1; ; page++) {
    const answer = await data(api.GET(at(kind, ''), { params: { query: { page, pageSize: 200 } } }));
    items.push(...answer.items);
    if (items.length >= answer.total || answer.items.length === 0) return items;
  }
}

export async function listVersions(kind: AuthoringKind, key: string): Promise<VersionSummary[]> {
  return data(api.GET(at(kind, '/{key}/versions'), { params: { path: { key } } }));
}

export async function readVersion<T>(kind: AuthoringKind, key: string, version: number): Promise<T> {
  const body = await data(api.GET(at(kind, '/{key}/versions/{version}'), { params: { path: { key, version } } }));
  return body.document as T;
}

export async function diffVersions(kind: AuthoringKind, key: string, from: number, to: number) {
  return data(api.GET(at(kind, '/{key}/diff'), { params: { path: { key }, query: { from, to } } }));
}

/** The draft, else the newest published version, else null: what a designer opens. */
export async function openDefinition<T>(kind: AuthoringKind, key: string): Promise<Opened<T> | null> {
  try {
    const draft = await data(api.GET(at(kind, '/{key}/draft'), { params: { path: { key } } }));
    return { document: draft.document as T, eTag: draft.eTag, from: 'draft' };
  } catch (error) {
    if (!notFound(error)) throw error;
  }
  let versions: VersionSummary[];
  try {
    versions = await listVersions(kind, key);
  } catch (error) {
    if (notFound(error)) return null;
    throw error;
  }
  const newest = versions.at(-1);
  if (!newest) return null;
  return { document: await readVersion<T>(kind, key, newest.version), eTag: null, from: 'published', version: newest.version };
}

/** Saves the draft; `eTag` null saves a first draft (`If-Match: *` would refuse when there is none). Answers the new ETag. */
export async function saveDraft(kind: AuthoringKind, key: string, document: unknown, eTag: string | null): Promise<string> {
  const saved = await data(
    api.PUT(at(kind, '/{key}/draft'), {
      params: { path: { key } },
      body: document as Schemas['JsonObject'],
      headers: eTag ? { 'If-Match': eTag } : {},
    }),
  );
  return saved.eTag;
}

/** The current ETag of the draft, or null when there is none (after a 409, to save the author's version over it). */
export async function draftETag(kind: AuthoringKind, key: string): Promise<string | null> {
  try {
    return (await data(api.GET(at(kind, '/{key}/draft'), { params: { path: { key } } }))).eTag;
  } catch (error) {
    if (notFound(error)) return null;
    throw error;
  }
}

export async function lintDefinition(kind: AuthoringKind, key: string, document: unknown): Promise<{ ok: boolean; findings: Finding[] }> {
  return data(api.POST(at(kind, '/{key}/lint'), { params: { path: { key } }, body: document as Schemas['JsonObject'] }));
}

/** Publishes the stored draft. A 422 throws a ProblemError whose problem carries `findings`. */
export async function publishDraft(kind: AuthoringKind, key: string): Promise<{ version: number; findings: Finding[] }> {
  return data(api.POST(at(kind, '/{key}/publish'), { params: { path: { key } } }));
}

/** The findings a refusal carries (publish's and import's 422), else none. */
export function findingsOf(error: unknown): Finding[] {
  if (!(error instanceof ProblemError)) return [];
  const findings = (error.problem as { findings?: unknown }).findings;
  return Array.isArray(findings) ? (findings as Finding[]) : [];
}
