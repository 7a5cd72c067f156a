import { describe, expect, it } from 'vitest';
import type { Finding } from '../authoring/definitions';
import { copyUnder, diagnosticsOf, isKey, partsOf, renderedBy, subjectOf, textOf, withText, type NotificationDocument } from './textTemplates';

const assigned: NotificationDocument = {
  key: 'task.assigned',
  event: 'task.assigned',
  subject: { 'zh-CN': '【待办】{{ task.title }}', en: 'To do: {{ task.title }}' },
  body: { 'zh-CN': '{{ recipient.name }}，您好', en: 'Dear {{ recipient.name }}' },
};

const finding = (language: string, part: string, line?: number): Finding => ({
  code: 'notification.syntax',
  severity: 'error',
  language,
  part,
  line,
  column: 3,
  message: { 'zh-CN': '缺少 end', en: 'Missing end' },
});

describe('a text template as the editor sees it', () => {
  it('has a subject and a body per language for a notification, one text for a report', () => {
    expect(partsOf('notifications', 'en').map((p) => p.part)).toEqual(['subject', 'body']);
    expect(partsOf('reports', 'zh-CN')).toEqual([{ language: 'zh-CN', part: 'text' }]);
  });

  it('changes one text and keeps the others and every other member', () => {
    const edited = withText(assigned, { language: 'zh-CN', part: 'body' }, '新的正文');
    expect(textOf(edited, { language: 'zh-CN', part: 'body' })).toBe('新的正文');
    expect(edited.body.en).toBe(assigned.body.en);
    expect(edited.subject).toEqual(assigned.subject);
    expect(edited.event).toBe('task.assigned');
  });

  it('reads a missing text as empty', () => {
    expect(textOf({ key: 'x', text: { 'zh-CN': '' } } as never, { language: 'en', part: 'text' })).toBe('');
  });

  it("puts a finding in the editor its language and part name, at its line and column", () => {
    const findings = [finding('zh-CN', 'body', 4), finding('en', 'body', 2), finding('zh-CN', 'subject')];
    const shown = diagnosticsOf(findings, { language: 'zh-CN', part: 'body' }, (f) => f.message.en);
    expect(shown).toEqual([{ line: 4, column: 3, severity: 'error', message: 'Missing end' }]);
    expect(diagnosticsOf(findings, { language: 'zh-CN', part: 'subject' }, () => '')[0]!.line).toBe(1);
  });

  it('copies a template under a new key without touching the original', () => {
    const copy = copyUnder(assigned, 'task.assigned-brief');
    copy.subject.en = 'changed';
    expect(copy.key).toBe('task.assigned-brief');
    expect(assigned.subject.en).toBe('To do: {{ task.title }}');
  });

  it('takes the keys the API takes', () => {
    expect(isKey('task.assigned-brief_2')).toBe(true);
    expect(isKey('')).toBe(false);
    expect(isKey('有空格 key')).toBe(false);
    expect(isKey('x'.repeat(65))).toBe(false);
  });

  it('previews a cycle report for a cycle and the others for a person', () => {
    expect(subjectOf('cycle-progress')).toBe('cycle');
    expect(subjectOf('pre-interview')).toBe('person');
    expect(subjectOf('follow-up')).toBe('person');
  });

  it('finds a rendered text by language and part', () => {
    const rendered = renderedBy([{ language: 'en', part: 'subject', text: 'To do: Self-review' }]);
    expect(rendered('en', 'subject')).toBe('To do: Self-review');
    expect(rendered('zh-CN', 'subject')).toBeUndefined();
  });
});
