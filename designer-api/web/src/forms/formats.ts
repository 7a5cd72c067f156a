// FormFlow's four formats and the checks the server makes before it validates, with the server's meaning
// (engine/FormFlow.Engine/Schema/, docs/schema-profile.md "Formats" and "What FormFlow reads"). The pages validate
// with them (validation.ts), and so does the differential test that holds them to the server's verdicts
// (scripts/verdicts.mjs, tests/FormFlow.Engine.Tests/Browser/).

const digit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const hex = (c: string | undefined) => /^[0-9A-Fa-f]$/.test(c ?? '');
const letter = (c: string | undefined) => /^[A-Za-z]$/.test(c ?? '');
const letterOrDigit = (c: string | undefined) => /^[A-Za-z0-9]$/.test(c ?? '');
const twoDigits = (s: string, at: number) => (at + 1 < s.length && digit(s[at]) && digit(s[at + 1]) ? Number(s.slice(at, at + 2)) : -1);

function daysInMonth(year: number, month: number) {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isFullDate(s: string) {
  const century = twoDigits(s, 0), yy = twoDigits(s, 2), month = twoDigits(s, 5), day = twoDigits(s, 8);
  if (century < 0 || yy < 0 || s[4] !== '-' || month < 0 || s[7] !== '-' || day < 0) return false;
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(century * 100 + yy, month);
}

// RFC 3339 full-date.
export function isDate(s: string): boolean {
  return s.length === 10 && isFullDate(s);
}

// RFC 3339 date-time: an offset is required; a leap second only at 23:59:60 UTC.
export function isDateTime(s: string): boolean {
  if (s.length < 20 || !isFullDate(s.slice(0, 10)) || (s[10] !== 'T' && s[10] !== 't')) return false;
  const t = s.slice(11);
  const hour = twoDigits(t, 0), minute = twoDigits(t, 3), second = twoDigits(t, 6);
  if (hour < 0 || t[2] !== ':' || minute < 0 || t[5] !== ':' || second < 0 || hour > 23 || minute > 59 || second > 60) return false;
  let i = 8;
  if (i < t.length && t[i] === '.') {
    const start = ++i;
    while (i < t.length && digit(t[i])) i++;
    if (i === start) return false;
  }
  if (i >= t.length) return false;
  const offset = t.slice(i);
  let offsetMinutes: number;
  if (offset === 'Z' || offset === 'z') {
    offsetMinutes = 0;
  } else {
    const oh = twoDigits(offset, 1), om = twoDigits(offset, 4);
    if (offset.length !== 6 || (offset[0] !== '+' && offset[0] !== '-') || oh < 0 || offset[3] !== ':' || om < 0 || oh > 23 || om > 59) return false;
    offsetMinutes = (offset[0] === '+' ? 1 : -1) * (oh * 60 + om);
  }
  if (second === 60) {
    const utcMinute = ((((hour * 60 + minute - offsetMinutes) % 1440) + 1440) % 1440);
    return utcMinute === 23 * 60 + 59;
  }
  return true;
}

const atomChars = "!#$%&'*+-/=?^_`{|}~";

function isDotAtom(s: string) {
  if (s.length === 0 || s[0] === '.' || s[s.length - 1] === '.') return false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '.') {
      if (s[i - 1] === '.') return false;
    } else if (!letterOrDigit(c) && !atomChars.includes(c)) {
      return false;
    }
  }
  return true;
}

function isHostName(s: string) {
  if (s.length === 0 || s.length > 253) return false;
  return s.split('.').every((label) => label.length > 0 && label.length <= 63 && label[0] !== '-' && label[label.length - 1] !== '-'
    && [...label].every((c) => letterOrDigit(c) || c === '-'));
}

export function isIPv4(s: string): boolean {
  const octets = s.split('.');
  return octets.length === 4 && octets.every((o) => o.length > 0 && o.length <= 3 && !(o.length > 1 && o[0] === '0')
    && [...o].every(digit) && Number(o) <= 255);
}

function countGroups(s: string, allowIPv4: boolean) {
  if (s.length === 0) return 0;
  let groups = 0;
  const parts = s.split(':');
  for (let k = 0; k < parts.length; k++) {
    const group = parts[k] ?? '';
    if (k === parts.length - 1 && group.includes('.')) {
      return allowIPv4 && isIPv4(group) ? groups + 2 : -1;
    }
    if (group.length === 0 || group.length > 4 || ![...group].every(hex)) return -1;
    groups++;
  }
  return groups;
}

export function isIPv6(s: string): boolean {
  const gap = s.indexOf('::');
  if (gap >= 0 && s.slice(gap + 2).includes('::')) return false;
  if (gap < 0) return countGroups(s, true) === 8;
  const before = countGroups(s.slice(0, gap), false), after = countGroups(s.slice(gap + 2), true);
  return before >= 0 && after >= 0 && before + after <= 7;
}

