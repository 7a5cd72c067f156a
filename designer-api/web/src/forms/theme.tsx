import { withTheme } from '@rjsf/core';
import type { WidgetProps } from '@rjsf/utils';
import { Input } from 'antd';
import Templates from '@rjsf/antd/lib/templates/index.js';
import CheckboxesWidget from '@rjsf/antd/lib/widgets/CheckboxesWidget/index.js';
import CheckboxWidget from '@rjsf/antd/lib/widgets/CheckboxWidget/index.js';
import RadioWidget from '@rjsf/antd/lib/widgets/RadioWidget/index.js';
import RangeWidget from '@rjsf/antd/lib/widgets/RangeWidget/index.js';
import SelectWidget from '@rjsf/antd/lib/widgets/SelectWidget/index.js';
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
 * react-jsonschema-form with the Ant Design theme's templates and widgets — but dates as native date inputs, which
 * suit phones and keep Ant Design's date picker out of the task page's first load (docs/performance.md).
 */
export const ThemedForm = withTheme({
  templates: Templates,
  widgets: {
    CheckboxesWidget,
    CheckboxWidget,
    RadioWidget,
    RangeWidget,
    SelectWidget,
    TextareaWidget,
    DateWidget: NativeDateWidget,
    DateTimeWidget: NativeDateTimeWidget,
  },
});
