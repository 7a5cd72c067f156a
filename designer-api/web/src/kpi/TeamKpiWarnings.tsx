import { Alert } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { formatValue } from './kpi';
import { useKpiTeam } from './queries';
import './kpi.css';

/** The open KPI warnings of the team, on the manager's 我的团队 dashboard: one line per person and indicator, linking the board. Nothing when there are none. */
export function TeamKpiWarnings() {
  const { t } = useTranslation();
  const team = useKpiTeam();
  const warned = (team.data?.people ?? []).flatMap((b) => b.indicators.filter((i) => i.warning).map((i) => ({ board: b, indicator: i })));
  if (warned.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      className="kpi-team-warnings"
      title={t('kpi.teamWarnings')}
      description={
        <ul>
          {warned.map(({ board, indicator }) => (
            <li key={`${board.person.id}/${indicator.id}`}>
              <Link to={`/kpi/board?person=${encodeURIComponent(board.person.id)}`}>{say(board.person.name)}</Link>：
              {t(indicator.direction === 'lower-better' ? 'kpi.warningAbove' : 'kpi.warningBelow', {
                name: indicator.name,
                count: indicator.warning!.values.length,
                threshold: indicator.threshold,
                values: indicator.warning!.values.map((v) => `${v.period}：${formatValue(v.value)}`).join('，'),
              })}
            </li>
          ))}
        </ul>
      }
    />
  );
}
