import type { Texts } from '../api/client';

/** The titles of a process's steps, from its published definition (`document.steps.{id}.title`); empty when it has none. */
export function stepTitles(document: unknown): Map<string, Texts> {
  const titles = new Map<string, Texts>();
  const steps = (document as { steps?: unknown } | null)?.steps;
  if (typeof steps !== 'object' || steps === null) return titles;
  for (const [id, step] of Object.entries(steps as Record<string, unknown>)) {
    const title = (step as { title?: unknown } | null)?.title as Partial<Texts> | undefined;
    if (title && typeof title['zh-CN'] === 'string' && typeof title.en === 'string') titles.set(id, title as Texts);
  }
  return titles;
}

/** A date and time in the page's language: 2026年12月2日 09:30 / Dec 2, 2026, 9:30 AM. */
export function formatDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'zh-CN', { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));
}
