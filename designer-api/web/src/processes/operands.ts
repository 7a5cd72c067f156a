import type { Texts } from '../api/client';
import type { ProcessDocument } from './document';
import { templateKey } from './document';
import type { TemplateOutline } from './queries';

/** A value a condition may compare, as the condition builder takes it. */
export interface Operand {
  expression: string;
  label: Texts;
  type: string;
  options?: { value: string | number | boolean; label: Texts }[];
}

/**
 * What a decision's condition may read: each top-level field of each form of the process, as
 * `forms.<form>.<field>` (docs/processes.md "Conditions"), labelled "form · field" in both languages, with its type and
 * options from the template. (The subject carries only `subject.id` today, so no attribute of the person is offered.)
 */
export function operandsOf(document: ProcessDocument, templates: TemplateOutline[]): Operand[] {
  return Object.entries(document.forms).flatMap(([form, written]) => {
    const template = templates.find((t) => t.key === templateKey(written));
    if (!template) return [];
    const formTitle = template.title ?? { 'zh-CN': form, en: form };
    return Object.entries(template.schema.properties ?? {}).map(([field, schema]) => {
      const meta = template.fields[field];
      const label = meta?.label ?? { 'zh-CN': field, en: field };
      const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'string') : (schema.type ?? 'string');
      const options = meta?.options
        ? Object.entries(meta.options).map(([value, text]) => ({ value, label: text }))
        : schema.enum
          ? schema.enum.filter((v): v is string | number | boolean => v !== null).map((v) => ({ value: v, label: { 'zh-CN': String(v), en: String(v) } }))
          : undefined;
      return {
        expression: `forms.${form}.${field}`,
        label: { 'zh-CN': `${formTitle['zh-CN']} · ${label['zh-CN']}`, en: `${formTitle.en} · ${label.en}` },
        type,
        ...(options ? { options } : {}),
      };
    });
  });
}
