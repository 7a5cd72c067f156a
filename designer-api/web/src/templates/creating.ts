import { templateKeyPattern, type TemplateDocument, type Text } from './model';

/** Why a new template's key cannot be used: not in the naming rule (docs/templates.md), or already a template's. */
export function newKeyProblem(key: string, taken: readonly string[]): 'empty' | 'invalid' | 'taken' | undefined {
  if (key === '') return 'empty';
  if (!templateKeyPattern.test(key)) return 'invalid';
  return taken.includes(key) ? 'taken' : undefined;
}

/** A template with nothing in it yet: the author adds fields in the designer. */
export function blankTemplate(key: string, title: Text): TemplateDocument {
  return {
    formflow: 'template/1',
    key,
    title,
    schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', additionalProperties: false, properties: {} },
    uiSchema: { 'ui:order': [] },
    fields: {},
    sections: [],
  };
}
