/** One error of a field, as Problem Details carry it: a stable code and a message in the request's language. */
export interface FieldError {
  code: string;
  message: string;
}

/** FormFlow's one error shape (RFC 9457 Problem Details; docs/api-tasks.md). `status` 0: the server did not answer. */
export interface Problem {
  status: number;
  title?: string | null;
  detail?: string | null;
  code?: string;
  traceId?: string;
  errors?: Record<string, FieldError[]>;
  currentVersion?: number;
}

export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

/** The errors of a form, nested as react-jsonschema-form's `extraErrors` wants them: `{ goal_results: { 0: { result: { __errors: [...] } } } }`. */
export interface ErrorTree {
  __errors?: string[];
  [member: string]: ErrorTree | string[] | undefined;
}

/** The members of a JSON Pointer (`/goal_results/0/result` → `goal_results`, `0`, `result`). */
export function pointerMembers(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * The field errors of a problem as an error tree for the form: each JSON Pointer's messages at its field; errors that
 * name no field of the form (the root `""`, a header such as `If-Match`) at the top, where the form shows them first.
 */
export function errorTree(problem: Problem): ErrorTree {
  const tree: ErrorTree = {};
  for (const [pointer, errors] of Object.entries(problem.errors ?? {})) {
    const messages = errors.map((e) => e.message);
    const members = pointer.startsWith('/') ? pointerMembers(pointer) : [];
    let node = tree;
    for (const member of members) {
      const next = node[member];
      if (next === undefined || Array.isArray(next)) {
        const made: ErrorTree = {};
        node[member] = made;
        node = made;
      } else {
        node = next;
      }
    }
    node.__errors = [...(node.__errors ?? []), ...messages];
  }
  return tree;
}

/** How many field errors a problem names. */
export function fieldErrorCount(problem: Problem): number {
  return Object.values(problem.errors ?? {}).reduce((sum, errors) => sum + errors.length, 0);
}

/** What the person can do about a problem: sign in again, reload, retry, correct fields, or nothing but read it. */
export type Remedy = 'sign-in' | 'fix-fields' | 'reload' | 'retry' | 'none';

export function remedyOf(problem: Problem): Remedy {
  if (problem.status === 401) return 'sign-in';
  if ((problem.status === 400 || problem.status === 422 || problem.status === 403) && fieldErrorCount(problem) > 0) return 'fix-fields';
  if (problem.status === 409) return 'reload';
  if (problem.status === 0 || problem.status === 429 || problem.status >= 500) return 'retry';
  return 'none';
}

/** A problem of an imported file (the organisation, KPI actuals): its row (0: the whole file), rows, column, code and message. */
export interface ImportProblem {
  code: string;
  row: number;
  rows: number[];
  column?: string | null;
  message: string;
}

/** The problems of a file a refused import answered, by row and column (none for any other problem). */
export function importProblems(error: unknown): ImportProblem[] {
  if (!(error instanceof ProblemError)) return [];
  return (error.problem as Problem & { problems?: ImportProblem[] }).problems ?? [];
}
