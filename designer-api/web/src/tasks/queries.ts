import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client';

export type InboxTab = 'open' | 'done';

/** One page of the person's tasks with that status (`GET /api/tasks`). */
export function useInbox(status: InboxTab, pageSize: number) {
  return useQuery({
    queryKey: ['inbox', status, pageSize],
    queryFn: () => data(api.GET('/api/tasks', { params: { query: { status, pageSize } } })),
  });
}

/** A task as its assignee sees it, its form labelled in the page's language (`GET /api/tasks/{id}`). */
export function useTask(id: string) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: ['task', id, i18n.language],
    queryFn: () => data(api.GET('/api/tasks/{id}', { params: { path: { id } } })),
    // What the person types lives in the page; a background refetch must not replace it.
    refetchOnWindowFocus: false,
  });
}
