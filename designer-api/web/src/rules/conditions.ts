import { kindOf, type Operand, type ValueKind } from './fields';
import { isNumberText, readLiteral, splitTopLevel, stringLiteral, unwrap } from './scriban';

/**
 * eq =, ne ≠, gt >, ge ≥, lt <, le ≤, empty 为空, notEmpty 不为空, oneOf 是其中之一, contains 包含 (a multiple choice);
 * for operands that say so (`Operand.operators`): within 属于（含下级）, is 就是（不含下级）, has 具有 (a list
 * that is never absent, such as the subject's roles), atLeast 不低于 and atMost 不高于 (a level on the same ladder:
 * M1 or above is an M level whose number is at least 1, which no P level is).
 */
export type Operator =
  | 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'empty' | 'notEmpty' | 'oneOf' | 'contains' | 'within' | 'is' | 'has' | 'atLeast' | 'atMost';

/** One row of a condition: an operand (by its expression), an operator and its values (none, one, or several for oneOf). */
export interface ConditionRow {
  operand: string;
  operator: Operator;
  values: string[];
}

/** Rows combined with 全部满足 (and) or 任一满足 (or). No rows: no condition (the empty text). */
export interface Condition {
  combine: 'and' | 'or';
  rows: ConditionRow[];
}

export const noCondition = (): Condition => ({ combine: 'and', rows: [] });

const comparisons = { eq: '==', ne: '!=', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/** A level as the organisation writes it, split into its ladder and its number (`M2`: `M`, 2), or undefined. */
export function levelParts(level: string): { track: string; rank: number } | undefined {
  const match = /^([A-Za-z]{1,8})([0-9]{1,4})$/.exec(level.trim());
  return match ? { track: match[1]!.toUpperCase(), rank: Number(match[2]) } : undefined;
}

// "At least M1": on the M ladder, at rank 1 or higher (docs/processes.md "Conditions", subject.level_track/_rank).
function ladderText(ladder: NonNullable<Operand['ladder']>, operator: 'atLeast' | 'atMost', level: string | undefined) {
  const parts = level === undefined ? undefined : levelParts(level);
  if (!parts) return undefined;
  return `(${ladder.track} == ${stringLiteral(parts.track)} && ${ladder.rank} ${operator === 'atLeast' ? '>=' : '<='} ${parts.rank})`;
}

/** The operators that make sense for an operand, in the order a person looks for them. */
export function operatorsFor(operand: Pick<Operand, 'type' | 'format' | 'options' | 'operators'>): Operator[] {
  if (operand.operators) return operand.operators;
  const byKind: Record<ValueKind, Operator[]> = {
    number: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'oneOf', 'empty', 'notEmpty'],
    date: ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'empty', 'notEmpty'],
    text: ['eq', 'ne', 'oneOf', 'empty', 'notEmpty'],
    choice: ['eq', 'ne', 'oneOf', 'empty', 'notEmpty'],
    boolean: ['eq', 'empty', 'notEmpty'],
    list: ['contains', 'empty', 'notEmpty'],  // contains only with options: see below
    group: ['empty', 'notEmpty'],
    object: ['empty', 'notEmpty'],
  };
  const kind = kindOf(operand);
  // "Contains" picks one of the options; a list without options (a group seen from a process) is only (not) empty.
  if (kind === 'list' && !operand.options?.length) return ['empty', 'notEmpty'];
  return byKind[kind];
}

/** How many values an operator takes: none (empty), several (oneOf) or one. */
export const valuesTaken = (operator: Operator): 0 | 1 | 'many' =>
  operator === 'empty' || operator === 'notEmpty' ? 0 : operator === 'oneOf' ? 'many' : 1;

/** The operand as it stands in an expression: a member chain as it is, anything else in parentheses. */
export function operandText(operand: Pick<Operand, 'expression'>) {
  const e = operand.expression.trim();
  return /^[A-Za-z_]\w*((\??\.)[A-Za-z_]\w*|\[\d+\])*$/.test(e) ? e : `(${e})`;
}

