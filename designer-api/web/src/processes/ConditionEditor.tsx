import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/definitions';
import { ConditionBuilder } from '../rules';
import type { ProcessDocument } from './document';
import { operandsOf } from './operands';
import { usePublishedTemplates } from './queries';

/**
 * A decision branch's condition, built from the fields of the process's forms without writing Scriban (the rules
 * builders' ConditionBuilder: the Scriban shown, 专家模式 for what the builder does not write), lint's findings on it.
 */
export function ConditionEditor({ document, value, onChange, findings, readOnly }: { document: ProcessDocument; value: string; onChange: (when: string) => void; findings: Finding[]; readOnly: boolean }) {
  const { t } = useTranslation();
  const templates = usePublishedTemplates();
  return (
    <Form.Item label={t('processes.panel.condition')}>
      <fieldset disabled={readOnly} className="condition-fieldset">
        <ConditionBuilder operands={operandsOf(document, templates.data ?? [])} value={value} onChange={onChange} findings={findings} />
      </fieldset>
    </Form.Item>
  );
}
