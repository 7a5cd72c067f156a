import { describe, expect, it } from 'vitest';
import {
  addField,
  addSection,
  allFields,
  canvasItems,
  fromCanvas,
  missingInField,
  missingLanguages,
  moveItem,
  newField,
  readDesign,
  removeSection,
  renameInExpression,
  renameReferences,
  sampleData,
  typeOf,
  updateField,
  writeDesign,
  fieldKeyProblem,
  insertItem,
  rolesFor,
  rolesOf,
  designPaths,
  removeField,
  type DesignField,
  type Design,
  type TemplateDocument,
} from './model';

const shipped = import.meta.glob<TemplateDocument>('../../../../templates/*.json', { import: 'default', eager: true });

const blank: TemplateDocument = { formflow: 'template/1', key: 'promotion-review', title: { 'zh-CN': '晋升评审', en: 'Promotion review' } };

/** The promotion review of the acceptance scenario, designed step by step as the author clicks. */
function promotionDesign(): Design {
  let design: Design = { sections: [] };
  let added = addField(design, 'choice');
  design = updateField(added.design, added.key, (f) => ({
    ...f,
    key: 'recommendation',
    label: { 'zh-CN': '晋升推荐', en: 'Recommendation' },
    required: true,
    options: [
      { value: 'promote', label: { 'zh-CN': '推荐晋升', en: 'Promote' } },
      { value: 'defer', label: { 'zh-CN': '暂缓', en: 'Defer' } },
      { value: 'not-yet', label: { 'zh-CN': '暂不推荐', en: 'Not yet' } },
    ],
  }));
  added = addField(design, 'textarea', { field: 'recommendation' });
  design = updateField(added.design, added.key, (f) => ({ ...f, key: 'reason', label: { 'zh-CN': '理由', en: 'Reason' } }));
  const heading = addSection(design);
  design = heading.design;
  for (const [key, zh, en] of [['delivery', '交付', 'Delivery'], ['collaboration', '协作', 'Collaboration'], ['growth', '成长', 'Growth']] as const) {
    added = addField(design, 'rating', { section: heading.key });
    design = updateField(added.design, added.key, (f) => ({ ...f, key, label: { 'zh-CN': zh, en }, required: true }));
  }
  added = addField(design, 'computed', { section: heading.key });
  design = updateField(added.design, added.key, (f) => ({ ...f, key: 'average', label: { 'zh-CN': '平均分', en: 'Average' }, expression: '(form.delivery + form.collaboration + form.growth) / 3' }));
  return design;
}

describe('the role of a field inside a list', () => {
  const idp = shipped['../../../../templates/idp.json']!;
  const selfReview = shipped['../../../../templates/self-review.json']!;
  const plan = shipped['../../../../templates/improvement-plan.json']!;
  const field = (design: Design, key: string) => allFields(design).find((f) => f.key === key)!;
  const member = (group: DesignField, ...keys: string[]) => keys.reduce((at, key) => at.members.find((m) => m.key === key)!, group);
  const withMember = (group: DesignField, keys: string[], change: (m: DesignField) => DesignField | undefined): DesignField => {
    const [first, ...rest] = keys;
    const members = group.members.flatMap((m) => {
      if (m.key !== first) return [m];
      const next = rest.length === 0 ? change(m) : withMember(m, rest, change);
      return next ? [next] : [];
    });
    return { ...group, members };
  };

  it('is read at its path, a list in a list as a[].b[].c', () => {
    const goals = field(readDesign(idp), 'development_goals');
    expect(member(goals, 'actions', 'deadline').role).toBe('plan-due');
    expect(member(goals, 'actions', 'description').role).toBe('plan-action');
    expect(member(field(readDesign(selfReview), 'goal_results'), 'self_rating').role).toBe('self-rating');
    expect([...designPaths(readDesign(idp)).keys()]).toContain('development_goals[].actions[].deadline');
  });

  it('is written at its path when the author gives one', () => {
    const design = readDesign(plan);
    const given = updateField(design, 'checkpoints', (g) => withMember(g, ['progress_note'], (m) => ({ ...m, role: 'support' })));
    const roles = writeDesign(given, plan).roles as Record<string, string>;
    expect(roles['checkpoints[].progress_note']).toBe('support');
    expect(Object.keys(roles).slice(0, -1)).toEqual(Object.keys(plan.roles as object));
  });

  it('follows the field renamed, its list renamed, and goes with the field deleted', () => {
    const design = readDesign(idp);
    const renamed = updateField(design, 'development_goals', (g) => ({ ...withMember(g, ['actions'], (m) => ({ ...m, key: 'steps' })), key: 'growth_goals' }));
    expect(writeDesign(renamed, idp).roles).toEqual({ 'growth_goals[].steps[].description': 'plan-action', 'growth_goals[].steps[].deadline': 'plan-due' });
    const deleted = updateField(design, 'development_goals', (g) => withMember(g, ['actions', 'deadline'], () => undefined));
    expect(writeDesign(deleted, idp).roles).toEqual({ 'development_goals[].actions[].description': 'plan-action' });
    expect(writeDesign(removeField(design, 'development_goals'), idp).roles).toBeUndefined();
  });

  it('is kept as written where the designer shows no field, for lint to name', () => {
    const document = { ...selfReview, roles: { ...(selfReview.roles as object), 'goal_result[].self_rating': 'self-rating', 'goal_results[].goal': 'not-a-role' } };
    const design = updateField(readDesign(document), 'overall_rating', (f) => ({ ...f, role: undefined }));
    expect(rolesOf(design, document)).toEqual({ 'goal_results[].self_rating': 'self-rating', 'goal_result[].self_rating': 'self-rating', 'goal_results[].goal': 'not-a-role' });
    const named = updateField(design, 'goal_results', (g) => withMember(g, ['goal'], (m) => ({ ...m, role: 'plan-action' })));
    expect((rolesOf(named, document) as Record<string, string>)['goal_results[].goal']).toBe('plan-action');
  });

  it('is offered as its type and its place allow: a rating only at the top level', () => {
    const goals = field(readDesign(selfReview), 'goal_results');
    expect(rolesFor(member(goals, 'self_rating'), true)).toEqual(['self-rating', 'potential', 'strengths', 'gaps', 'support', 'plan-action', 'plan-due', 'plan-status', 'kpi']);
    expect(rolesFor(member(goals, 'goal'), true)).not.toContain('self-rating');
    expect(rolesFor(field(readDesign(selfReview), 'overall_rating'))).toContain('rating');
  });
});

