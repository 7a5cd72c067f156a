import { useMemo } from 'react';
import { Form } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDepartments } from '../cycles/queries';
import type { Finding } from '../authoring/definitions';
import { ConditionBuilder } from '../rules';
import type { ProcessDocument } from './document';
import { operandsOf, subjectOperands } from './operands';
import { usePublishedTemplates } from './queries';

/**
 * A decision branch's condition, built from the fields of the process's forms without writing Scriban (the rules
 * builders' ConditionBuilder: the Scriban shown, 专家模式 for what the builder does not write) and from who the subject
 * is (level, department, roles); lint's findings on it.
 */
export function ConditionEditor({ document, value, onChange, findings, readOnly }: { document: ProcessDocument; value: string; onChange: (when: string) => void; findings: Finding[]; readOnly: boolean }) {
  const { t, i18n } = useTranslation();
  const templates = usePublishedTemplates();
  const departments = useDepartments();
  // Only the language in use is loaded: the labels are made in it, and made again when it changes.
  const subject = useMemo(
    () =>
      subjectOperands(departments.data ?? [], (key) => {
        const shown = t(key);
        return { 'zh-CN': shown, en: shown };
      }),
    [departments.data, t, i18n.language],
  );
  return (
    <Form.Item label={t('processes.panel.condition')}>
      <fieldset disabled={readOnly} className="condition-fieldset">
        {/* Made again once the departments are there: a condition on one is read back only when it is among the options. */}
        <ConditionBuilder
          key={departments.data ? 'departments' : 'no-departments'}
          operands={[...operandsOf(document, templates.data ?? []), ...subject]}
          value={value}
          onChange={onChange}
          findings={findings}
        />
      </fieldset>
    </Form.Item>
  );
}
