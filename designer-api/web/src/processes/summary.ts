import { namedPerson, type Branch, type DateReminderRule, type ProcessStep } from './document';
import { isoToWords, type WordsLanguage } from './durations';
import { alertsOf, dateRemindersOf, isWeekday, type ItemAlert } from './members';
import { isKnownStarter, starterWords } from './starters';

/** The translate function of react-i18next, as far as the summaries need it (a test passes its own). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** Who an assignee is, in words: `manager` → 直属上级, `role:hrbp` → 角色：HRBP, `person:E011` → 指定人员 E011. */
export function assigneeWords(assignee: string | undefined, t: Translate): string {
  if (!assignee) return t('processes.who.nobody');
  const person = namedPerson(assignee);
  if (person) return t('processes.who.person', { id: person });
  if (assignee.startsWith('role:')) return t('processes.who.role', { role: t(`processes.role.${assignee.slice(5)}`, { defaultValue: assignee.slice(5) }) });
  return t(`processes.who.${assignee}`, { defaultValue: assignee });
}

const list = (items: string[], t: Translate) => items.join(t('processes.rule.and'));

/** Who acts at a step, in words. */
export function whoWords(step: ProcessStep, t: Translate): string | null {
  switch (step.kind) {
    case 'form':
    case 'recurring':
      return t('processes.rule.fills', { who: assigneeWords(step.assignee, t) });
    case 'review':
      return t('processes.rule.reviews', { author: assigneeWords(step.author, t), reviewer: assigneeWords(step.reviewer, t) });
    case 'approval':
      return t(`processes.rule.approves.${step.mode ?? 'one'}`, { who: list((step.approvers ?? []).map((a) => assigneeWords(a, t)), t) });
    case 'confirmation':
      return t('processes.rule.confirm', { who: list((step.parties ?? []).map((p) => assigneeWords(p.assignee, t)), t) });
    case 'notify':
      return t('processes.rule.notify', { who: list((step.to ?? []).map((a) => assigneeWords(a, t)), t) });
    case 'for-each':
      return t('processes.rule.forEach');
    default:
      return null;
  }
}

/** When a step's task is due, in words ("7 天内", "周期开始后 14 天内"), or null without `due`. */
export function dueWords(step: ProcessStep, t: Translate, language: WordsLanguage): string | null {
  const due = step.due;
  if (!due) return null;
  if (due.at) return t('processes.rule.dueAt', { at: due.at.replace('T', ' ').slice(0, 16) });
  if (due.from === 'cycle-start') return t('processes.rule.dueCycleStart', { time: isoToWords(due.after ?? 'P0D', language) });
  if (due.from === 'cycle-end')
    return due.before && due.before !== 'P0D' ? t('processes.rule.dueCycleEnd', { time: isoToWords(due.before, language) }) : t('processes.rule.dueAtCycleEnd');
  return t('processes.rule.dueStep', { time: isoToWords(due.after ?? 'P0D', language) });
}

/** An option of a field of the step's form in words (已偏离), or undefined when the template is not known (the value is shown). */
export type OptionWords = (field: string, value: string) => string | undefined;

/**
 * The one line a step card shows under its title: "直属上级填写，7 天内，到期前 2 天提醒，逾期抄送上级". `options` names the
 * options an alert watches by their labels in the step's form.
 */
