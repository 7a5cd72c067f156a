/**
 * The small pieces of Scriban the builders write and read back: literals, the way a field is reached, and splitting a
 * condition into its parts. Reading back is always checked by writing again (see `recognise` in each model): these
 * helpers only need to find the candidate parts, never to understand Scriban in general.
 */

/** A number as the builders write it: digits, an optional sign and decimals — never an exponent Scriban would not read. */
export const numberPattern = /^-?\d+(\.\d+)?$/;

export function isNumberText(text: string) {
  return numberPattern.test(text.trim());
}

/** A text as a Scriban string literal. JSON's escapes (\" \\ \n \uXXXX) are Scriban's too. */
export function stringLiteral(text: string) {
  return JSON.stringify(text);
}

/** The value a literal the builders wrote stands for, or undefined when it is not one. */
export function readLiteral(text: string): { kind: 'string' | 'number' | 'boolean' | 'null'; value: string } | undefined {
  if (numberPattern.test(text)) return { kind: 'number', value: text };
  if (text === 'true' || text === 'false') return { kind: 'boolean', value: text };
  if (text === 'null') return { kind: 'null', value: '' };
  if (/^"(?:[^"\\]|\\.)*"$/.test(text)) {
    try {
      return { kind: 'string', value: JSON.parse(text) as string };
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * How an expression reaches a field from `root`: `form.rating`; a member of an object `form.checklist?.meeting_booked`,
 * whose `?.` gives null when the object is absent where `.` would fail the whole expression.
 */
export function reach(path: string, root = 'form') {
  const [first, ...rest] = path.split('.');
  return [`${root}.${first}`, ...rest].join('?.');
}

/** The name of a repeating group's member from its path (`kpis[].weight` → `weight`; `weight` stays). */
export function memberName(path: string) {
  const at = Math.max(path.lastIndexOf('.'), path.lastIndexOf(']'));
  return path.slice(at + 1);
}

/**
 * Splits `text` at each top-level occurrence of `separator` (outside strings, parentheses and brackets). Returns
 * undefined when the text is not balanced.
 */
export function splitTopLevel(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = closingQuote(text, i);
      if (end < 0) return undefined;
      i = end;
    } else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') {
      depth--;
      if (depth < 0) return undefined;
    } else if (depth === 0 && text.startsWith(separator, i)) {
      parts.push(text.slice(start, i));
      i += separator.length - 1;
      start = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

function closingQuote(text: string, open: number) {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** The text inside one pair of parentheses that encloses all of `text`, or undefined. */
export function unwrap(text: string): string | undefined {
  if (!text.startsWith('(') || !text.endsWith(')')) return undefined;
  const inner = text.slice(1, -1);
  // "(a) && (b)" starts and ends with parentheses that are not one pair: the inside must be balanced on its own.
  return splitTopLevel(inner, '\u0000') ? inner : undefined;
}
