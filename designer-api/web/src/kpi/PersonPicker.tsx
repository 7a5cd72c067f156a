import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { say, type Schemas } from '../api/client';

/** Picks whose KPIs a page shows: oneself (first) or someone one oversees. Hidden when there is only oneself. */
export function PersonPicker({
  people,
  value,
  meId,
  onChange,
}: {
  people: Schemas['PersonNameRef'][];
  value: string | undefined;
  meId: string | undefined;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  if (people.length <= 1) return null;
  return (
    <div className="kpi-person">
      <label htmlFor="kpi-person" className="kpi-label">
        {t('kpi.person')}
      </label>
      <Select
        id="kpi-person"
        size="large"
        style={{ width: '100%' }}
        value={value}
        showSearch={{ optionFilterProp: 'label' }}
        options={people.map((p) => ({ value: p.id, label: p.id === meId ? t('kpi.self', { name: say(p.name) }) : `${say(p.name)}（${p.id}）` }))}
        onChange={onChange}
      />
    </div>
  );
}
