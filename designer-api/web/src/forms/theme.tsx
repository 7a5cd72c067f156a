import type { ReactNode } from 'react';
import { withTheme } from '@rjsf/core';
import { useTranslation } from 'react-i18next';
import { ArrowDownOutlined, ArrowUpOutlined, CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ariaDescribedByIds,
  descriptionId,
  enumOptionsIndexForValue,
  enumOptionsValueForIndex,
  getTemplate,
  getUiOptions,
  helpId,
  rangeSpec,
  titleId,
  TranslatableString,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
  type FieldTemplateProps,
  type IconButtonProps,
  type ObjectFieldTemplateProps,
  type TitleFieldProps,
  type WidgetProps,
} from '@rjsf/utils';
import { Button, Form, Input, Slider, Space } from 'antd';
import Templates from '@rjsf/antd/lib/templates/index.js';
import CheckboxesWidget from '@rjsf/antd/lib/widgets/CheckboxesWidget/index.js';
import CheckboxWidget from '@rjsf/antd/lib/widgets/CheckboxWidget/index.js';
import RadioWidget from '@rjsf/antd/lib/widgets/RadioWidget/index.js';
import TextareaWidget from '@rjsf/antd/lib/widgets/TextareaWidget/index.js';

/**
 * A date as the browser's own date input: the phone's date wheel, the desktop's calendar, in the page's language;
 * the value stays the ISO date (`2027-03-31`) the schema's `format: date` asks for.
 */