/** A value written for an operand: a number as digits, anything else (dates, options, text) as a string. */
export function literalFor(operand: Pick<Operand, 'type' | 'format' | 'options'>, value: string | undefined) {
  if (value === undefined) return undefined;
  const kind = kindOf(operand);
  if (kind === 'number') return isNumberText(value) ? value.trim() : undefined;
  if (kind === 'boolean') return value === 'true' || value === 'false' ? value : undefined;
  if (kind === 'choice' && !operand.options?.some((option) => option.value === value)) return undefined;
  return stringLiteral(value);
}

/**
 * "Is empty" as Scriban: a text of blanks is empty (`string.strip`), a list without items, anything else when absent.
 * "Is not empty" is the same test turned round, and is what a rule "required" asserts.
 */
export function emptinessText(operand: Pick<Operand, 'expression' | 'type' | 'format' | 'options'>, empty: boolean) {
  const x = operandText(operand);
  switch (kindOf(operand)) {
    case 'text':
      return `(${x} ?? "") | string.strip | string.size ${empty ? '== 0' : '> 0'}`;
    case 'list':
    case 'group':
      return `(${x} ?? []) | array.size ${empty ? '== 0' : '>= 1'}`;
    default:
      return `${x} ${empty ? '==' : '!='} null`;
  }
}

/** One row as Scriban, or undefined while it lacks a value (or has one that does not fit its operand). */
export function rowText(operand: Operand | undefined, row: ConditionRow): string | undefined {
  if (!operand || !operatorsFor(operand).includes(row.operator)) return undefined;
  const x = operandText(operand);
  const [value] = row.values;
  switch (row.operator) {
    case 'empty':
    case 'notEmpty':
      return emptinessText(operand, row.operator === 'empty');
    case 'oneOf': {
      const literals = row.values.map((v) => literalFor(operand, v));
      if (literals.length === 0 || literals.some((l) => l === undefined)) return undefined;
      return `(${literals.map((l) => `${x} == ${l}`).join(' || ')})`;
    }
    case 'within':
    case 'has': {
      // One of the options, in a list that is always there (the subject's departments up the tree, their roles).
      const list = row.operator === 'within' ? operand.within : x;
      const literal = operand.options?.some((option) => option.value === value) ? stringLiteral(value!) : undefined;
      return literal === undefined || list === undefined ? undefined : `${list} | array.contains ${literal}`;
    }
    case 'atLeast':
    case 'atMost':
      return operand.ladder ? ladderText(operand.ladder, row.operator, value) : undefined;
    case 'is': {
      const literal = literalFor(operand, value);
      return literal === undefined ? undefined : `${x} == ${literal}`;
    }
    case 'contains': {
      const literal = operand.options?.some((option) => option.value === value) ? stringLiteral(value!) : undefined;
      return literal === undefined ? undefined : `(${x} ?? []) | array.contains ${literal}`;
    }
    default: {
      // A yes/no reads as itself: "booked" is `x`, "not booked" is `!x` (which an unanswered question is too).
      if (kindOf(operand) === 'boolean') return value === 'true' ? x : value === 'false' ? `!${x}` : undefined;
      const literal = literalFor(operand, value);
      return literal === undefined ? undefined : `${x} ${comparisons[row.operator]} ${literal}`;
    }
  }
}

const operandOf = (operands: Operand[], row: ConditionRow) => operands.find((o) => o.expression === row.operand);

/** The rows that are complete, as Scriban: the condition's text ('' for none). */
export function conditionText(condition: Condition, operands: Operand[]): string {
  const rows = condition.rows.map((row) => rowText(operandOf(operands, row), row)).filter((t): t is string => t !== undefined);
  if (rows.length <= 1) return rows[0] ?? '';
  // A row with a pipe is put in parentheses so that `&&` and `||` cannot reach into it.
  return rows.map((t) => (t.includes(' | ') ? `(${t})` : t)).join(condition.combine === 'and' ? ' && ' : ' || ');
}

/** The rows that are not complete yet (a value missing or not fitting): shown, and left out of the Scriban. */
export const incompleteRows = (condition: Condition, operands: Operand[]) =>
  condition.rows.filter((row) => rowText(operandOf(operands, row), row) === undefined);

