import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, say } from '../api/client';

// Searching asks the server (`q`: id or name) rather than loading everybody: an organisation may have 100,000 people.
const searchSize = 20;
const searchPause = 300;

/** One person as the designer shows them: their name in the page's language and their employee id. */
function usePersonLabel() {
  const { t } = useTranslation();
  return (person: { id: string; name: Parameters<typeof say>[0] }) => t('processes.panel.personLabel', { name: say(person.name), id: person.id });
}

/** The person an assignee names, looked up by id: their name and id, or the id alone when the organisation has nobody by it. */
export function usePersonName(id: string | undefined): string | undefined {
  const { t } = useTranslation();
  const label = usePersonLabel();
  const found = useQuery({
    queryKey: ['people', 'one', id],
    enabled: !!id,
    retry: false,
    staleTime: 5 * 60_000,
    queryFn: () => data(api.GET('/api/organisation/people/{id}', { params: { path: { id: id! } } })),
  });
  if (!id) return undefined;
  if (found.data) return label(found.data);
  return found.isError ? t('processes.panel.personUnknown', { id }) : id;
}

/**
 * A person of the organisation, searched by name or employee id through the people the signed-in author may see
 * (`GET /api/organisation/people?q=`), each shown with their name and id. A null value keeps it empty (a picker that
 * adds to a list shows its placeholder again once a person is added).
 */
export function PersonPicker({ value, onChange, label, placeholder, disabled, autoFocus }: { value: string | null; onChange: (id: string) => void; label: string; placeholder?: string; disabled?: boolean; autoFocus?: boolean }) {
  const { t } = useTranslation();
  const personLabel = usePersonLabel();
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQuery(typed.trim()), searchPause);
    return () => clearTimeout(timer);
  }, [typed]);
  const people = useQuery({
    queryKey: ['people', 'search', query],
    enabled: !disabled,
    staleTime: 60_000,
    queryFn: () => data(api.GET('/api/organisation/people', { params: { query: { q: query || undefined, page: 1, pageSize: searchSize } } })),
  });
  const current = usePersonName(value ?? undefined);
  const options = (people.data?.items ?? []).map((p) => ({ value: p.id, label: personLabel(p) }));
  if (value && !options.some((o) => o.value === value)) options.unshift({ value, label: current ?? value });
  return (
    <Select
      aria-label={label}
      showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
      value={value}
      onChange={(id: string) => {
        setTyped('');
        onChange(id);
      }}
      options={options}
      loading={people.isFetching}
      placeholder={placeholder ?? t('processes.panel.personSearch')}
      notFoundContent={people.isFetching ? undefined : t('processes.panel.noPeopleFound')}
      disabled={disabled}
      autoFocus={autoFocus}
      defaultOpen={autoFocus}
      style={{ minWidth: 220 }}
    />
  );
}
