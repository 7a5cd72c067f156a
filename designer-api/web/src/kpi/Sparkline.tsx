import { useTranslation } from 'react-i18next';
import { formatValue, sparkline, type KpiIndicator } from './kpi';

/**
 * A small line chart of an indicator's values over its periods, drawn as SVG: the target (dashed, green) and the
 * threshold (dashed, red) as lines, the values past the threshold as red dots. Screen readers get the values as text.
 */
export function Sparkline({ indicator, width = 280, height = 64 }: { indicator: KpiIndicator; width?: number; height?: number }) {
  const { t } = useTranslation();
  const values = indicator.points.map((p) => p.value);
  const layout = sparkline(values, width, height, [indicator.target, indicator.threshold]);
  const label = values.length
    ? t('kpi.chartLabel', { name: indicator.name, values: indicator.points.map((p) => `${p.period} ${formatValue(p.value)}`).join('，') })
    : t('kpi.chartEmpty', { name: indicator.name });
  return (
    <svg className="kpi-sparkline" viewBox={`0 0 ${width} ${height}`} width="100%" height={height} role="img" aria-label={label} preserveAspectRatio="none">
      {typeof indicator.target === 'number' && <line className="kpi-target-line" x1={0} x2={width} y1={layout.y(indicator.target)} y2={layout.y(indicator.target)} />}
      {typeof indicator.threshold === 'number' && (
        <line className="kpi-threshold-line" x1={0} x2={width} y1={layout.y(indicator.threshold)} y2={layout.y(indicator.threshold)} />
      )}
      {layout.points.length > 1 && <path className="kpi-line" d={layout.path} />}
      {layout.points.map((p, i) => (
        <circle key={i} className={indicator.points[i]!.breaches ? 'kpi-dot bad' : 'kpi-dot'} cx={p.x} cy={p.y} r={indicator.points[i]!.breaches ? 4 : 3} />
      ))}
    </svg>
  );
}
