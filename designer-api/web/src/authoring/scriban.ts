import { StreamLanguage, type StringStream } from '@codemirror/language';

const keywords = new Set([
  'if', 'else', 'end', 'for', 'in', 'while', 'func', 'ret', 'case', 'when', 'capture', 'with', 'wrap', 'break', 'continue',
  'include', 'readonly', 'import', 'tablerow', 'and', 'or', 'not', 'offset', 'limit', 'reversed',
]);
const atoms = new Set(['true', 'false', 'null', 'empty']);

interface State {
  /** In a template, text outside `{{ … }}` is plain; an expression (a rule, a condition) is code throughout. */
  inCode: boolean;
  template: boolean;
}

function code(stream: StringStream, state: State): string | null {
  if (state.template && stream.match('}}')) {
    state.inCode = false;
    return 'brace';
  }
  if (stream.eatSpace()) return null;
  if (stream.match('##')) {
    stream.skipToEnd();
    return 'comment';
  }
  if (stream.match(/^#.*/)) return 'comment';
  const quote = stream.peek();
  if (quote === '"' || quote === "'" || quote === '`') {
    stream.next();
    let escaped = false;
    let ch: string | void;
    while ((ch = stream.next()) != null) {
      if (ch === quote && !escaped) break;
      escaped = !escaped && ch === '\\';
    }
    return 'string';
  }
  if (stream.match(/^\d+(\.\d+)?/)) return 'number';
  if (stream.match(/^[A-Za-z_][\w]*/)) {
    const word = stream.current();
    if (keywords.has(word)) return 'keyword';
    if (atoms.has(word)) return 'atom';
    return 'variableName';
  }
  if (stream.match(/^(==|!=|<=|>=|\?\?|&&|\|\||[-+*/%<>=!|.])/)) return 'operator';
  stream.next();
  return null;
}

function language(template: boolean) {
  return StreamLanguage.define<State>({
    name: template ? 'scriban-template' : 'scriban',
    startState: () => ({ inCode: !template, template }),
    token(stream, state) {
      if (state.inCode) return code(stream, state);
      if (stream.match('{{')) {
        state.inCode = true;
        return 'brace';
      }
      // Plain text up to the next `{{`.
      while (!stream.eol() && !stream.match('{{', false)) stream.next();
      return null;
    },
    languageData: { commentTokens: { line: '#' } },
  });
}

/** Scriban expressions (computed fields, rules, conditions): code throughout. */
export const scribanExpression = language(false);
/** Scriban templates (notifications, reports): text with `{{ … }}` code. */
export const scribanTemplate = language(true);
