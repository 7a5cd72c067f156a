import { fieldsOf, operandsOf as operandsOfFields, type Operand } from '../rules/fields';
import type { ProcessDocument } from './document';
import { templateKey } from './document';
import type { TemplateOutline } from './queries';

export type { Operand };

/**
 * What a decision's condition may read: the fields of each form of the process as the rules builders see a template's
 * fields (src/rules), reached as `forms.<form>.<field>` (docs/processes.md "Conditions") and labelled "form · field"
 * in both languages. (The subject carries only `subject.id` today, so no attribute of the person is offered.)
 */
export function operandsOf(document: ProcessDocument, templates: TemplateOutline[]): Operand[] {
  return Object.entries(document.forms).flatMap(([form, written]) => {
    const template = templates.find((t) => t.key === templateKey(written));
    if (!template) return [];
    const formTitle = template.title ?? { 'zh-CN': form, en: form };
    return operandsOfFields(fieldsOf(template), `forms.${form}`).map((operand) => ({
      ...operand,
      label: { 'zh-CN': `${formTitle['zh-CN']} · ${operand.label['zh-CN']}`, en: `${formTitle.en} · ${operand.label.en}` },
    }));
  });
}
