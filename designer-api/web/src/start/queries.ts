import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';

/** The processes the signed-in person may start on demand, and for whom (`GET /api/me/startable`). */
export function useStartable() {
  return useQuery({ queryKey: ['startable'], queryFn: () => data(api.GET('/api/me/startable')), staleTime: 5 * 60_000 });
}