// RFC 5321 mailbox, ASCII: a dot-atom or quoted local part, then a host name or an address literal.
export function isEmail(s: string): boolean {
  let at: number;
  if (s.length > 0 && s[0] === '"') {
    let i = 1;
    while (i < s.length && s[i] !== '"') {
      const code = s.charCodeAt(i);
      if (s[i] === '\\') {
        i++;
        if (i >= s.length || s.charCodeAt(i) < 0x20 || s.charCodeAt(i) > 0x7e) return false;
      } else if (code < 0x20 || code > 0x7e) {
        return false;
      }
      i++;
    }
    if (i >= s.length || i === 1) return false;
    at = i + 1;
    if (at >= s.length || s[at] !== '@') return false;
  } else {
    at = s.indexOf('@');
    if (at <= 0 || !isDotAtom(s.slice(0, at))) return false;
  }
  const domain = s.slice(at + 1);
  if (domain.length > 2 && domain[0] === '[' && domain[domain.length - 1] === ']') {
    const literal = domain.slice(1, -1);
    return literal.toLowerCase().startsWith('ipv6:') ? isIPv6(literal.slice(5)) : isIPv4(literal);
  }
  return isHostName(domain);
}

const unreserved = (c: string | undefined) => c !== undefined && (letterOrDigit(c) || '-._~'.includes(c));
const subDelim = (c: string | undefined) => c !== undefined && "!$&'()*+,;=".includes(c);

function allOf(s: string, part: 'path' | 'query' | 'userinfo' | 'regname') {
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '%') {
      if (i + 2 >= s.length || !hex(s[i + 1]) || !hex(s[i + 2])) return false;
      i += 2;
      continue;
    }
    const allowed = unreserved(c) || subDelim(c)
      || (part === 'path' && ':@/'.includes(c))
      || (part === 'query' && ':@/?'.includes(c))
      || (part === 'userinfo' && c === ':');
    if (!allowed) return false;
  }
  return true;
}

function isIPLiteral(s: string) {
  if (s.length > 0 && (s[0] === 'v' || s[0] === 'V')) {
    const dot = s.indexOf('.');
    if (dot < 2 || dot === s.length - 1) return false;
    return [...s.slice(1, dot)].every(hex) && [...s.slice(dot + 1)].every((c) => unreserved(c) || subDelim(c) || c === ':');
  }
  return isIPv6(s);
}

function isAuthority(authority: string) {
  const at = authority.indexOf('@');
  if (at >= 0) {
    if (!allOf(authority.slice(0, at), 'userinfo')) return false;
    authority = authority.slice(at + 1);
  }
  let port: string;
  if (authority.length > 0 && authority[0] === '[') {
    const close = authority.indexOf(']');
    if (close < 0 || !isIPLiteral(authority.slice(1, close))) return false;
    port = authority.slice(close + 1);
  } else {
    const colon = authority.indexOf(':');
    const host = colon >= 0 ? authority.slice(0, colon) : authority;
    if (!allOf(host, 'regname')) return false;
    port = colon >= 0 ? authority.slice(colon) : '';
  }
  return port.length === 0 || (port[0] === ':' && [...port.slice(1)].every(digit));
}

// RFC 3986 absolute URI (a fragment allowed).
export function isUri(s: string): boolean {
  const colon = s.indexOf(':');
  if (colon <= 0 || !letter(s[0])) return false;
  if (![...s.slice(0, colon)].every((c) => letterOrDigit(c) || '+-.'.includes(c))) return false;
  let rest = s.slice(colon + 1);
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    if (!allOf(rest.slice(hash + 1), 'query')) return false;
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  if (question >= 0) {
    if (!allOf(rest.slice(question + 1), 'query')) return false;
    rest = rest.slice(0, question);
  }
  if (rest.startsWith('//')) {
    rest = rest.slice(2);
    const slash = rest.indexOf('/');
    const authority = slash >= 0 ? rest.slice(0, slash) : rest;
    rest = slash >= 0 ? rest.slice(slash) : '';
    if (!isAuthority(authority)) return false;
  }
  return allOf(rest, 'path');
}

/** The formats a template may use (any other is refused when it is published), by name. */
export const formFlowFormats: Readonly<Record<string, (value: string) => boolean>> = { date: isDate, 'date-time': isDateTime, email: isEmail, uri: isUri };

export const escapeSegment = (name: string) => name.replace(/~/g, '~0').replace(/\//g, '~1');

function hasLoneSurrogate(s: string) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return true;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

const repaired = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** A value the server refuses before it validates: its pointer and the server's code. */
export interface Unportable {
  pointer: string;
  code: 'json.unpaired-surrogate' | 'json.number-out-of-range';
}

/**
 * What the server refuses before validating (PortableJson): strings or member names with a lone surrogate, numbers
 * beyond a double (JSON.parse made them Infinity). Each as { pointer, code }, in document order.
 */
export function unportableValues(value: unknown, pointer = '', found: Unportable[] = []): Unportable[] {
  if (typeof value === 'string') {
    if (hasLoneSurrogate(value)) found.push({ pointer, code: 'json.unpaired-surrogate' });
  } else if (typeof value === 'number') {
    if (!Number.isFinite(value)) found.push({ pointer, code: 'json.number-out-of-range' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unportableValues(item, `${pointer}/${i}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [name, member] of Object.entries(value)) {
      const at = `${pointer}/${escapeSegment(repaired(name))}`;
      if (hasLoneSurrogate(name)) found.push({ pointer: at, code: 'json.unpaired-surrogate' });
      unportableValues(member, at, found);
    }
  }
  return found;
}
