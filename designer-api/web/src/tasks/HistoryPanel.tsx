import { Grid } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { formatDate } from './due';
import { schemaAt, showValue, type ShownValue } from './fields';

type History = Schemas['HistoryResponse'];

// The history fields the engine keeps of a past run (TaskDesk.HistoryFields) and the forms they come from have names
// of their own here; any other is named by the form's label or its key.
const KNOWN_FIELDS = ['plan', 'goals', 'goal_results'];
const KNOWN_FORMS = ['self', 'record', 'idp', 'prep', 'checkin', 'kpi', 'pip'];

/**
 * Last cycle's plan and goals, beside the form: a side column on a desktop, a panel to open on a phone (closed, so the
 * form comes first; the browser's own disclosure, which costs the first load nothing).
 */
export function HistoryPanel({ history, schema }: { history: History; schema: unknown }) {
  const { t, i18n } = useTranslation();
  const wide = Grid.useBreakpoint().xl ?? false;
  const forms = (history.forms ?? {}) as Record<string, Record<string, unknown>>;
  const words = { yes: t('taskPage.history.yes'), no: t('taskPage.history.no'), empty: t('taskPage.history.empty') };
  const title = t('taskPage.history.title');
  const since = t('taskPage.history.since', { date: formatDate(history.startedAt, i18n.language) });
  const body = (
    <div className="history-body">
      <p className="history-since">{since}</p>
      {Object.entries(forms).map(([form, fields]) => (
        <section key={form} className="history-form" aria-label={KNOWN_FORMS.includes(form) ? t(`taskPage.history.form.${form}`) : form}>
          <h3>{KNOWN_FORMS.includes(form) ? t(`taskPage.history.form.${form}`) : form}</h3>
          {Object.entries(fields).map(([field, value]) => {
            const fieldSchema = schemaAt(schema, '/' + field);
            const name = KNOWN_FIELDS.includes(field) ? t(`taskPage.history.field.${field}`) : (fieldSchema?.title ?? field);
            return (
              <div key={field} className="history-field">
                <h4>{name}</h4>
                <Shown value={showValue(value, fieldSchema, words)} />
              </div>
            );
          })}
        </section>
      ))}
    </div>
  );
  if (wide) {
    return (
      <aside className="task-history" aria-labelledby="task-history-title">
        <h2 id="task-history-title">{title}</h2>
        {body}
      </aside>
    );
  }
  return (
    <aside className="task-history" aria-label={title}>
      <details className="history-details">
        <summary className="history-toggle">{title}</summary>
        {body}
      </details>
    </aside>
  );
}

function Shown({ value }: { value: ShownValue }) {
  if (value.kind === 'text') return <span className="history-text">{value.text}</span>;
  if (value.kind === 'list')
    return (
      <ol className="history-list">
        {value.items.map((item, i) => (
          <li key={i}>
            <Shown value={item} />
          </li>
        ))}
      </ol>
    );
  return (
    <dl className="history-fields">
      {value.fields.map((f) => (
        <div key={f.name}>
          <dt>{f.name}</dt>
          <dd>
            <Shown value={f.value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
