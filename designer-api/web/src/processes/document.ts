/**
 * A process document as docs/processes.md defines it, as far as the designer reads and writes it. Members the designer
 * does not know are kept as they are (the index signatures): the designer edits a document, it never rebuilds one.
 */

export interface Texts {
  'zh-CN': string;
  en: string;
}

export type Sections = string[] | '*';

export interface Due {
  from?: 'step' | 'cycle-start' | 'cycle-end';
  after?: string;
  before?: string;
  at?: string;
}

export interface Reminder {
  before?: string;
  after?: string;
}

export interface Escalation {
  action: 'copy-superior' | 'reassign-superior';
  after?: string;
}

export interface Party {
  assignee: string;
  read?: Sections;
  write?: Sections;
}

export interface Branch {
  when: string;
  next: string;
}

export const stepKinds = [
  'form',
  'review',
  'approval',
  'confirmation',
  'for-each',
  'recurring',
  'decision',
  'parallel',
  'join',
  'wait',
  'notify',
  'start-process',
  'announce',
  'end',
] as const;

export type StepKind = (typeof stepKinds)[number];

/** The kinds where people act: each has a form, sections, a due time, reminders and an escalation. */
export const taskKinds: readonly StepKind[] = ['form', 'review', 'approval', 'confirmation', 'for-each', 'recurring'];

export const approvalModes = ['one', 'all', 'any', 'sequence'] as const;
export type ApprovalMode = (typeof approvalModes)[number];

export interface ProcessStep {
  kind: StepKind;
  title?: Texts;
  form?: string;
  assignee?: string;
  author?: string;
  reviewer?: string;
  approvers?: string[];
  mode?: ApprovalMode;
  parties?: Party[];
  read?: Sections;
  write?: Sections;
  reviewerRead?: Sections;
  reviewerWrite?: Sections;
  due?: Due;
  reminders?: Reminder[];
  escalation?: Escalation;
  returnTo?: string;
  next?: string;
  /** A decision's branches, or a parallel's first steps. */
  branches?: Branch[] | string[];
  otherwise?: string;
  join?: string;
  /** A join's rule: wait for every branch (the default), or move on when the first arrives and stop the others. */
  awaits?: 'all' | 'first';
  for?: string;
  until?: string;
  message?: Texts;
  to?: string[];
  process?: string;
  people?: string;
  complete?: string | number;
  anonymous?: boolean;
  /** A recurring step's period: a duration, or read from a form field (edited in JSON; the panel shows it). */
  every?: string | EveryFromField;
  /** A recurring step's weekday (`monday` … `sunday`): its first occurrence opens that day at 09:00 China Standard Time. */
  startOn?: string;
  count?: number;
  /** Reminders of the dates written in the step's form (edited in JSON; the card mentions them). */
  dateReminders?: DateReminderRule[];
  [member: string]: unknown;
}

/** `"every": { "field": "pip.checkpoint_frequency", "map": { "monthly": "P1M" }, "default": "P1M" }` (docs/processes.md). */
export interface EveryFromField {
  field: string;
  map: Record<string, string>;
  default?: string;
}

/** `{ "field": "result_goals[].deadline", "text": "result_goals[].specific", "before": "P3D", "to": ["subject"] }` (docs/processes.md). */
export interface DateReminderRule {
  field: string;
  text?: string;
  before?: string;
  /** Instead of `before`: an overdue alert that long after the date, unless a check-in marked the item done. */
  after?: string;
  /** With `after`: the plan's support actions the alert lists, `form.field path`. */
  support?: string;
  to: string[];
}

export interface ProcessDocument {
  key: string;
  title: Texts;
  ownerDepartment?: string;
  forms: Record<string, string>;
  start: string;
  steps: Record<string, ProcessStep>;
  [member: string]: unknown;
}

/** The relationships an assignee may name (docs/processes.md "Assignees"), and the roles of `role:NAME`. */
export const relationships = ['subject', 'manager', 'skip-level', 'department-head', 'hrbp'] as const;
export const roles = ['admin', 'hrbp', 'manager', 'employee'] as const;

/** How an assignee names one person of the organisation, whoever the subject is: `person:E011`. */
export const personPrefix = 'person:';

/** The employee id of a named-person assignee (`person:E011` → `E011`); undefined for a relationship or a role. */
export function namedPerson(assignee: string | undefined): string | undefined {
  return assignee?.startsWith(personPrefix) && assignee.length > personPrefix.length ? assignee.slice(personPrefix.length) : undefined;
}

/** The assignee naming one person by their employee id. */
export const personAssignee = (id: string) => personPrefix + id;

export const isTask = (step: ProcessStep | undefined) => !!step && taskKinds.includes(step.kind);

/** The template key a form is written with, without its pinned version: `interview-record@3` → `interview-record`. */
export function templateKey(form: string | undefined): string | undefined {
  return form?.split('@')[0];
}

/** A new process: a start at its end, nothing else, owned by a department (or the whole organisation). */
export function newProcess(key: string, title: Texts, ownerDepartment: string | undefined): ProcessDocument {
  return {
    key,
    title,
    ...(ownerDepartment ? { ownerDepartment } : {}),
    forms: {},
    start: 'end',
    steps: { end: { kind: 'end' } },
  };
}
