import { useId } from 'react';
import { Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { languages, type Text } from './model';

interface Props {
  /** What the text is ("标签"), for the labels of both inputs. */
  name: string;
  value: Text;
  onChange(next: Text): void;
  /** Both languages needed (a label): an empty one is flagged. Otherwise only when the other is filled in. */
  required?: boolean;
  long?: boolean;
}

/**
 * A text in zh-CN and en side by side. A language left empty while it is needed is flagged at its input — never
 * filled in from the other language.
 */
export function TextPair({ name, value, onChange, required = false, long = false }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const filled = languages.some((language) => (value[language] ?? '').trim() !== '');
  return (
    <fieldset className="text-pair">
      <legend>{name}</legend>
      {languages.map((language) => {
        const missing = (required || filled) && (value[language] ?? '').trim() === '';
        const inputId = `${id}-${language}`;
        const props = {
          id: inputId,
          lang: language,
          value: value[language] ?? '',
          status: missing ? ('error' as const) : undefined,
          'aria-invalid': missing || undefined,
          'aria-describedby': missing ? `${inputId}-missing` : undefined,
          onChange: (event: { target: { value: string } }) => onChange({ ...value, [language]: event.target.value }),
        };
        return (
          <div key={language} className="text-pair-language">
            <label htmlFor={inputId}>
              {t(`templates.language.${language}`)} · {name}
            </label>
            {long ? <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} {...props} /> : <Input {...props} />}
            {missing ? (
              <div id={`${inputId}-missing`} className="text-pair-missing">
                {t(`templates.missing.${language}`)}
              </div>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
