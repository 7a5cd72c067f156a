// Reads cases ({ schemas: [schema, …], cases: [{ id, schema: index, data }, …] }) from the file named on the command
// line and prints, as JSON, what the browser's validator says of each: the problems as [pointer, code] pairs in the
// server's terms (a missing member at its own pointer, each extra item at its index, "false" for a false schema).
import { readFileSync } from 'node:fs';
import { createFormFlowValidator, unportableValues } from './formflow-validator.mjs';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const validator = createFormFlowValidator();
const escapeSegment = (name) => String(name).replace(/~/g, '~0').replace(/\//g, '~1');

function at(data, pointer) {
  return pointer.split('/').slice(1).reduce((value, segment) => value?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')], data);
}

function problems(error, data) {
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

const verdicts = input.cases.map(({ id, schema, data }) => {
  const unportable = unportableValues(data);
  if (unportable.length > 0) {
    return { id, problems: unportable.map((p) => [p.pointer, p.code]) };
  }
  const { errors, validationError } = validator.rawValidation(input.schemas[schema], data);
  if (validationError) {
    return { id, compileError: String(validationError.message ?? validationError) };
  }
  const found = (errors ?? []).flatMap((e) => problems(e, data));
  const unique = [...new Map(found.map((p) => [p.join('\u0000'), p])).values()];
  return { id, problems: unique };
});

process.stdout.write(JSON.stringify(verdicts));
