import type { Finding } from '../authoring/findings';

export interface Diagnostic {
  line: number;
  column: number;
  severity: Finding['severity'];
  message: string;
}

/** 1-based line and column of an offset in a text. */
function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/**
 * Where a finding of lint is inside the expression it speaks of. A template's finding gives the line and column of the
 * JSON string in the document, which says nothing inside the expression: the expression's own position is read from the
 * message (`expression.syntax`: "at line 2, column 5"), and a name lint did not know (`"form.ratng"`, `"math.pw"`) is
 * looked up in the text. Anything else is shown at the start.
 */
export function positionIn(finding: Finding, expression: string) {
  const syntax = /line (\d+), column (\d+)/.exec(finding.message.en);
  if (finding.code === 'expression.syntax' && syntax) return { line: Number(syntax[1]), column: Number(syntax[2]) };
  const name = /"([^"]+)"/.exec(finding.message.en)?.[1];
  if (name && finding.code.startsWith('expression.')) {
    const at = expression.indexOf(name);
    if (at >= 0) return positionAt(expression, at);
  }
  return { line: 1, column: 1 };
}

/** Findings about one expression as the code editor's diagnostics, in the page's language. */
export function diagnosticsOf(findings: Finding[], expression: string, language: string): Diagnostic[] {
  return findings.map((finding) => ({
    ...positionIn(finding, expression),
    severity: finding.severity,
    message: language === 'en' ? finding.message.en : finding.message['zh-CN'],
  }));
}
