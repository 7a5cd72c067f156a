import { fieldsOf, type FieldInfo, type Text } from '../rules/fields';
import { templateKey, type ProcessDocument } from './document';
import type { TemplateOutline } from './queries';

/**
 * A field of a form template as the step members pick it: its path as the template's `fields` keys write it
 * (`plan[].time_node`), its labels from the top-level field down (改进计划 › 时间节点), and the list item holding it
 * (`plan[]`; `''` for a top-level field). The rules builders' reading of a template ({@link fieldsOf}) is the source.
 */
export interface PickedField {
  path: string;
  labels: Text[];
  item: string;
  field: FieldInfo;
}

/** Every field of the template at any depth, members of list items included, in the template's order. */
export function pickableFields(template: Pick<TemplateOutline, 'schema' | 'fields'> | undefined): PickedField[] {
  if (!template) return [];
  const out: PickedField[] = [];
  const visit = (fields: FieldInfo[], labels: Text[], item: string) => {
    for (const field of fields) {
      const chain = [...labels, field.label];
      out.push({ path: field.path, labels: chain, item, field });
      if (field.items) visit(field.items, chain, `${field.path}[]`);
    }
  };
  visit(fieldsOf(template), [], '');
  return out;
}

const isDate = (f: FieldInfo) => f.type === 'string' && (f.format === 'date' || f.format === 'date-time');
const isText = (f: FieldInfo) => f.type === 'string' && !f.format && !f.options;

/** The date and date-time fields a date reminder may watch (`format: date` or `date-time`), list items' included. */
export const dateFields = (fields: PickedField[]) => fields.filter((f) => isDate(f.field));

/** The text fields shown beside a date: plain strings of the same list item as the date (top-level ones for a top-level date). */
export function textFieldsBeside(fields: PickedField[], date: string | undefined): PickedField[] {
  const item = fields.find((f) => f.path === date)?.item ?? itemOf(date);
  return fields.filter((f) => f.item === item && isText(f.field));
}

/** The list item a path is in, by its writing: `plan[].time_node` → `plan[]`, `deadline` → ''. */
export function itemOf(path: string | undefined): string {
  const at = path?.lastIndexOf('[]') ?? -1;
  return at < 0 ? '' : path!.slice(0, at + 2);
}

/** The top-level date-time fields (a meeting's time). */
export const topLevelDateTimes = (fields: PickedField[]) => fields.filter((f) => f.item === '' && !f.path.includes('.') && f.field.type === 'string' && f.field.format === 'date-time');

/** The top-level text fields (a meeting's place and agenda). */
export const topLevelTexts = (fields: PickedField[]) => fields.filter((f) => f.item === '' && !f.path.includes('.') && isText(f.field));

/** A field's labels in one language, from the top-level field down: 「改进计划 › 时间节点」. */
export const labelPath = (labels: Text[], say: (text: Text) => string) => labels.map(say).join(' › ');

/** An option field of one of the process's forms, as `every` reads it: `pip.checkpoint_frequency`. */
export interface OptionField {
  /** `<form>.<field>` */
  value: string;
  form: string;
  formTitle: Text;
  label: Text;
  options: { value: string; label: Text }[];
}

/** The top-level option fields (strings with an `enum`) of every form of the process whose template is known. */
export function optionFields(document: ProcessDocument, templates: readonly TemplateOutline[]): OptionField[] {
  return Object.entries(document.forms).flatMap(([form, written]) => {
    const template = templates.find((t) => t.key === templateKey(written));
    if (!template) return [];
    return fieldsOf(template)
      .filter((f) => f.type === 'string' && !f.path.includes('.') && f.options?.length)
      .map((f) => ({ value: `${form}.${f.path}`, form, formTitle: template.title ?? { 'zh-CN': form, en: form }, label: f.label, options: f.options! }));
  });
}

/** The option fields an alert may watch (strings with an `enum`), list items' included. */
export const optionFieldsAt = (fields: PickedField[]) => fields.filter((f) => f.field.type === 'string' && !!f.field.options?.length);

/** A field of another form of the process, written `form.path` (`pip.manager_support[].commitment`). */
export interface FormFieldChoice {
  value: string;
  formTitle: Text;
  labels: Text[];
}

/** The plain texts of list items of every form of the process whose template is known: the support actions an alert lists. */
export function supportFields(document: ProcessDocument, templates: readonly TemplateOutline[]): FormFieldChoice[] {
  return Object.entries(document.forms).flatMap(([form, written]) => {
    const template = templates.find((t) => t.key === templateKey(written));
    if (!template) return [];
    return pickableFields(template)
      .filter((f) => f.item !== '' && isText(f.field))
      .map((f) => ({ value: `${form}.${f.path}`, formTitle: template.title ?? { 'zh-CN': form, en: form }, labels: f.labels }));
  });
}

/** The options of a template's fields by their labels in one language, for the card's words on alerts (已偏离). */
export function optionWordsOf(template: Pick<TemplateOutline, 'schema' | 'fields'> | undefined, say: (text: Text) => string) {
  const fields = pickableFields(template);
  return (field: string, value: string): string | undefined => {
    const label = fields.find((f) => f.path === field)?.field.options?.find((o) => o.value === value)?.label;
    return label ? say(label) : undefined;
  };
}
