import { useTranslation } from 'react-i18next';
import { say, type Schemas } from '../api/client';
import { formatDate } from './due';

type Round = Schemas['ReturnRoundResponse'];

/**
 * The returns of the form at this step, the rounds of its review loop, latest first: who returned it, when, why, and
 * the comments on fields. On an open task the latest is what the person has to act on.
 */
export function ReturnsPanel({ rounds, fieldTitle, open }: { rounds: readonly Round[]; fieldTitle: (pointer: string) => string; open: boolean }) {
  const { t, i18n } = useTranslation();
  const latestFirst = [...rounds].sort((a, b) => b.round - a.round || b.at.localeCompare(a.at));
  return (
    <section className={open ? 'task-returns current' : 'task-returns'} aria-labelledby="task-returns-title">
      <h2 id="task-returns-title">{open ? t('taskPage.returns.titleOpen') : t('taskPage.returns.title')}</h2>
      <ol className="return-rounds">
        {latestFirst.map((r) => (
          <li key={`${r.round}-${r.at}`} className="return-round">
            <div className="return-round-head">
              {t('taskPage.returns.round', { round: r.round, name: say(r.returnedBy.name), date: formatDate(r.at, i18n.language) })}
            </div>
            <div className="return-reason">
              <span className="return-reason-label">{t('taskPage.returns.reason')}</span>
              {r.reason ?? t('taskPage.returns.reasonHidden')}
            </div>
            {r.comments.length > 0 && (
              <ul className="return-round-comments">
                {r.comments.map((c) => (
                  <li key={c.id}>
                    <strong>{fieldTitle(c.field)}</strong>: {c.body}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
