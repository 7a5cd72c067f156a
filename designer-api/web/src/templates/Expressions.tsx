import { useTranslation } from 'react-i18next';
import { CodeEditor } from '../authoring/CodeEditor';
import { FindingsList } from '../authoring/Findings';
import type { Finding } from '../authoring/definitions';
import type { Design, DesignField, Language, TemplateDocument } from './model';

/** A computed field's expression. */
export function ComputedExpression({ field, onChange, findings }: { design: Design; field: DesignField; onChange(expression: string): void; findings: Finding[] }) {
  const { t } = useTranslation();
  return (
    <div className="computed-expression">
      <CodeEditor
        language="scriban"
        label={t('templates.computed.expression')}
        value={field.expression ?? ''}
        onChange={onChange}
        minLines={2}
        diagnostics={findings.filter((f) => f.line).map((f) => ({ line: f.line!, column: f.column ?? 1, severity: f.severity, message: f.message['zh-CN'] }))}
      />
    </div>
  );
}

/** The form's rules: conditions the data must meet, each with its message in both languages. */
export function RulesPanel({ document, findings }: { document: TemplateDocument; design: Design; shown: Language; onChange(rules: unknown[]): void; findings: Finding[] }) {
  const { t } = useTranslation();
  const rules = Array.isArray(document.rules) ? document.rules : [];
  return (
    <section className="rules-panel" aria-label={t('templates.rules.title')}>
      <p className="properties-note">{t('templates.rules.count', { count: rules.length })}</p>
      {findings.length > 0 ? <FindingsList findings={findings} /> : null}
    </section>
  );
}
