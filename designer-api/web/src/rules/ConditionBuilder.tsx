import { useId } from 'react';
import { Button, Radio, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/findings';
import { conditionText, operatorsFor, recogniseCondition, rowText, valuesTaken, type Condition, type ConditionRow } from './conditions';
import type { Operand } from './fields';
import { ExpertEditor, ExpertOnlyNote, ExpertSwitch, ScribanPreview, useBuilt, ValueInput, ValuesInput, useSay } from './shared';

/**
 * A condition made of rows — operand, operator, value — combined with 全部满足 (and) or 任一满足 (or): for process
 * decisions and a rule's "when". `value` is its Scriban; Scriban the builder did not write opens in expert mode and is
 * kept as it is.
 */
export function ConditionBuilder({ operands, value, onChange, findings = [] }: { operands: Operand[]; value: string; onChange(scriban: string): void; findings?: Finding[] }) {
  const { t } = useTranslation();
  const id = useId();
  const built = useBuilt(value, (text) => recogniseCondition(text, operands), (condition) => conditionText(condition, operands), onChange);
  return (
    <div className="rules-builder">
      <div className="rules-head">
        <span />
        <ExpertSwitch id={`${id}-expert`} expert={built.expert} canLeave={built.canLeaveExpert} onChange={built.setExpert} />
      </div>
      <ExpertOnlyNote id={`${id}-expert`} show={built.expert && !built.canLeaveExpert} />
      {built.expert || !built.model ? (
        <ExpertEditor label={t('rules.condition.expertLabel')} value={value} onChange={built.edit} findings={findings} />
      ) : (
        <>
          <ConditionRows operands={operands} condition={built.model} onChange={built.update} />
          <ScribanPreview text={value} />
        </>
      )}
    </div>
  );
}

/** The rows of a condition, edited as a model (the rule editor shows them inside a rule). */
export function ConditionRows({ operands, condition, onChange }: { operands: Operand[]; condition: Condition; onChange(condition: Condition): void }) {
  const { t } = useTranslation();
  const setRow = (index: number, row: ConditionRow) => onChange({ ...condition, rows: condition.rows.map((r, i) => (i === index ? row : r)) });
  const first = operands[0];
  return (
    <div className="rules-builder">
      {condition.rows.length === 0 && <Typography.Text type="secondary">{t('rules.condition.none')}</Typography.Text>}
      {condition.rows.length > 1 && (
        <Radio.Group
          aria-label={t('rules.condition.combine')}
          optionType="button"
          size="small"
          value={condition.combine}
          onChange={(e) => onChange({ ...condition, combine: e.target.value as Condition['combine'] })}
          options={[
            { value: 'and', label: t('rules.condition.all') },
            { value: 'or', label: t('rules.condition.any') },
          ]}
        />
      )}
      {condition.rows.map((row, index) => (
        <Row key={index} n={index + 1} row={row} operands={operands} onChange={(next) => setRow(index, next)} onRemove={() => onChange({ ...condition, rows: condition.rows.filter((_, i) => i !== index) })} />
      ))}
      {first && (
        <div>
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => onChange({ ...condition, rows: [...condition.rows, { operand: first.expression, operator: operatorsFor(first)[0]!, values: [] }] })}
          >
            {t('rules.condition.add')}
          </Button>
        </div>
      )}
    </div>
  );
}

function Row({ n, row, operands, onChange, onRemove }: { n: number; row: ConditionRow; operands: Operand[]; onChange(row: ConditionRow): void; onRemove(): void }) {
  const { t } = useTranslation();
  const say = useSay();
  const operand = operands.find((o) => o.expression === row.operand);
  const operators = operand ? operatorsFor(operand) : [];
  const takes = valuesTaken(row.operator);
  const complete = rowText(operand, row) !== undefined;
  return (
    <div>
      <div className="rules-row">
        <Select
          aria-label={t('rules.condition.operand', { n })}
          showSearch={{ optionFilterProp: 'label' }}
          value={row.operand}
          onChange={(expression: string) => {
            const next = operands.find((o) => o.expression === expression)!;
            const allowed = operatorsFor(next);
            onChange({ operand: expression, operator: allowed.includes(row.operator) ? row.operator : allowed[0]!, values: [] });
          }}
          options={operands.map((o) => ({ value: o.expression, label: say(o.label) }))}
        />
        <Select
          aria-label={t('rules.condition.operator', { n })}
          value={row.operator}
          onChange={(operator) => onChange({ ...row, operator, values: valuesTaken(operator) === 'many' ? row.values : row.values.slice(0, 1) })}
          options={operators.map((o) => ({ value: o, label: t(`rules.op.${o}`) }))}
        />
        {operand && takes === 1 && (
          <ValueInput
            field={row.operator === 'contains' || row.operator === 'has' ? { ...operand, type: 'string' } : operand}
            label={t('rules.condition.value', { n })}
            value={row.values[0]}
            onChange={(v) => onChange({ ...row, values: v === undefined ? [] : [v] })}
          />
        )}
        {operand && takes === 'many' && <ValuesInput field={operand} label={t('rules.condition.value', { n })} values={row.values} onChange={(values) => onChange({ ...row, values })} />}
        <Button type="text" icon={<DeleteOutlined />} aria-label={t('rules.condition.remove', { n })} onClick={onRemove} />
      </div>
      {!complete && <span className="rules-incomplete">{t('rules.incomplete')}</span>}
    </div>
  );
}