describe('the designer reads and writes a template document', () => {
  it('writes the palette types as the schema profile expresses them', () => {
    const document = writeDesign(promotionDesign(), blank);
    const schema = document.schema as { properties: Record<string, unknown>; required: string[] };
    expect(schema.properties.recommendation).toEqual({ type: 'string', enum: ['promote', 'defer', 'not-yet'] });
    expect(schema.properties.reason).toEqual({ type: 'string', maxLength: 2000 });
    expect(schema.properties.delivery).toEqual({ type: 'integer', minimum: 1, maximum: 5 });
    expect(schema.properties.average).toEqual({ type: 'number', readOnly: true });
    expect(schema.required).toEqual(['recommendation', 'delivery', 'collaboration', 'growth']);
    const ui = document.uiSchema as Record<string, unknown>;
    expect(ui['ui:order']).toEqual(['recommendation', 'reason', 'delivery', 'collaboration', 'growth', 'average']);
    expect(ui.delivery).toEqual({ 'ui:widget': 'range' });
    expect(ui.reason).toEqual({ 'ui:widget': 'textarea', 'ui:options': { rows: 3 } });
    expect(ui.average).toEqual({ 'ui:readonly': true });
    expect(document.computed).toEqual([{ field: 'average', expression: '(form.delivery + form.collaboration + form.growth) / 3' }]);
    expect((document.fields as Record<string, unknown>).recommendation).toEqual({
      label: { 'zh-CN': '晋升推荐', en: 'Recommendation' },
      options: { promote: { 'zh-CN': '推荐晋升', en: 'Promote' }, defer: { 'zh-CN': '暂缓', en: 'Defer' }, 'not-yet': { 'zh-CN': '暂不推荐', en: 'Not yet' } },
    });
  });

  it('puts every top-level field in exactly one section, fields before any heading in a default one', () => {
    const document = writeDesign(promotionDesign(), blank);
    expect(document.sections).toEqual([
      { key: 'basics', title: { 'zh-CN': '基本信息', en: 'Basics' }, fields: ['recommendation', 'reason'] },
      { key: 'section-1', title: { 'zh-CN': '新分组', en: 'New section' }, fields: ['delivery', 'collaboration', 'growth', 'average'] },
    ]);
  });

  it('reads back what it wrote, and writes it again unchanged', () => {
    const document = writeDesign(promotionDesign(), blank);
    const design = readDesign(document);
    expect(design).toEqual(promotionDesign());
    expect(writeDesign(design, document)).toEqual(document);
  });

  it('keeps a template of any shipped kind unchanged when nothing is edited', () => {
    expect(Object.keys(shipped).length).toBeGreaterThan(5);
    for (const [file, document] of Object.entries(shipped)) {
      const written = writeDesign(readDesign(document), document);
      expect(written.fields, file).toEqual(document.fields);
      // A section's fields are written in the form's order; which fields it has does not change.
      const sorted = (sections: unknown) => (sections as { key: string; fields: string[] }[]).map((s) => ({ ...s, fields: [...s.fields].sort() }));
      expect(sorted(written.sections), file).toEqual(sorted(document.sections));
      expect([...((written.uiSchema as Record<string, string[]>)['ui:order'] ?? [])].sort(), file).toEqual([...((document.uiSchema as Record<string, string[]>)['ui:order'] ?? [])].sort());
      expect(written.rules, file).toEqual(document.rules);
      expect(written.computed, file).toEqual(document.computed);
      // The roles exactly, in their order: a draft saved without a change shows no difference in them.
      expect(Object.entries((written.roles ?? {}) as object), file).toEqual(Object.entries((document.roles ?? {}) as object));
      // Written twice, the same document: what the designer does not manage stays as it was.
      expect(writeDesign(readDesign(written), written), file).toEqual(written);
    }
  });

  it('writes the role an author gives a field into roles, keeping the roles of nested fields', () => {
    const selfReview = shipped['../../../../templates/self-review.json']!;
    const design = readDesign(selfReview);
    expect(allFields(design).find((f) => f.key === 'overall_rating')?.role).toBe('self-rating');
    const rated = updateField(design, 'overall_rating', (f) => ({ ...f, role: 'rating' }));
    expect(writeDesign(rated, selfReview).roles).toEqual({ overall_rating: 'rating', 'goal_results[].self_rating': 'self-rating' });
    const cleared = updateField(design, 'overall_rating', (f) => ({ ...f, role: undefined }));
    expect(writeDesign(cleared, selfReview).roles).toEqual({ 'goal_results[].self_rating': 'self-rating' });
    expect(rolesFor(allFields(design).find((f) => f.key === 'highlights')!)).not.toContain('rating');
    expect(rolesFor(allFields(design).find((f) => f.key === 'overall_rating')!)).toContain('rating');
  });

  it('recognises the shipped templates\' fields as palette types', () => {
    const selfReview = readDesign(shipped['../../../../templates/self-review.json']!);
    const type = (key: string) => allFields(selfReview).find((f) => f.key === key)?.type;
    expect(type('cycle')).toBe('choice');
    expect(type('highlights')).toBe('textarea');
    expect(type('overall_rating')).toBe('rating');
    expect(type('period')).toBe('text');
    const goals = allFields(selfReview).find((f) => f.key === 'goal_results')!;
    expect(goals.type).toBe('group');
    expect(goals.members.map((m) => [m.key, m.type, m.required])).toEqual([
      ['goal', 'text', true],
      ['result', 'textarea', true],
      ['self_rating', 'rating', true],
    ]);
    const kpi = readDesign(shipped['../../../../templates/kpi-setting.json']!);
    const kpis = allFields(kpi).find((f) => f.key === 'kpis')!;
    expect(kpis.type).toBe('group');
    expect(kpis.members.find((m) => m.key === 'frequency')?.options.map((o) => o.value)).toEqual(['weekly', 'biweekly', 'monthly', 'quarterly']);
    expect(allFields(kpi).find((f) => f.key === 'total_weight')?.type).toBe('computed');
  });

  it('types a person, a date, several choices and a number', () => {
    expect(typeOf({ type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$' }, {}, false)).toBe('person');
    expect(typeOf({ type: 'string', format: 'date' }, {}, false)).toBe('date');
    expect(typeOf({ type: 'array', items: { type: 'string', enum: ['a'] } }, {}, false)).toBe('choices');
    expect(typeOf({ type: 'number' }, { 'ui:widget': 'updown' }, false)).toBe('number');
    expect(typeOf({ type: 'boolean' }, {}, false)).toBe('other');
  });

  it('writes a repeating group with its members, their texts at group[].member', () => {
    let design: Design = { sections: [] };
    const added = addField(design, 'group');
    design = updateField(added.design, added.key, (f) => ({ ...f, members: [...f.members, newField('date', 'field_2')] }));
    const document = writeDesign(design, blank);
    const schema = (document.schema as { properties: Record<string, unknown> }).properties.field_1;
    expect(schema).toEqual({
      type: 'array',
      minItems: 1,
      maxItems: 10,
      items: { type: 'object', additionalProperties: false, properties: { field_1: { type: 'string', maxLength: 200 }, field_2: { type: 'string', format: 'date' } } },
    });
    expect(Object.keys(document.fields as object)).toEqual(['field_1', 'field_1[].field_1', 'field_1[].field_2']);
    expect((document.uiSchema as Record<string, unknown>).field_1).toEqual({ 'ui:options': { orderable: false }, items: { 'ui:order': ['field_1', 'field_2'] } });
    expect(readDesign(document)).toEqual(design);
  });
});

describe('the canvas', () => {
  it('moves a field under another heading into that section', () => {
    const design = promotionDesign();
    const items = canvasItems(design);
    const reason = items.findIndex((i) => i.id === 'field:reason');
    const moved = moveItem(design, reason, items.length - 1);
    expect(moved.sections.map((s) => s.fields.map((f) => f.key))).toEqual([['recommendation'], ['delivery', 'collaboration', 'growth', 'average', 'reason']]);
  });

  it('gives fields above the first heading a section of their own', () => {
    const design = promotionDesign();
    const items = canvasItems(design);
    const [first, ...rest] = items;
    const withoutFirstHeading = fromCanvas(rest);
    expect(first!.kind).toBe('section');
    expect(withoutFirstHeading.sections.map((s) => s.key)).toEqual(['basics', 'section-1']);
    // The default key is taken by the heading the author named so: the new section gets the next free one.
    const renamed = fromCanvas(canvasItems(moveItem(design, 0, items.length - 1)));
    expect(renamed.sections.map((s) => s.key)).toEqual(['section-2', 'section-1', 'basics']);
  });

  it('hands a removed heading\'s fields to the section above', () => {
    const design = removeSection(promotionDesign(), 'section-1');
    expect(design.sections.map((s) => [s.key, s.fields.length])).toEqual([['basics', 6]]);
  });

  it('numbers new fields with the first free key', () => {
    const design = addField(addField({ sections: [] }, 'text').design, 'number');
    expect(allFields(design.design).map((f) => f.key)).toEqual(['field_1', 'field_2']);
  });

  it('takes a field key an expression can reach', () => {
    expect(fieldKeyProblem('reason', [])).toBeUndefined();
    expect(fieldKeyProblem('2nd', [])).toBe('invalid');
    expect(fieldKeyProblem('a-b', [])).toBe('invalid');
    expect(fieldKeyProblem('reason', ['reason'])).toBe('taken');
  });
});

describe('texts in both languages', () => {
  it('flags a missing language and never fills it from the other', () => {
    const field = { ...newField('choice', 'x'), label: { 'zh-CN': '理由' }, help: { en: 'Why' } };
    expect(missingLanguages(field)).toEqual([
      { part: 'label', language: 'en' },
      { part: 'help', language: 'zh-CN' },
    ]);
    expect(missingInField(field)).toEqual(['zh-CN', 'en']);
    const document = writeDesign({ sections: [{ key: 's', title: { 'zh-CN': '甲', en: 'A' }, fields: [field] }] }, blank);
    expect((document.fields as Record<string, { label: unknown }>).x!.label).toEqual({ 'zh-CN': '理由' });
  });
});

describe('a renamed field', () => {
  it('is renamed in expressions, and only it', () => {
    expect(renameInExpression('form.rating + form.rating_note + rating', 'rating', 'score')).toBe('form.score + form.rating_note + rating');
    const document = renameReferences({ rules: [{ key: 'r', field: 'reason', assert: 'form.reason != null' }], computed: [{ field: 'a', expression: 'form.reason' }, { field: 'reason', expression: '1' }] }, 'reason', 'why');
    expect(document.rules).toEqual([{ key: 'r', field: 'why', assert: 'form.why != null' }]);
    expect(document.computed).toEqual([{ field: 'a', expression: 'form.why' }, { field: 'why', expression: '1' }]);
  });
});

describe('sample data for the preview', () => {
  it('has a plausible value of every field but the computed ones', () => {
    expect(sampleData(promotionDesign(), '2026-12-03')).toEqual({
      recommendation: 'promote',
      reason: '这是一段示例文字，用来预览表单的样子。',
      delivery: 3,
      collaboration: 3,
      growth: 3,
    });
    let design = addField({ sections: [] }, 'group').design;
    design = addField(design, 'date').design;
    design = addField(design, 'person').design;
    design = addField(design, 'choices').design;
    design = updateField(design, 'field_1', (f) => ({ ...f, minItems: 2 }));
    expect(sampleData(design, '2026-12-03')).toEqual({
      field_1: [{ field_1: '示例单行文本' }, { field_1: '示例单行文本' }],
      field_2: '2026-12-03',
      field_3: 'E011',
      field_4: ['option_1'],
    });
  });
});

describe('a palette item dropped on the canvas', () => {
  it('lands where it was dropped, a heading splitting the section there', () => {
    const design = promotionDesign();
    const field = insertItem(design, 'date', 2);
    expect(field.added.kind).toBe('field');
    expect(field.design.sections[0]!.fields.map((f) => f.key)).toEqual(['recommendation', 'field_1', 'reason']);
    const heading = insertItem(design, 'section', 2);
    expect(heading.design.sections.map((s) => [s.key, s.fields.map((f) => f.key)])).toEqual([
      ['basics', ['recommendation']],
      ['section-2', ['reason']],
      ['section-1', ['delivery', 'collaboration', 'growth', 'average']],
    ]);
  });
});
