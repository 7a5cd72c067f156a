/**
 * What `{{ }}` can use in each template: the model the engine renders it over (docs/notifications.md, "The model";
 * docs/reports.md, one table per report). Listed beside the editor; each name's meaning is the text
 * `texttemplates.var.<name>`. Kept by hand with the docs: the API does not describe its models.
 */
const notification = [
  'recipient.name',
  'recipient.locale',
  'subject.name',
  'subject.department',
  'task.title',
  'task.form',
  'task.due',
  'task.link',
  'comments',
  'reason',
  'decision.step',
  'decision.by',
  'decision.by_you',
  'decision.round',
  'message',
  'reminder.field',
  'reminder.date',
  'reminder.item',
  'recognition.rating',
  'recognition.field',
  'recognition.value',
  'alert.items',
  'alert.support',
  'alert.link',
  'cycle.name',
  'cycle.ends',
  'process.title',
  'copy_of.name',
  'meeting.at',
  'meeting.ends',
  'meeting.previous',
  'meeting.place',
  'meeting.agenda',
  'meeting.organizer',
  'meeting.report_link',
];

const reports: Record<string, string[]> = {
  'cycle-progress': ['language', 'cycle.name', 'cycle.starts', 'cycle.ends', 'cycle.status', 'cycle.as_of', 'totals', 'departments', 'managers', 'overdue', 'ratings', 'rated'],
  'pre-interview': ['employee.name', 'employee.department', 'employee.manager', 'cycle.name', 'self_review', 'kpi', 'check_ins', 'feedback', 'last_review', 'feedback_360', 'strengths', 'gaps', 'support_actions'],
  'follow-up': ['manager.name', 'as_of', 'due_soon_days', 'counts', 'actions', 'at_risk'],
  history: ['employee.name', 'employee.department', 'employee.manager', 'ratings', 'entries'],
};

/** The variables of a template's model: every notification shares one model; each report has its own. */
export function variablesOf(kind: 'notifications' | 'reports', key: string): string[] {
  return kind === 'notifications' ? notification : (reports[key] ?? []);
}

/** The text key naming what a variable holds (its report's own meaning where two reports differ). */
export function meaningKey(kind: 'notifications' | 'reports', key: string, name: string) {
  const own = kind === 'reports' && ['cycle.name', 'ratings'].includes(name) ? `${key}.${name}` : name;
  return `texttemplates.var.${kind === 'notifications' ? 'n' : 'r'}.${own}`;
}

export const allVariables = { notification, reports };
