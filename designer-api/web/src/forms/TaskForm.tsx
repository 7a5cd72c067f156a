import { useCallback, useMemo } from 'react';
import { englishStringTranslator, TranslatableString, type ErrorSchema, type RJSFSchema, type UiSchema } from '@rjsf/utils';
import { useTranslation } from 'react-i18next';
import type { ErrorTree } from '../api/problems';
import { ThemedForm, type FieldAsides } from './theme';
import type { FormValidator } from './validator';

interface Props {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  formData: Record<string, unknown>;
  errors: ErrorTree;
  validator: FormValidator;
  readonly: boolean;
  onChange(data: Record<string, unknown>): void;
  /** What to show below a field (comments on it, a button to comment). */
  fieldAside?: FieldAsides['fieldAside'];
  /** What to show above a list the person may change. */
  listHead?: FieldAsides['listHead'];
  /**
   * What the asides show, as data: react-jsonschema-form re-renders a field only when its props differ by value, and a
   * function never does, so a change of what `fieldAside` renders must come with a change here.
   */
  asideState?: unknown;
}

// The texts of react-jsonschema-form's own buttons (a list item's), in the page's language; its other texts are for
// fields these forms do not use.
const buttonTexts: Partial<Record<TranslatableString, string>> = {
  [TranslatableString.AddItemButton]: 'form.addItem',
  [TranslatableString.RemoveButton]: 'form.removeItem',
  [TranslatableString.MoveUpButton]: 'form.moveUp',
  [TranslatableString.MoveDownButton]: 'form.moveDown',
  [TranslatableString.CopyButton]: 'form.copyItem',
};

// Ant Design theme settings: labels above their fields, left-aligned, without colons; one column.
const formContext = { labelAlign: 'left', colon: false, rowGutter: 12, colSpan: 24 };

/**
 * A task's form, rendered by react-jsonschema-form with its Ant Design theme from the render-ready schema the API
 * answers (labels, help, options in the page's language; the parts the person may only read marked read-only). It has
 * no submit button of its own (the page's action bar sends the data) and runs no validation of its own: the page
 * decides when to check (the browser's problems, `validator.validateFormData`, and the server's) and passes the
 * errors to show at their fields as `errors`.
 */
export function TaskForm({ schema, uiSchema, formData, errors, validator, readonly, onChange, fieldAside, listHead, asideState }: Props) {
  const { t } = useTranslation();
  const translateString = useCallback((text: TranslatableString, params?: string[]) => {
    const key = buttonTexts[text];
    return key ? t(key) : englishStringTranslator(text, params);
  }, [t]);
  const context = useMemo(() => ({ ...formContext, fieldAside, listHead, asideState }), [fieldAside, listHead, asideState]);
  const ui = useMemo<UiSchema>(() => ({ ...uiSchema, 'ui:submitButtonOptions': { norender: true } }), [uiSchema]);
  return (
    <ThemedForm
      className="task-form"
      schema={schema as RJSFSchema}
      uiSchema={ui}
      formData={formData}
      validator={validator}
      translateString={translateString}
      noValidate
      showErrorList={false}
      extraErrors={errors as ErrorSchema}
      readonly={readonly}
      formContext={context}
      onChange={(event) => onChange((event.formData ?? {}) as Record<string, unknown>)}
    />
  );
}
