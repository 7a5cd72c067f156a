import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../api/client';
import { followPerson } from '../i18n';
import type { Language } from '../i18n/locale';

/**
 * The signed-in person (`GET /api/me`); the pages follow their locale (the language they chose on any device, else the
 * organisation's), unless they chose one on this device while signed out, which is then kept for them.
 */
export function useMe() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => data(api.GET('/api/me')), staleTime: 5 * 60_000 });
  const locale = me.data?.locale;
  useEffect(() => {
    const keep = locale ? followPerson(locale) : null;
    // Kept once: a failed request leaves the choice on this device only.
    if (keep) void keepLanguage(keep);
  }, [locale]);
  return me;
}

/** Keeps the language for the signed-in person (`PUT /api/me/preferences`); whether the server took it. */
export async function keepLanguage(language: Language): Promise<boolean> {
  const { response } = await api.PUT('/api/me/preferences', { body: { language } });
  return response.ok;
}
