import { useCallback, useEffect } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data, type Schemas } from '../api/client';
import { followPerson, languageKept } from '../i18n';
import type { Language } from '../i18n/locale';

/**
 * The signed-in person (`GET /api/me`); the pages follow their locale (the language they chose on any device, else the
 * organisation's), unless they chose one on this device while signed out, which is then kept for them.
 */
export function useMe() {
  const me = useQuery({ queryKey: ['me'], queryFn: () => data(api.GET('/api/me')), staleTime: 5 * 60_000 });
  const keep = useKeepLanguage();
  const locale = me.data?.locale;
  useEffect(() => {
    const chosen = locale ? followPerson(locale) : null;
    if (chosen) keep(chosen);
  }, [locale, keep]);
  return me;
}

/**
 * Keeps a language for the signed-in person (`PUT /api/me/preferences`). The person as the pages know them speaks it
 * at once, so that no page follows the locale read before; a failed request leaves this device's choice marked to be
 * kept at the next sign-in.
 */
export function useKeepLanguage() {
  const queries = useQueryClient();
  return useCallback(
    (language: Language) => {
      queries.setQueryData<Schemas['PersonResponse']>(['me'], (person) => (person ? { ...person, locale: language } : person));
      void api.PUT('/api/me/preferences', { body: { language } }).then(({ response }) => {
        if (!response.ok) return;
        languageKept(language);
        void queries.invalidateQueries({ queryKey: ['preferences'] });
      });
    },
    [queries],
  );
}
