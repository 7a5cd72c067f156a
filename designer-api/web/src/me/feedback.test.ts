import { describe, expect, it } from 'vitest';
import { anonymousAnswers, fieldKey } from './feedback';

describe('anonymous answers', () => {
  it('are only pending while the step runs', () => {
    expect(anonymousAnswers({ pending: true })).toEqual({ kind: 'pending' });
  });
  it('are withheld below the minimum, with their count only', () => {
    expect(anonymousAnswers({ count: 2, withheld: true })).toEqual({ kind: 'withheld', count: 2 });
  });
  it('are an aggregate of means and texts once enough came', () => {
    expect(anonymousAnswers({ count: 3, means: { 'ratings.communication': 4.33 }, texts: { keep_doing: ['a', 'b'], suggestions: [] } })).toEqual({
      kind: 'aggregate',
      count: 3,
      means: [['ratings.communication', 4.33]],
      texts: [['keep_doing', ['a', 'b']]],
    });
  });
  it('are nothing for named answers or anything else', () => {
    expect(anonymousAnswers([{ by: 'E012', data: {} }])).toBeUndefined();
    expect(anonymousAnswers(null)).toBeUndefined();
  });
  it('name their fields by an i18n key', () => {
    expect(fieldKey('focus_answers[]')).toBe('me.feedback.field.focus_answers');
    expect(fieldKey('ratings.customer_focus')).toBe('me.feedback.field.ratings_customer_focus');
  });
});
