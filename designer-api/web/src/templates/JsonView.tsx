import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { CodeEditor } from '../authoring/CodeEditor';
import { jsonOf, parseJson } from './jsonText';
import type { TemplateDocument } from './model';

interface Props {
  document: TemplateDocument;
  templateKey: string;
  onChange(next: TemplateDocument): void;
}

/**
 * The draft as JSON, the same document the visual designer edits: a text that parses into a template of this key is
 * taken at once (and the designer shows it); one that does not is shown wrong at its line, and the draft stays as it
 * was until it parses.
 */
export function JsonView({ document, templateKey, onChange }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => jsonOf(document));
  // The document changed elsewhere (a save's answer, the designer): show it, unless the text already says the same.
  useEffect(() => {
    setText((current) => {
      const parsed = parseJson(current);
      return parsed.ok && JSON.stringify(parsed.value) === JSON.stringify(document) ? current : jsonOf(document);
    });
  }, [document]);
  const parsed = parseJson(text);
  let problem: { line: number; column: number; message: string } | undefined;
  if (!parsed.ok) problem = { line: parsed.line, column: parsed.column, message: t('templates.json.syntax', { line: parsed.line, column: parsed.column }) };
  else if (typeof parsed.value !== 'object' || parsed.value === null || Array.isArray(parsed.value)) problem = { line: 1, column: 1, message: t('templates.json.notObject') };
  else if ((parsed.value as TemplateDocument).key !== templateKey) problem = { line: 1, column: 1, message: t('templates.json.key', { key: templateKey }) };
  const change = (next: string) => {
    setText(next);
    const value = parseJson(next);
    if (value.ok && typeof value.value === 'object' && value.value !== null && !Array.isArray(value.value) && (value.value as TemplateDocument).key === templateKey) onChange(value.value as TemplateDocument);
  };
  return (
    <section className="json-view" aria-label={t('templates.json.title')}>
      <p className="json-hint">{t('templates.json.hint')}</p>
      {problem ? <Alert type="error" showIcon role="alert" title={problem.message} description={t('templates.json.kept')} /> : null}
      <CodeEditor
        language="json"
        label={t('templates.json.title')}
        value={text}
        onChange={change}
        minLines={20}
        diagnostics={problem ? [{ line: problem.line, column: problem.column, severity: 'error', message: problem.message }] : []}
      />
    </section>
  );
}
