import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';
import { ProblemError } from '../api/problems';
import type { TextDocument, TextKind } from './textTemplates';

/** The template as FormFlow ships it (`GET /api/authoring/{kind}/{key}/shipped`); null for a key that does not ship. */
export function useShipped(kind: TextKind, key: string) {
  return useQuery({
    queryKey: ['shipped', kind, key],
    queryFn: async () => {
      try {
        const found =
          kind === 'notifications'
            ? await data(api.GET('/api/authoring/notifications/{key}/shipped', { params: { path: { key } } }))
            : await data(api.GET('/api/authoring/reports/{key}/shipped', { params: { path: { key } } }));
        return found.document as unknown as TextDocument;
      } catch (error) {
        if (error instanceof ProblemError && error.problem.status === 404) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

/** What a preview renders over: the sample model, a report's real subject, or a real outbox message. */
export type PreviewSource = { sample: true } | { subject: string } | { messageId: string };

/** A value that follows `value` once it has stopped changing for `delay` ms. */
export function useSettled<T>(value: T, delay: number) {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delay);
    return () => clearTimeout(timer);
  }, [value, delay]);
  return settled;
}

/**
 * The template as edited, rendered in zh-CN and en (`POST /api/authoring/{kind}/{key}/preview`), 600 ms after the
 * last edit; the last preview stays on screen while the next one renders.
 */
export function usePreview(kind: TextKind, key: string, document: TextDocument | undefined, source: PreviewSource) {
  const { i18n } = useTranslation();
  const settled = useSettled(document, 600);
  return useQuery({
    queryKey: ['text-preview', kind, key, settled, source, i18n.language],
    queryFn: () => {
      const body = { document: settled as never, ...('sample' in source ? {} : source) };
      return kind === 'notifications'
        ? data(api.POST('/api/authoring/notifications/{key}/preview', { params: { path: { key } }, body }))
        : data(api.POST('/api/authoring/reports/{key}/preview', { params: { path: { key } }, body }));
    },
    enabled: settled !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** The cycles the author may read reports of, newest first: the subjects of a real cycle progress report. */
export function useCycleChoices(enabled: boolean) {
  return useQuery({
    queryKey: ['cycles', 1, 100],
    queryFn: () => data(api.GET('/api/cycles', { params: { query: { page: 1, pageSize: 100 } } })),
    enabled,
  });
}

/** The people the author may see (first 200, by the API's order): the subjects of a real person's report. */
export function usePersonChoices(enabled: boolean) {
  return useQuery({
    queryKey: ['people', 1, 200],
    queryFn: () => data(api.GET('/api/organisation/people', { params: { query: { page: 1, pageSize: 200 } } })),
    enabled,
  });
}

/** An administrator's outbox messages (`GET /api/outbox`): the real messages a notification preview may render. */
/** The newest messages of an event sent to the signed-in person (`GET /api/me/messages`): what anyone may preview over. */
export function useMyMessages(event: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['outbox', 'mine', event],
    queryFn: () => data(api.GET('/api/me/messages', { params: { query: { event: event! } } })),
    enabled: enabled && event !== undefined,
  });
}

export function useMessageChoices(enabled: boolean) {
  return useQuery({
    queryKey: ['outbox', 'all', 1, 200],
    queryFn: () => data(api.GET('/api/outbox', { params: { query: { page: 1, pageSize: 200 } } })),
    enabled,
  });
}
