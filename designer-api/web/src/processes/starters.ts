import { relationships, type ProcessDocument } from './document';
import type { Translate } from './summary';

/**
 * Who may start one instance of the process on demand, outside any cycle (`startableBy`, docs/processes.md "The
 * document"): the relations the designer offers, in the order it shows them.
 */
export const starterRelations = relationships;

/**
 * The starters the document holds, as written. A value the designer does not know (written by hand) is kept, so that
 * the panel shows it and a later edit does not drop it; lint names it (`process.unknown-starter`). Anything other than
 * an array of strings reads as none: lint reports it as `process.wrong-type`.
 */
export function startersOf(document: ProcessDocument): string[] {
  const written = document.startableBy;
  return Array.isArray(written) ? written.filter((value): value is string => typeof value === 'string') : [];
}

/** The document with these starters: `startableBy` set, or removed when nobody is chosen (only a cycle starts it). */
export function withStarters(document: ProcessDocument, starters: readonly string[]): ProcessDocument {
  const next: ProcessDocument = { ...document };
  const unique = [...new Set(starters)];
  if (unique.length > 0) next.startableBy = unique;
  else delete next.startableBy;
  return next;
}

/** The starters with one relation chosen or not, the others (unknown ones included) kept in their order. */
export function toggleStarter(starters: readonly string[], relation: string, chosen: boolean): string[] {
  const without = starters.filter((value) => value !== relation);
  return chosen ? [...without, relation] : without;
}

/** Whether a written starter is one the designer offers. */
export const isKnownStarter = (value: string) => (starterRelations as readonly string[]).includes(value);

/** A starter in words inside a sentence ("员工本人", "their manager"); an unknown one as written. */
export function starterWords(value: string, t: Translate): string {
  return isKnownStarter(value) ? t(`processes.starters.in.${value}`) : value;
}

/**
 * The line the 发起 card shows when someone may start the process on demand: "员工本人、直属上级可随时发起" /
 * "The person themselves and their manager may start it at any time"; null when only a cycle starts it.
 */
export function startersLine(starters: readonly string[], t: Translate): string | null {
  if (starters.length === 0) return null;
  const words = starters.map((value) => starterWords(value, t));
  const who =
    words.length === 1 ? words[0]! : words.slice(0, -1).join(t('processes.starters.separator')) + t('processes.starters.lastSeparator') + words[words.length - 1];
  const line = t('processes.starters.line', { who });
  return line.charAt(0).toLocaleUpperCase() + line.slice(1);
}
