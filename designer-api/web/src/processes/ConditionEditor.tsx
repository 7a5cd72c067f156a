import { Alert, Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/definitions';
import { CodeEditor } from '../authoring/CodeEditor';
import type { ProcessDocument } from './document';

/**
 * A decision branch's condition. Until the visual condition builder is there (branch `rules`), the condition is
 * written as a Scriban expression in the kit's editor, with lint's findings underlined at their line and column.
 */
export function ConditionEditor({ value, onChange, findings, readOnly }: { document: ProcessDocument; value: string; onChange: (when: string) => void; findings: Finding[]; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <Alert type="info" showIcon title={t('processes.panel.conditionFallback')} className="panel-note" />
      <Form.Item label={t('processes.panel.conditionCode')}>
        <CodeEditor
          language="scriban"
          label={t('processes.panel.conditionCode')}
          value={value}
          onChange={onChange}
          readOnly={readOnly}
          minLines={2}
          diagnostics={findings
            .filter((f) => f.line != null)
            .map((f) => ({ line: f.line!, column: f.column ?? 1, severity: f.severity, message: i18n.language === 'en' ? f.message.en : f.message['zh-CN'] }))}
        />
      </Form.Item>
    </>
  );
}
