/** How a due date stands against now, in whole calendar days in the viewer's time zone. */
export type DueState =
  | { kind: 'none' }
  | { kind: 'overdue'; days: number }
  | { kind: 'today' }
  | { kind: 'overdue-today' }
  | { kind: 'upcoming'; days: number };

const day = 24 * 60 * 60 * 1000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/**
 * Where an open task's due date stands: past due by N calendar days ("逾期 2 天"), due today (already past or not),
 * or N days left. Days are counted between calendar dates, so a task due yesterday evening is 1 day overdue this
 * morning.
 */
export function dueState(dueAt: string | null | undefined, now: Date): DueState {
  if (!dueAt) return { kind: 'none' };
  const due = new Date(dueAt);
  const days = Math.round((startOfDay(due) - startOfDay(now)) / day);
  if (days < 0) return { kind: 'overdue', days: -days };
  if (days === 0) return due.getTime() < now.getTime() ? { kind: 'overdue-today' } : { kind: 'today' };
  return { kind: 'upcoming', days };
}

/** A date in the page's language: 2026年12月2日 / Dec 2, 2026. */
export function formatDate(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language === 'en' ? 'en-US' : 'zh-CN', { year: 'numeric', month: 'short', day: 'numeric' }).format(new Date(iso));
}