export function ruleLine(step: ProcessStep, t: Translate, language: WordsLanguage, options?: OptionWords): string {
  const parts: (string | null)[] = [whoWords(step, t)];
  switch (step.kind) {
    case 'wait':
      parts.push(step.until ? t('processes.rule.waitUntil', { at: step.until.replace('T', ' ').slice(0, 16) }) : t('processes.rule.waitFor', { time: isoToWords(step.for, language) }));
      break;
    case 'recurring':
      parts.push(
        typeof step.every === 'object' && step.every
          ? t('processes.rule.everyFromField', { field: step.every.field, count: step.count ?? 0 })
          : t('processes.rule.every', { time: isoToWords(step.every, language), count: step.count ?? 0 }),
      );
      if (isWeekday(step.startOn)) parts.push(t('processes.rule.startOn', { day: t(`processes.startOn.day.${step.startOn}`) }));
      if (step.reviewer !== undefined) parts.push(t('processes.rule.followedUp', { who: peopleWords([step.reviewer], t) }));
      break;
    case 'start-process':
      parts.push(step.process ? t('processes.rule.startProcess', { process: step.process }) : t('processes.rule.startNothing'));
      if (Array.isArray(step.carry) && step.carry.length > 0)
        parts.push(t('processes.rule.carry', { what: (step.carry as { from?: unknown }[]).map((c) => String(c.from)).join(t('processes.rule.carryJoin')) }));
      break;
    case 'announce':
      parts.push(t('processes.rule.announce', { rating: String(step.rating ?? ''), consent: String(step.consent ?? '') }));
      break;
    case 'decision':
      parts.push(t('processes.rule.branches', { count: ((step.branches ?? []) as Branch[]).length + 1 }));
      break;
  }
  parts.push(dueWords(step, t, language));
  for (const reminder of step.reminders ?? [])
    parts.push(
      reminder.before
        ? t('processes.rule.remindBefore', { time: isoToWords(reminder.before, language) })
        : t('processes.rule.remindAfter', { time: isoToWords(reminder.after, language) }),
    );
  parts.push(...dateRemindersWords(dateRemindersOf(step), t, language));
  parts.push(...alertsWords(alertsOf(step), t, options));
  if (step.escalation) {
    const late = step.escalation.after && step.escalation.after !== 'P0D' ? isoToWords(step.escalation.after, language) : null;
    parts.push(t(`processes.rule.${step.escalation.action === 'reassign-superior' ? 'handOver' : 'copy'}${late ? 'After' : ''}`, { time: late }));
  }
  if (step.kind === 'approval' || step.kind === 'confirmation')
    if (step.returnTo) parts.push(t('processes.rule.mayReturn'));
  return parts.filter((part): part is string => !!part).join(t('processes.rule.separator'));
}

/** People in words inside a sentence: "员工本人、直属上级" / "the person themselves and their manager". */
export function peopleWords(people: readonly string[], t: Translate): string {
  const words = people.map((value) => (isKnownStarter(value) ? starterWords(value, t) : assigneeWords(value, t)));
  if (words.length <= 1) return words[0] ?? t('processes.who.nobody');
  return words.slice(0, -1).join(t('processes.starters.separator')) + t('processes.starters.lastSeparator') + words[words.length - 1];
}

/**
 * The words on the step's card, one per distinct rule: "表单日期前 3 天提醒员工本人、直属上级" / "reminds the person
 * themselves and their manager 3 days before each date in the form".
 */
export function dateRemindersWords(rules: readonly DateReminderRule[], t: Translate, language: WordsLanguage): string[] {
  const lines = rules.map((rule) => {
    const who = peopleWords(rule.to ?? [], t);
    if (rule.after !== undefined) return t('processes.rule.dateOverdue', { time: isoToWords(rule.after, language), who });
    return rule.before && rule.before !== 'P0D' ? t('processes.rule.dateReminder', { time: isoToWords(rule.before, language), who }) : t('processes.rule.dateReminderOnDay', { who });
  });
  return [...new Set(lines)];
}


/** The words on the step's card, one per distinct alert: "标为已偏离时提醒直属上级" / "alerts their manager of items marked Off track". */
export function alertsWords(alerts: readonly ItemAlert[], t: Translate, options?: OptionWords): string[] {
  const lines = alerts.map((alert) => {
    const values = alert.is.map((value) => options?.(alert.field, value) ?? value);
    return t('processes.rule.alert', { values: values.join(t('processes.rule.or')), who: peopleWords(alert.to, t) });
  });
  return [...new Set(lines)];
}
