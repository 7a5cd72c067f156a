import { describe, expect, it } from 'vitest';
import { errorTree, fieldErrorCount, pointerMembers, remedyOf, type Problem } from './problems';

const invalid = (errors: Problem['errors']): Problem => ({ status: 400, code: 'request.invalid', errors });

describe('field errors from Problem Details', () => {
  it('land at the field their JSON Pointer names, nested through arrays and objects', () => {
    const tree = errorTree(invalid({
      '/goal_results/1/self_rating': [{ code: 'schema.minimum', message: '不能小于 1' }],
      '/goal_results/2/result': [{ code: 'schema.required', message: '请填写实际结果' }],
      '/overall_rating': [{ code: 'schema.type', message: '须为整数' }],
    }));
    expect(tree).toEqual({
      goal_results: { 1: { self_rating: { __errors: ['不能小于 1'] } }, 2: { result: { __errors: ['请填写实际结果'] } } },
      overall_rating: { __errors: ['须为整数'] },
    });
  });

  it('keep every message of a field, and a parent and its child apart', () => {
    const tree = errorTree(invalid({
      '/plan': [{ code: 'rule.a', message: 'A' }, { code: 'rule.b', message: 'B' }],
      '/plan/0/goal': [{ code: 'schema.required', message: 'C' }],
    }));
    expect(tree).toEqual({ plan: { __errors: ['A', 'B'], 0: { goal: { __errors: ['C'] } } } });
  });

  it('put errors of the whole form, or of a header, at the top', () => {
    const tree = errorTree(invalid({ '': [{ code: 'rule.x', message: 'whole' }], 'If-Match': [{ code: 'request.if-match', message: 'header' }] }));
    expect(tree).toEqual({ __errors: ['whole', 'header'] });
  });

  it('read escaped pointer members', () => {
    expect(pointerMembers('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(pointerMembers('')).toEqual([]);
  });

  it('count every message', () => {
    expect(fieldErrorCount(invalid({ '/a': [{ code: 'x', message: '1' }, { code: 'y', message: '2' }], '/b': [{ code: 'z', message: '3' }] }))).toBe(3);
    expect(fieldErrorCount({ status: 409 })).toBe(0);
  });
});

describe('what the person can do about a problem', () => {
  it('is to sign in again when the token is no longer good', () => {
    expect(remedyOf({ status: 401 })).toBe('sign-in');
  });

  it('is to correct the fields when the problem names them', () => {
    expect(remedyOf(invalid({ '/a': [{ code: 'x', message: 'm' }] }))).toBe('fix-fields');
    expect(remedyOf({ status: 403, errors: { '/b': [{ code: 'task.field-not-writable', message: 'm' }] } })).toBe('fix-fields');
  });

  it('is to reload when someone else changed the task', () => {
    expect(remedyOf({ status: 409, code: 'task.stale' })).toBe('reload');
  });

  it('is to retry when the server did not answer or failed', () => {
    expect(remedyOf({ status: 0, code: 'network' })).toBe('retry');
    expect(remedyOf({ status: 503 })).toBe('retry');
    expect(remedyOf({ status: 429 })).toBe('retry');
  });

  it('is nothing but to read it otherwise', () => {
    expect(remedyOf({ status: 404 })).toBe('none');
  });
});