function NativeDateWidget(props: WidgetProps) {
  return <NativeInput {...props} type="date" shown={(v) => v} stored={(v) => v} />;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A moment (`format: date-time`, with its offset) in the browser's local time, as a datetime-local input shows it. */
export function localInputValue(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function NativeDateTimeWidget(props: WidgetProps) {
  return <NativeInput {...props} type="datetime-local" shown={localInputValue} stored={(v) => new Date(v).toISOString()} />;
}

function NativeInput({ id, value, required, disabled, readonly, onChange, onBlur, onFocus, autofocus, rawErrors, type, shown, stored }: WidgetProps & { type: string; shown: (value: string) => string; stored: (value: string) => string }) {
  return (
    <Input
      id={id}
      name={id}
      type={type}
      value={typeof value === 'string' ? shown(value) : ''}
      required={required}
      disabled={disabled}
      readOnly={readonly}
      autoFocus={autofocus}
      status={rawErrors && rawErrors.length > 0 ? 'error' : undefined}
      onChange={(event) => onChange(event.target.value === '' ? undefined : stored(event.target.value))}
      onBlur={(event) => onBlur(id, event.target.value)}
      onFocus={(event) => onFocus(id, event.target.value)}
    />
  );
}

/**
 * A choice from a list as the browser's own select: the phone's picker wheel, the desktop's drop-down, read by screen
 * readers as a plain combo box — and Ant Design's searchable select (some 20 KB gzipped) out of the task page's first
 * load. A choice of several (an array of options) is a group of check boxes instead, which a phone handles better
 * than a multiple select.
 */
function NativeSelectWidget(props: WidgetProps) {
  const { id, options, value, required, disabled, readonly, multiple, placeholder, onChange, onBlur, onFocus, autofocus, rawErrors } = props;
  if (multiple) return <CheckboxesWidget {...props} />;
  const { enumOptions = [], enumDisabled, emptyValue } = options;
  const selected = enumOptionsIndexForValue(value, enumOptions, false);
  const index = typeof selected === 'string' ? selected : '';
  const decode = (chosen: string) => (chosen === '' ? emptyValue : enumOptionsValueForIndex(chosen, enumOptions, emptyValue));
  const invalid = rawErrors !== undefined && rawErrors.length > 0;
  return (
    <select
      id={id}
      name={id}
      className={invalid ? 'native-select native-select-error' : 'native-select'}
      value={index}
      required={required}
      disabled={disabled || readonly}
      autoFocus={autofocus}
      aria-invalid={invalid || undefined}
      aria-describedby={ariaDescribedByIds(id)}
      onChange={(event) => onChange(decode(event.target.value))}
      onBlur={(event) => onBlur(id, decode(event.target.value))}
      onFocus={(event) => onFocus(id, decode(event.target.value))}
    >
      <option value="">{placeholder ?? ''}</option>
      {enumOptions.map((option, i) => (
        <option key={i} value={String(i)} disabled={Array.isArray(enumDisabled) && enumDisabled.includes(option.value)}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/**
 * What a page may show beside each field of the form (below it), given through the form's `formContext`: the
 * reviewer's comments on it, a button to comment on it. `path` is the field's place in the data (`['goals', 0]`).
 */
export interface FieldAsides {
  fieldAside?(path: readonly (string | number)[], label: string, group: boolean): ReactNode;
  /** What to show above the items of a list the person may change (a button that fills it from elsewhere). */
  listHead?(path: readonly (string | number)[]): ReactNode;
}

/**
 * A field: its label, the control, and below it its problems (the browser's or the server's) when there are any, with
 * the field's help still shown beneath them (Ant Design's template shows the help instead of the errors).
 */
function FieldTemplate(props: FieldTemplateProps) {
  const { children, description, displayLabel, errors, fieldPathId, help, rawHelp, hidden, id, label, rawErrors, rawDescription, registry, required, schema, uiSchema } = props;
  const uiOptions = getUiOptions(uiSchema);
  const Wrap = getTemplate('WrapIfAdditionalTemplate', registry, uiOptions);
  if (hidden) return <div className="rjsf-field-hidden">{children}</div>;
  const failing = (rawErrors?.length ?? 0) > 0;
  // A group (an object, a list) shows its help under its title, not below its last field; its problems stay below it.
  const helpBelow = !!rawHelp && schema.type !== 'array' && schema.type !== 'object';
  // An object shows its description under its title (ObjectFieldTemplate); a field, under its control.
  const describedBelow = !!rawDescription && schema.type !== 'object';
  const extra = (
    <>
      {describedBelow ? description : null}
      {failing && helpBelow ? help : null}
    </>
  );
  return (
    <Wrap {...props}>
      <Form.Item
        hasFeedback={schema.type !== 'array' && schema.type !== 'object'}
        help={failing ? errors : helpBelow ? help : undefined}
        extra={describedBelow || (failing && helpBelow) ? extra : undefined}
        htmlFor={id}
        label={displayLabel && uiOptions.widget !== 'checkbox' ? label : undefined}
        labelCol={{ span: 24 }}
        wrapperCol={{ span: 24 }}
        required={required}
        validateStatus={failing ? 'error' : undefined}
      >
        {children}
      </Form.Item>
      {fieldPathId.path.length > 0 ? (registry.formContext as FieldAsides | undefined)?.fieldAside?.(fieldPathId.path, label, schema.type === 'object' || schema.type === 'array') : null}
    </Wrap>
  );
}

/** A group's title: the form's own as a heading over it, a group's (an object, an array's item) as a smaller one. */
function TitleFieldTemplate({ id, title, required }: TitleFieldProps) {
  if (!title) return null;
  const root = id === 'root__title';
  return (
    <div id={id} role="heading" aria-level={root ? 2 : 3} className={root ? 'form-title' : 'group-title'}>
      {title}
      {required && !root ? <span className="group-required" aria-hidden> *</span> : null}
    </div>
  );
}

/**
 * An object: its title, its description and its help, then its fields one under the other (one column, from phones
 * up). An item of a list is titled by its place in it (第 1 项), under the list's title.
 */
function ObjectFieldTemplate({ title, description, properties, required, registry, schema, uiSchema, fieldPathId }: ObjectFieldTemplateProps) {
  const { t } = useTranslation();
  const uiOptions = getUiOptions(uiSchema);
  const Title = getTemplate('TitleFieldTemplate', registry, uiOptions);
  const Description = getTemplate('DescriptionFieldTemplate', registry, uiOptions);
  const place = fieldPathId.path.at(-1);
  const shown = typeof place === 'number' ? t('form.item', { n: place + 1 }) : title;
  return (
    <fieldset id={fieldPathId.$id} className="form-object">
      {shown && <Title id={titleId(fieldPathId)} title={shown} required={required} schema={schema} uiSchema={uiSchema} registry={registry} />}
      {description && <Description id={descriptionId(fieldPathId)} description={description} schema={schema} uiSchema={uiSchema} registry={registry} />}
      <GroupHelp fieldPathId={fieldPathId} help={uiOptions.help} />
      {properties.filter((p) => !p.hidden).map((p) => (
        <div key={p.name}>{p.content}</div>
      ))}
    </fieldset>
  );
}

/** A group's help (an object's, a list's), under its title as a field's is under its control. */
function GroupHelp({ fieldPathId, help }: { fieldPathId: ArrayFieldTemplateProps['fieldPathId']; help: unknown }) {
  if (!help) return null;
  return (
    <div id={helpId(fieldPathId)} className="group-help">
      {help as ReactNode}
    </div>
  );
}

/**
 * A list: its title with its help right under it, its items, and — for someone who may change it — a button below
 * them that adds an item, named with the list's title for a screen reader (a form may hold several lists).
 */
function ArrayFieldTemplate({ canAdd, disabled, fieldPathId, items, onAddClick, readonly, registry, required, schema, title, uiSchema }: ArrayFieldTemplateProps) {
  const { t } = useTranslation();
  const uiOptions = getUiOptions(uiSchema);
  const Title = getTemplate('ArrayFieldTitleTemplate', registry, uiOptions);
  const shown = uiOptions.title || title;
  return (
    <fieldset id={fieldPathId.$id} className="form-array">
      {shown && <Title fieldPathId={fieldPathId} title={shown} required={required} schema={schema} uiSchema={uiSchema} registry={registry} />}
      <GroupHelp fieldPathId={fieldPathId} help={uiOptions.help} />
      {!readonly && !disabled ? (registry.formContext as FieldAsides | undefined)?.listHead?.(fieldPathId.path) : null}
      {items}
      {canAdd && !readonly && !disabled && (
        <Button type="dashed" block className="array-add" icon={<PlusOutlined aria-hidden />} aria-label={shown ? t('form.addItemTo', { list: shown }) : undefined} onClick={onAddClick}>
          {t('form.addItem')}
        </Button>
      )}
    </fieldset>
  );
}

/**
 * An item of a list: its move and remove buttons above it on the right (not for someone who only reads it), the item
 * at full width (phones too).
 */
function ArrayFieldItemTemplate({ children, buttonsProps, hasToolbar, readonly, disabled, registry, uiSchema }: ArrayFieldItemTemplateProps) {
  const Buttons = getTemplate('ArrayFieldItemButtonsTemplate', registry, getUiOptions(uiSchema));
  return (
    <div className="array-item">
      {hasToolbar && !readonly && !disabled && (
        <div className="array-item-toolbar">
          <Space.Compact>
            <Buttons {...buttonsProps} />
          </Space.Compact>
        </div>
      )}
      {children}
    </div>
  );
}

/**
 * An item's move, copy and remove buttons: icons named in the page's language (the form's `translateString`), not by
 * the icon's own English name ("arrow-up", "delete") that a screen reader would read otherwise.
 */
function itemButton(icon: ReactNode, name: TranslatableString, remove = false) {
  return function ItemButton({ id, className, style, disabled, onClick, registry }: IconButtonProps) {
    const label = registry.translateString(name);
    return <Button id={id} className={className} style={style} type={remove ? 'primary' : 'default'} danger={remove} title={label} aria-label={label} icon={icon} disabled={disabled} onClick={onClick} />;
  };
}

const MoveUpButton = itemButton(<ArrowUpOutlined aria-hidden />, TranslatableString.MoveUpButton);
const MoveDownButton = itemButton(<ArrowDownOutlined aria-hidden />, TranslatableString.MoveDownButton);
const CopyButton = itemButton(<CopyOutlined aria-hidden />, TranslatableString.CopyButton);
const RemoveButton = itemButton(<DeleteOutlined aria-hidden />, TranslatableString.RemoveButton, true);

/**
 * A rating (`ui:widget: range`): a slider whose handle is named by the field's label, with the steps marked (1 … 5)
 * and the chosen value beside it; nothing chosen until the person moves it.
 */
function RatingWidget({ id, value, disabled, readonly, onChange, onBlur, onFocus, schema, label }: WidgetProps) {
  const { min = 0, max = 100, step = 1 } = rangeSpec(schema);
  const marks = max - min <= 10 ? Object.fromEntries(Array.from({ length: (max - min) / step + 1 }, (_, i) => [min + i * step, String(min + i * step)])) : undefined;
  return (
    <div className={typeof value === 'number' ? 'rating' : 'rating rating-empty'} id={id}>
      <Slider
        min={min}
        max={max}
        step={step}
        marks={marks}
        value={typeof value === 'number' ? value : undefined}
        disabled={disabled || readonly}
        ariaLabelForHandle={label}
        onChange={(next: number) => onChange(next)}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
      />
      <span className="rating-value" aria-hidden>
        {typeof value === 'number' ? value : '–'}
      </span>
    </div>
  );
}

/**
 * react-jsonschema-form with the Ant Design theme's templates and widgets — but dates and choices from a list as the
 * browser's own inputs, which suit phones and keep Ant Design's date picker and select out of the task page's first
 * load (docs/performance.md).
 */
export const ThemedForm = withTheme({
  templates: {
    ...Templates,
    FieldTemplate,
    TitleFieldTemplate,
    ObjectFieldTemplate,
    ArrayFieldTemplate,
    ArrayFieldItemTemplate,
    ButtonTemplates: { ...Templates.ButtonTemplates, MoveUpButton, MoveDownButton, CopyButton, RemoveButton },
  },
  widgets: {
    CheckboxesWidget,
    CheckboxWidget,
    RadioWidget,
    RangeWidget: RatingWidget,
    SelectWidget: NativeSelectWidget,
    TextareaWidget,
    DateWidget: NativeDateWidget,
    DateTimeWidget: NativeDateTimeWidget,
  },
});
