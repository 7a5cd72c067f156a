import { describe, expect, it } from 'vitest';
import { fieldName, pointerOf, schemaAt, showValue } from './fields';

const schema = {
  type: 'object',
  properties: {
    period: { type: 'string', title: '考核期间' },
    'a/b': { type: 'string', title: '斜杠' },
    goal_results: {
      type: 'array',
      title: '目标与结果',
      items: { type: 'object', properties: { goal: { type: 'string', title: '目标' }, result: { type: 'string', title: '实际结果' } } },
    },
  },
};
const words = { yes: '是', no: '否', empty: '（空）' };

describe('fields named by JSON Pointers', () => {
  it('a path becomes a pointer, escaping / and ~', () => {
    expect(pointerOf(['goal_results', 0, 'result'])).toBe('/goal_results/0/result');
    expect(pointerOf(['a/b'])).toBe('/a~1b');
  });

  it('finds the schema of a field, through list items', () => {
    expect(schemaAt(schema, '/goal_results/1/goal')?.title).toBe('目标');
    expect(schemaAt(schema, '/a~1b')?.title).toBe('斜杠');
    expect(schemaAt(schema, '/missing')).toBeUndefined();
  });

  it('names a field by its label, an item by its list and number', () => {
    expect(fieldName(schema, '/period')).toBe('考核期间');
    expect(fieldName(schema, '/goal_results/1/result')).toBe('目标与结果 › 2 › 实际结果');
    expect(fieldName(schema, '/unknown')).toBe('unknown');
  });
});

describe('values of a past form', () => {
  it('shows a list of goals item by item with the labels of their fields', () => {
    expect(showValue([{ goal: '上线', result: '' }], schemaAt(schema, '/goal_results'), words)).toEqual({
      kind: 'list',
      items: [{ kind: 'fields', fields: [{ name: '目标', value: { kind: 'text', text: '上线' } }, { name: '实际结果', value: { kind: 'text', text: '（空）' } }] }],
    });
  });

  it('shows yes or no, and numbers as they are', () => {
    expect(showValue(true, undefined, words)).toEqual({ kind: 'text', text: '是' });
    expect(showValue(4, undefined, words)).toEqual({ kind: 'text', text: '4' });
  });
});
