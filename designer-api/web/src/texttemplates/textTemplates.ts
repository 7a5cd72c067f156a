import type { Finding } from '../authoring/definitions';

/** The two kinds of text template this editor edits (their authoring API kinds). */
export type TextKind = 'notifications' | 'reports';
export type Language = 'zh-CN' | 'en';
export const languages: readonly Language[] = ['zh-CN', 'en'];

type Localized = Record<Language, string>;

/** A notification template (docs/notifications.md): a subject and a body per language, each a Scriban text. */
export interface NotificationDocument {
  key: string;
  event: string;
  subject: Localized;
  body: Localized;
  [member: string]: unknown;
}

/** A report template (docs/reports.md): one Scriban text (HTML) per language. */
export interface ReportDocument {
  key: string;
  text: Localized;
  [member: string]: unknown;
}

export type TextDocument = NotificationDocument | ReportDocument;

/** One editable text of a document: the finding's `language` and `part` name it. */
export interface TextPart {
  language: Language;
  part: 'subject' | 'body' | 'text';
}

/** The texts of a kind, in the order the editor shows them within a language. */
export function partsOf(kind: TextKind, language: Language): TextPart[] {
  return kind === 'notifications'
    ? [
        { language, part: 'subject' },
        { language, part: 'body' },
      ]
    : [{ language, part: 'text' }];
}

function member(document: TextDocument, part: TextPart['part']): Partial<Localized> | undefined {
  const value = (document as Record<string, unknown>)[part];
  return typeof value === 'object' && value !== null ? (value as Partial<Localized>) : undefined;
}

/** The text of one part ('' when the document lacks it, as a draft being written may). */
export function textOf(document: TextDocument, { language, part }: TextPart): string {
  const text = member(document, part)?.[language];
  return typeof text === 'string' ? text : '';
}

/** The document with one part's text replaced; every other member kept as it was. */
export function withText<T extends TextDocument>(document: T, { language, part }: TextPart, text: string): T {
  return { ...document, [part]: { ...member(document, part), [language]: text } };
}

/** The findings on one part, as the editor underlines them (a finding without a line is on the part's first line). */
export function diagnosticsOf(findings: readonly Finding[], { language, part }: TextPart, say: (finding: Finding) => string) {
  return findings
    .filter((f) => f.language === language && f.part === part)
    .map((f) => ({ line: f.line ?? 1, column: f.column ?? 1, severity: f.severity, message: say(f) }));
}

/** The id of a part's editor on the page, so that choosing a finding can bring it into view. */
export function editorId({ language, part }: TextPart) {
  return `text-${part}-${language}`;
}

/** What a definition key may be (the API's rule): 1–64 letters, digits, `-`, `_`, `.`. */
export function isKey(key: string) {
  return /^[A-Za-z0-9._-]{1,64}$/.test(key);
}

/** A copy of a template under another key: a new notification template starts from a shipped one. */
export function copyUnder<T extends TextDocument>(document: T, key: string): T {
  return { ...structuredClone(document), key };
}

/** What a real report is about: a cycle for cycle-progress, a person for the others (docs/reports.md). */
export function subjectOf(reportKey: string): 'cycle' | 'person' {
  return reportKey === 'cycle-progress' ? 'cycle' : 'person';
}

/** A preview's rendered texts by language and part. */
export function renderedBy(texts: readonly { language: string; part: string; text: string }[]) {
  const found = new Map(texts.map((t) => [`${t.language}/${t.part}`, t.text]));
  return (language: Language, part: string) => found.get(`${language}/${part}`);
}
