import { useEffect, useId, useState } from 'react';
import { Input } from 'antd';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  value: string;
  /** Why a key cannot be used (a text to show), or undefined when it can. */
  problem(key: string): string | undefined;
  onRename(key: string): void;
  hint?: string;
}

/**
 * A key (a field's, a section's): edited in place and taken when the author leaves the input or presses Enter, and
 * only when it is valid; until then the problem shows under it and the old key stays in use.
 */
export function KeyInput({ label, value, problem, onRename, hint }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [typed, setTyped] = useState(value);
  useEffect(() => setTyped(value), [value]);
  const wrong = typed === value ? undefined : problem(typed);
  const commit = () => {
    if (typed !== value && !problem(typed)) onRename(typed);
  };
  return (
    <div className="key-input">
      <label htmlFor={id}>{label}</label>
      <Input
        id={id}
        className="key-value"
        value={typed}
        status={wrong ? 'error' : undefined}
        aria-invalid={wrong ? true : undefined}
        aria-describedby={`${id}-about`}
        onChange={(event) => setTyped(event.target.value.trim())}
        onBlur={commit}
        onPressEnter={commit}
        spellCheck={false}
        autoCapitalize="off"
      />
      <div id={`${id}-about`} className={wrong ? 'key-problem' : 'key-hint'} role={wrong ? 'alert' : undefined}>
        {wrong ?? hint ?? t('templates.key.hint')}
      </div>
    </div>
  );
}
