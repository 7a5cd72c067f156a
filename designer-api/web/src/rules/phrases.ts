import { kindOf, type FieldInfo, type Operand, type Text } from './fields';
import type { Condition, ConditionRow } from './conditions';

/**
 * Default rule messages are content of the template, stored in both languages whatever language the designer shows:
 * so their phrases live here, both languages side by side, and not among the page's texts (which load one language).
 */
type Language = keyof Text;
const languages: Language[] = ['zh-CN', 'en'];

export const quoted = (text: Text, language: Language) => (language === 'zh-CN' ? `「${text['zh-CN']}」` : `"${text.en}"`);

/** A value as a person reads it: an option's label, 是/yes for true, the number or text as written. */
export function valueWords(field: Pick<Operand, 'type' | 'format' | 'options'>, value: string, language: Language) {
  const option = field.options?.find((o) => o.value === value);
  if (option) return quoted(option.label, language);
  if (kindOf(field) === 'boolean') return language === 'zh-CN' ? (value === 'true' ? '是' : '否') : value === 'true' ? 'yes' : 'no';
  if (kindOf(field) === 'number') return value;
  return language === 'zh-CN' ? `「${value}」` : `"${value}"`;
}

const symbols = { eq: '=', ne: '≠', gt: '>', ge: '≥', lt: '<', le: '≤' } as const;

function rowWords(row: ConditionRow, operand: Operand | undefined, language: Language) {
  const x = operand ? quoted(operand.label, language) : row.operand;
  const field = operand ?? { type: 'string' as const };
  const zh = language === 'zh-CN';
  const v = (value: string | undefined) => valueWords(field, value ?? '', language);
  const kind = kindOf(field);
  switch (row.operator) {
    case 'empty':
      return zh ? `${x}为空` : `${x} is empty`;
    case 'notEmpty':
      return zh ? `${x}已填写` : `${x} is filled in`;
    case 'oneOf':
      return zh ? `${x}为${row.values.map(v).join('或')}` : `${x} is ${row.values.map(v).join(' or ')}`;
    case 'contains':
      return zh ? `${x}包含${v(row.values[0])}` : `${x} includes ${v(row.values[0])}`;
    case 'within':
      return zh ? `${x}属于${v(row.values[0])}（含下级部门）` : `${x} is within ${v(row.values[0])}`;
    case 'is':
      return zh ? `${x}就是${v(row.values[0])}` : `${x} is exactly ${v(row.values[0])}`;
    case 'has':
      return zh ? `${x}具有${v(row.values[0])}` : `${x} has ${v(row.values[0])}`;
    case 'atLeast':
      return zh ? `${x}不低于${v(row.values[0])}` : `${x} is ${v(row.values[0])} or above`;
    case 'atMost':
      return zh ? `${x}不高于${v(row.values[0])}` : `${x} is ${v(row.values[0])} or below`;
    case 'eq':
    case 'ne':
      if (kind !== 'number' && kind !== 'date') {
        const not = row.operator === 'ne';
        return zh ? `${x}${not ? '不为' : '为'}${v(row.values[0])}` : `${x} is ${not ? 'not ' : ''}${v(row.values[0])}`;
      }
      return `${x}${zh ? '' : ' '}${symbols[row.operator]} ${row.values[0] ?? ''}`;
    default:
      return `${x}${zh ? '' : ' '}${symbols[row.operator]} ${row.values[0] ?? ''}`;
  }
}

/** A condition in words, in one language: 「评分」≤ 2 且「员工确认」为「有异议」. */
export function conditionWords(condition: Condition, operands: Operand[], language: Language) {
  const words = condition.rows.map((row) => rowWords(row, operands.find((o) => o.expression === row.operand), language));
  if (language === 'en') return words.join(condition.combine === 'and' ? ' and ' : ' or ');
  // 「评分」≤ 2 且「评语」为空: a space after a number or a Latin word, none before 「.
  const joiner = condition.combine === 'and' ? '且' : '或';
  return words.reduce((said, w) => (said ? `${said}${/[\w.]$/.test(said) ? ' ' : ''}${joiner}${w}` : w), '');
}

/** `zh` and `en` for each language, with the condition in front (zh: …时，) or behind (en: … when …). */
export function both(make: (language: Language) => string, condition: Condition | undefined, operands: Operand[]): Text {
  const result = {} as Text;
  for (const language of languages) {
    const said = make(language);
    if (!condition?.rows.length) result[language] = said;
    else if (language === 'zh-CN') {
      const words = conditionWords(condition, operands, language);
      // "「评分」≤ 2 时": a space after a number or a Latin word, none after a Chinese character or 」.
      result[language] = `${words}${/[\w.]$/.test(words) ? ' ' : ''}时，${said}`;
    }
    else result[language] = `${said} when ${conditionWords(condition, operands, language)}`;
  }
  return result;
}

export type { FieldInfo };
