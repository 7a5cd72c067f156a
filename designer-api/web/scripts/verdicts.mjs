// The differential test's runner (tests/FormFlow.Engine.Tests/Browser/): reads cases
// ({ schemas: [schema, …], cases: [{ id, schema: index, data }, …] }) from the file named on the command line and
// prints, as JSON, what two validators say of each, as [pointer, code] pairs in the server's terms:
// - `problems`: the pages' own validator (src/forms/validator.ts, loaded from its TypeScript source by Vite's module
//   loader, so what is measured is what ships);
// - `reference`: react-jsonschema-form's AJV 8 validator (@rjsf/validator-ajv8, a development dependency only) with
//   FormFlow's formats (src/forms/formats.ts), FormFlow's multipleOf (isMultiple of src/forms/validation.ts: exact in
//   the decimals JSON carries, where rjsf's AJV allows a quotient within 1e-8 of a whole number and so refuses
//   5221890.72 as a multiple of 0.01) and the same checks before validating — the usual JSON Schema validator of
//   rjsf, kept as a second opinion.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { createServer } from 'vite';

const escapeSegment = (name) => String(name).replace(/~/g, '~0').replace(/\//g, '~1');

function at(data, pointer) {
  return pointer.split('/').slice(1).reduce((value, segment) => value?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')], data);
}

// An AJV error in the server's terms: a missing member at its own pointer, each extra item at its index, "false" for a false schema.
function ajvProblems(error, data) {
  const path = error.instancePath;
  switch (error.keyword) {
    case 'if':
      return [];
    case 'required':
      return [[`${path}/${escapeSegment(error.params.missingProperty)}`, 'required']];
    case 'additionalProperties':
      return [[`${path}/${escapeSegment(error.params.additionalProperty)}`, 'additionalProperties']];
    case 'additionalItems': {
      const length = at(data, path).length;
      const extra = [];
      for (let i = error.params.limit; i < length; i++) extra.push([`${path}/${i}`, 'additionalItems']);
      return extra;
    }
    case 'false schema':
      return [[path, 'false']];
    default:
      return [[path, error.keyword]];
  }
}

function reference(ajv, unportableValues, schema, data) {
  const unportable = unportableValues(data);
  if (unportable.length > 0) return unportable.map((p) => [p.pointer, p.code]);
  const { errors, validationError } = ajv.rawValidation(schema, data);
  if (validationError) throw validationError;
  const found = (errors ?? []).flatMap((e) => ajvProblems(e, data));
  return [...new Map(found.map((p) => [p.join('\u0000'), p])).values()];
}

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const vite = await createServer({
  root: fileURLToPath(new URL('..', import.meta.url)),
  configFile: false,
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false },
  optimizeDeps: { noDiscovery: true, include: [] },
});
try {
  const { FormValidator } = await vite.ssrLoadModule('/src/forms/validator.ts');
  const { formFlowFormats, unportableValues } = await vite.ssrLoadModule('/src/forms/formats.ts');
  const { isMultiple } = await vite.ssrLoadModule('/src/forms/validation.ts');
  const validator = new FormValidator();
  const ajv = customizeValidator({
    customFormats: formFlowFormats,
    extenderFn: (instance) =>
      instance.removeKeyword('multipleOf').addKeyword({
        keyword: 'multipleOf',
        type: 'number',
        schemaType: 'number',
        errors: false,
        validate: (divisor, value) => isMultiple(value, divisor),
      }),
  });
  const verdicts = input.cases.map(({ id, schema, data }) => {
    try {
      return {
        id,
        problems: validator.problems(input.schemas[schema], data).map((p) => [p.pointer, p.code]),
        reference: reference(ajv, unportableValues, input.schemas[schema], data),
      };
    } catch (error) {
      return { id, compileError: String(error?.message ?? error) };
    }
  });
  process.stdout.write(JSON.stringify(verdicts));
} finally {
  await vite.close();
}
