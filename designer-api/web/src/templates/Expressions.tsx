import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/findings';
import { ComputedEditor, fieldsOf, RulesEditor, type Rule } from '../rules';
import type { DesignField, TemplateDocument } from './model';

/** A computed field's expression, built with the rules builder's computation builder (or written in its expert mode). */
export function ComputedExpression({ document, field, onChange, findings }: { document: TemplateDocument; field: DesignField; onChange(expression: string): void; findings: Finding[] }) {
  const fields = useMemo(() => fieldsOf(document), [document]);
  return (
    <div className="computed-expression">
      <ComputedEditor fields={fields} field={field.key} expression={field.expression ?? ''} onChange={onChange} findings={findings} />
    </div>
  );
}

/** The form's rules: conditions the data must meet, each with its message in both languages (the rules builder). */
export function RulesPanel({ document, onChange, findings }: { document: TemplateDocument; onChange(rules: Rule[]): void; findings: Finding[] }) {
  const { t } = useTranslation();
  const fields = useMemo(() => fieldsOf(document), [document]);
  const rules = (Array.isArray(document.rules) ? document.rules : []) as Rule[];
  return (
    <section className="rules-panel" aria-label={t('templates.rules.title')}>
      <RulesEditor fields={fields} rules={rules} findings={findings} onChange={onChange} />
    </section>
  );
}
