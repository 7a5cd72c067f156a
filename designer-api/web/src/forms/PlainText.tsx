import type { ReactNode } from 'react';

/**
 * Stands in for markdown-to-jsx (vite.config.ts aliases `markdown-to-jsx/react` here). react-jsonschema-form renders
 * Markdown only where a uiSchema asks for it (`ui:enableMarkdownInDescription`), which FormFlow's templates never do:
 * their help texts are plain text in two languages. Shown as text, they cost the task page no Markdown parser.
 */
export function Markdown({ children }: { children?: ReactNode }) {
  return <>{children}</>;
}