/** Reads back one row the builder wrote, or undefined. */
export function recogniseRow(text: string, operands: Operand[]): ConditionRow | undefined {
  // The longest expression first, so that `form.a` does not take the start of `form.ab`'s rows.
  const sorted = [...operands].sort((a, b) => b.expression.length - a.expression.length);
  for (const operand of sorted) {
    const row = candidate(text, operand);
    if (row && rowText(operand, row) === text) return row;
  }
  return undefined;
}

function candidate(text: string, operand: Operand): ConditionRow | undefined {
  const x = operandText(operand);
  const row = (operator: Operator, values: string[] = []): ConditionRow => ({ operand: operand.expression, operator, values });
  if (text === x) return row('eq', ['true']);
  if (text === `!${x}`) return row('eq', ['false']);
  if (text === emptinessText(operand, true)) return row('empty');
  if (text === emptinessText(operand, false)) return row('notEmpty');
  const offered = operatorsFor(operand);
  for (const [operator, list] of [['within', operand.within], ['has', x]] as const) {
    const prefix = `${list} | array.contains `;
    if (list !== undefined && offered.includes(operator) && text.startsWith(prefix)) {
      const literal = readLiteral(text.slice(prefix.length));
      return literal?.kind === 'string' ? row(operator, [literal.value]) : undefined;
    }
  }
  const ladder = operand.ladder;
  const ladderMatch = ladder && /^\((\S+) == ("[^"]*") && (\S+) (>=|<=) (\d+)\)$/.exec(text);
  if (ladder && ladderMatch && ladderMatch[1] === ladder.track && ladderMatch[3] === ladder.rank) {
    const track = readLiteral(ladderMatch[2]!);
    const operator = ladderMatch[4] === '>=' ? 'atLeast' : 'atMost';
    return track?.kind === 'string' && offered.includes(operator) ? row(operator, [`${track.value}${ladderMatch[5]}`]) : undefined;
  }
  if (offered.includes('is') && !offered.includes('eq') && text.startsWith(`${x} == `)) {
    const literal = readLiteral(text.slice(x.length + 4));
    return literal?.kind === 'string' ? row('is', [literal.value]) : undefined;
  }
  const contains = `(${x} ?? []) | array.contains `;
  if (text.startsWith(contains)) {
    const literal = readLiteral(text.slice(contains.length));
    return literal?.kind === 'string' ? row('contains', [literal.value]) : undefined;
  }
  const inner = unwrap(text);
  const alternatives = inner === undefined ? undefined : splitTopLevel(inner, ' || ');
  if (alternatives) {
    const values = alternatives.map((a) => (a.startsWith(`${x} == `) ? readLiteral(a.slice(x.length + 4)) : undefined));
    return values.every((v) => v && (v.kind === 'string' || v.kind === 'number')) ? row('oneOf', values.map((v) => v!.value)) : undefined;
  }
  if (!text.startsWith(`${x} `)) return undefined;
  const match = /^(==|!=|>=|<=|>|<) (.+)$/.exec(text.slice(x.length + 1));
  if (!match) return undefined;
  const operator = (Object.keys(comparisons) as (keyof typeof comparisons)[]).find((key) => comparisons[key] === match[1])!;
  const literal = readLiteral(match[2]!);
  return literal && (literal.kind === 'string' || literal.kind === 'number') ? row(operator, [literal.value]) : undefined;
}

/**
 * Reads back a condition the builder wrote — exactly: writing the result again gives `text` — or undefined for
 * anything else (hand-written Scriban, which stays as it is, in expert mode).
 */
export function recogniseCondition(text: string, operands: Operand[]): Condition | undefined {
  const source = text.trim();
  if (source === '') return noCondition();
  const and = splitTopLevel(source, ' && ');
  const or = splitTopLevel(source, ' || ');
  if (!and || !or) return undefined;
  if (and.length > 1 && or.length > 1) return undefined;
  const combine = or.length > 1 ? 'or' : 'and';
  const parts = combine === 'or' ? or : and;
  const rows: ConditionRow[] = [];
  for (const part of parts) {
    const row = recogniseRow(part, operands) ?? (parts.length > 1 ? recogniseRow(unwrap(part) ?? '', operands) : undefined);
    if (!row) return undefined;
    rows.push(row);
  }
  const condition: Condition = { combine, rows };
  return conditionText(condition, operands) === source ? condition : undefined;
}
