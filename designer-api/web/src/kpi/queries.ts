import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';

/** The people whose actuals the signed-in person may enter: themselves first, then those they oversee. */
export function useKpiPeople() {
  return useQuery({ queryKey: ['kpi', 'people'], queryFn: () => data(api.GET('/api/kpi/people')), staleTime: 5 * 60_000 });
}

/** A person's KPI board (`GET /api/kpi/people/{id}/board`). */
export function useKpiBoard(personId: string | undefined) {
  return useQuery({
    queryKey: ['kpi', 'board', personId],
    queryFn: () => data(api.GET('/api/kpi/people/{id}/board', { params: { path: { id: personId! } } })),
    enabled: !!personId,
  });
}

/** The boards of the people the signed-in person oversees (`GET /api/kpi/team`). */
export function useKpiTeam(enabled = true) {
  return useQuery({ queryKey: ['kpi', 'team'], queryFn: () => data(api.GET('/api/kpi/team')), enabled });
}
