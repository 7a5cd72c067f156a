import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';
import { followPerson } from '../i18n';

/** The signed-in person (`GET /api/me`); the pages follow their locale unless a language was chosen on this device. */
export function useMe() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => data(api.GET('/api/me')), staleTime: 5 * 60_000 });
  const locale = me.data?.locale;
  useEffect(() => {
    if (locale) followPerson(locale);
  }, [locale]);
  return me;
}
