import { useQuery } from '@tanstack/react-query';
import { api, data, type Texts } from '../api/client';
import { openDefinition } from '../authoring/definitions';
import type { ProcessDocument } from './document';

/** A section of a template: the top-level fields a step hands out together (docs/templates.md "sections"). */
export interface Section {
  key: string;
  title: Texts;
  fields: string[];
}

/** What the designer reads of a form template: its title, sections, and each top-level field's label, options and type. */
export interface TemplateOutline {
  key: string;
  /** The published version read, or null when it is the template's draft. */
  version: number | null;
  title: Texts | null;
  sections: Section[];
  fields: Record<string, { label?: Texts; options?: Record<string, Texts> }>;
  schema: { properties?: Record<string, { type?: string | string[]; enum?: unknown[] }>; required?: string[] };
}

interface TemplateDocument {
  title?: Texts;
  sections?: Section[];
  fields?: TemplateOutline['fields'];
  schema?: TemplateOutline['schema'];
}

const outline = (key: string, version: number | null, document: TemplateDocument): TemplateOutline => ({
  key,
  version,
  title: document.title ?? null,
  sections: document.sections ?? [],
  fields: document.fields ?? {},
  schema: document.schema ?? {},
});

/**
 * The published form templates, newest version of each (everyone signed in reads them): what a process's forms are
 * chosen from, with their sections.
 */
export function usePublishedTemplates() {
  return useQuery({
    queryKey: ['processes', 'templates'],
    staleTime: 60_000,
    queryFn: async () => {
      const list = await data(api.GET('/api/authoring/templates', { params: { query: { pageSize: 200 } } }));
      return Promise.all(
        list.items
          .filter((item) => item.latestVersion != null)
          .map(async (item) => {
            const version = Number(item.latestVersion);
            const body = await data(api.GET('/api/authoring/templates/{key}/versions/{version}', { params: { path: { key: item.key, version } } }));
            return outline(item.key, version, body.document as TemplateDocument);
          }),
      );
    },
  });
}

/**
 * A template a form names, for its sections: the newest published version, else (a template drafted alongside the
 * process, which lint checks the process against) its draft, for those who may read drafts.
 */
export function useTemplate(key: string | undefined) {
  const published = usePublishedTemplates();
  const found = key ? published.data?.find((t) => t.key === key) : undefined;
  const draft = useQuery({
    queryKey: ['processes', 'template-draft', key],
    enabled: !!key && published.isSuccess && !found,
    retry: false,
    queryFn: async () => {
      const opened = await openDefinition<TemplateDocument>('templates', key!);
      return opened ? outline(key!, opened.from === 'draft' ? null : (opened.version ?? null), opened.document) : null;
    },
  });
  return found ?? draft.data ?? undefined;
}

/** The newest published version of a process (what someone who may not author it reads), or null when never published. */
export function usePublishedProcess(key: string, enabled: boolean) {
  return useQuery({
    queryKey: ['processes', 'published-document', key],
    enabled,
    queryFn: async () => {
      const versions = await data(api.GET('/api/authoring/processes/{key}/versions', { params: { path: { key } } }));
      const latest = versions.at(-1);
      if (!latest) return null;
      const body = await data(api.GET('/api/authoring/processes/{key}/versions/{version}', { params: { path: { key, version: Number(latest.version) } } }));
      return { document: body.document as unknown as ProcessDocument, version: Number(body.version) };
    },
  });
}
