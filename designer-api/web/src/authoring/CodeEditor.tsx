import './authoring.css';
import { useEffect, useRef } from 'react';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, placeholder as placeholderText } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { scribanExpression, scribanTemplate } from './scriban';

export interface CodeDiagnostic {
  line: number;
  column: number;
  severity: 'error' | 'warning' | string;
  message: string;
}

export type CodeLanguage = 'scriban' | 'scriban-template' | 'json';

function languageOf(language: CodeLanguage): Extension {
  return language === 'json' ? json() : language === 'scriban-template' ? scribanTemplate : scribanExpression;
}

/** A line and column (1-based, as lint answers them) as a range in the document: the word there, or one character. */
export function rangeAt(doc: EditorState['doc'], line: number, column: number): { from: number; to: number } {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  const from = at.from + Math.min(Math.max(column - 1, 0), at.length);
  const word = /^[\w.]+/.exec(doc.sliceString(from, at.to));
  const to = word ? from + word[0].length : Math.min(from + 1, at.to);
  return { from, to: to > from ? to : Math.min(from + 1, doc.length) };
}

/**
 * A code editor (CodeMirror 6) for Scriban and JSON: highlighting, line numbers, undo, and the checks' findings
 * underlined at their line and column. Controlled: `value` in, every change out through `onChange`.
 */
export function CodeEditor({
  language,
  value,
  onChange,
  label,
  diagnostics = [],
  readOnly = false,
  minLines = 3,
  placeholder,
  id,
}: {
  language: CodeLanguage;
  value: string;
  onChange?: (value: string) => void;
  label: string;
  diagnostics?: readonly CodeDiagnostic[];
  readOnly?: boolean;
  minLines?: number;
  placeholder?: string;
  id?: string;
}) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          history(),
          highlightActiveLine(),
          bracketMatching(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          languageOf(language),
          lintGutter(),
          EditorView.lineWrapping,
          EditorState.readOnly.of(readOnly),
          EditorView.editable.of(!readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label, ...(id ? { id } : {}) }),
          ...(placeholder ? [placeholderText(placeholder)] : []),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current?.(update.state.doc.toString());
          }),
          EditorView.theme({ '.cm-content, .cm-gutter': { minHeight: `${minLines * 1.4}em` } }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The editor is made once per language and mode; `value` changes arrive through the effect below.
  }, [language, readOnly, label]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const doc = editor.state.doc;
    const marks: Diagnostic[] = diagnostics.map((d) => ({
      ...rangeAt(doc, d.line, d.column),
      severity: d.severity === 'error' ? 'error' : 'warning',
      message: d.message,
    }));
    editor.dispatch(setDiagnostics(editor.state, marks));
  }, [diagnostics, value]);

  return (
    <div className="code-editor">
      <div ref={host} className={readOnly ? 'code-editor-host code-editor-readonly' : 'code-editor-host'} />
      {diagnostics.length > 0 && (
        <ul className="code-editor-problems" aria-label={t('authoring.code.problems', { count: diagnostics.length })}>
          {diagnostics.map((d, i) => (
            <li key={i}>
              <Typography.Text type={d.severity === 'error' ? 'danger' : 'warning'}>
                {t('authoring.findings.at', { line: d.line, column: d.column })}: {d.message}
              </Typography.Text>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
