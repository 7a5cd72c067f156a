/**
 * Durations as people say them ("7 天", "2 weeks") and as processes store them (ISO 8601, the subset of
 * docs/processes.md "Durations": P[nY][nM][nW][nD][T[nH][nM][nS]], whole numbers). The designer shows words and
 * offers an amount with a unit; the document gets the ISO text. Nothing on screen shows an ISO code.
 */

export type DurationUnit = 'years' | 'months' | 'weeks' | 'days' | 'hours' | 'minutes' | 'seconds';

/** The units in the order the ISO text writes them. */
export const durationUnits: readonly DurationUnit[] = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'];

/** The units an author picks from (seconds and minutes are not what a review cycle counts in). */
export const chosenUnits: readonly DurationUnit[] = ['hours', 'days', 'weeks', 'months'];

export type DurationParts = Partial<Record<DurationUnit, number>>;

const iso = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** The parts of an ISO duration of the subset, or null when it is not one (a sign is not accepted: no step needs one). */
export function parseIso(text: string | null | undefined): DurationParts | null {
  if (!text) return null;
  const match = iso.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return null;
  const parts: DurationParts = {};
  durationUnits.forEach((unit, i) => {
    const value = match[i + 1];
    if (value !== undefined) parts[unit] = Number(value);
  });
  return Object.keys(parts).length > 0 ? parts : null;
}

/** The ISO text of these parts (`P0D` when all are zero). */
export function toIso(parts: DurationParts): string {
  const n = (unit: DurationUnit, letter: string) => (parts[unit] ? `${parts[unit]}${letter}` : '');
  const date = n('years', 'Y') + n('months', 'M') + n('weeks', 'W') + n('days', 'D');
  const time = n('hours', 'H') + n('minutes', 'M') + n('seconds', 'S');
  if (!date && !time) return 'P0D';
  return `P${date}${time ? `T${time}` : ''}`;
}

/** An amount of one unit, as the designer's inputs hold it. */
export interface Amount {
  amount: number;
  unit: DurationUnit;
}

/** One amount of one unit as ISO: `{ 7, days }` → `P7D`. */
export function amountToIso({ amount, unit }: Amount): string {
  return toIso({ [unit]: Math.max(0, Math.round(amount)) });
}

/** The ISO text as one amount of one unit when it is one (`P7D` → 7 days, `PT24H` → 24 hours), else null (`P1DT12H`). */
export function isoToAmount(text: string | null | undefined): Amount | null {
  const parts = parseIso(text);
  if (!parts) return null;
  const units = durationUnits.filter((unit) => parts[unit] !== undefined);
  if (units.length !== 1) return null;
  return { amount: parts[units[0]!]!, unit: units[0]! };
}

const words: Record<'zh-CN' | 'en', Record<DurationUnit, [string, string]>> = {
  'zh-CN': {
    years: ['年', '年'],
    months: ['个月', '个月'],
    weeks: ['周', '周'],
    days: ['天', '天'],
    hours: ['小时', '小时'],
    minutes: ['分钟', '分钟'],
    seconds: ['秒', '秒'],
  },
  en: {
    years: ['year', 'years'],
    months: ['month', 'months'],
    weeks: ['week', 'weeks'],
    days: ['day', 'days'],
    hours: ['hour', 'hours'],
    minutes: ['minute', 'minutes'],
    seconds: ['second', 'seconds'],
  },
};

export type WordsLanguage = 'zh-CN' | 'en';

/** The unit's name in a language, for a count (`days` → 天 / day, days). */
export function unitWord(unit: DurationUnit, count: number, language: WordsLanguage): string {
  const [one, many] = words[language][unit];
  return count === 1 ? one : many;
}

/** An ISO duration in words: `P7D` → "7 天" / "7 days", `P1DT12H` → "1 天 12 小时" / "1 day 12 hours"; the text itself when it is not one. */
export function isoToWords(text: string | null | undefined, language: WordsLanguage): string {
  const parts = parseIso(text);
  if (!parts) return text ?? '';
  const said = durationUnits
    .filter((unit) => parts[unit])
    .map((unit) => `${parts[unit]} ${unitWord(unit, parts[unit]!, language)}`);
  return said.length > 0 ? said.join(' ') : language === 'en' ? '0 days' : '0 天';
}

// Words people type, each to its unit: Chinese and English, singular and plural, and a few short forms.
const unitNames: [RegExp, DurationUnit][] = [
  [/^(年|years?|yrs?|y)$/i, 'years'],
  [/^(个月|月|months?|mos?)$/i, 'months'],
  [/^(周|星期|个星期|礼拜|weeks?|wks?|w)$/i, 'weeks'],
  [/^(天|日|days?|d)$/i, 'days'],
  [/^(小时|个小时|钟头|hours?|hrs?|h)$/i, 'hours'],
  [/^(分钟|分|minutes?|mins?)$/i, 'minutes'],
  [/^(秒|秒钟|seconds?|secs?|s)$/i, 'seconds'],
];

/**
 * A duration in words to ISO: "7 天", "7天", "2 weeks", "1 day 12 hours", "1天12小时" → `P7D`, `P2W`, `P1DT12H`; an
 * ISO text passes as it is. Null when the words are not a duration (an unknown unit, a unit twice, no number).
 */
export function wordsToIso(text: string | null | undefined): string | null {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return null;
  if (parseIso(trimmed.toUpperCase())) return toIso(parseIso(trimmed.toUpperCase())!);
  const pieces = [...trimmed.matchAll(/(\d+)\s*([^\d\s,，、]+)/g)];
  const rest = trimmed.replace(/(\d+)\s*([^\d\s,，、]+)/g, '').replace(/[\s,，、]|and|又/gi, '');
  if (pieces.length === 0 || rest !== '') return null;
  const parts: DurationParts = {};
  for (const [, amount, name] of pieces) {
    const unit = unitNames.find(([pattern]) => pattern.test(name!))?.[1];
    if (!unit || parts[unit] !== undefined) return null;
    parts[unit] = Number(amount);
  }
  return toIso(parts);
}

/** How long a duration is in hours, a month counting 30 days and a year 365 (as lint compares them). */
export function approximateHours(text: string | null | undefined): number | null {
  const parts = parseIso(text);
  if (!parts) return null;
  const hours: Record<DurationUnit, number> = { years: 365 * 24, months: 30 * 24, weeks: 7 * 24, days: 24, hours: 1, minutes: 1 / 60, seconds: 1 / 3600 };
  return durationUnits.reduce((sum, unit) => sum + (parts[unit] ?? 0) * hours[unit], 0);
}
