/**
 * The form designer's model: a template document (docs/templates.md) read as what an author sees — sections, each a
 * heading and its fields, each field of a type from the palette — and written back. The document stays the one truth
 * (the draft, the JSON view, lint all read it): the designer reads it with {@link readDesign}, changes the design and
 * writes it back with {@link writeDesign}, which keeps what the designer does not manage (a field's `pattern`, the
 * schema's `if`/`then`/`else`, `definitions`, the rules) as it was.
 */

export type Language = 'zh-CN' | 'en';
export const languages: readonly Language[] = ['zh-CN', 'en'];

/** A text as the author types it: a language may still be missing (flagged, never filled in from the other). */
export type Text = Partial<Record<Language, string>>;

export type FieldType = 'text' | 'textarea' | 'number' | 'rating' | 'choice' | 'choices' | 'date' | 'person' | 'group' | 'computed' | 'other';

/** The palette's field types, in its order; a repeating group's members may be any of `memberTypes`. */
export const paletteTypes: readonly FieldType[] = ['text', 'textarea', 'number', 'rating', 'choice', 'choices', 'date', 'person', 'group', 'computed'];
export const memberTypes: readonly FieldType[] = ['text', 'textarea', 'number', 'rating', 'choice', 'choices', 'date', 'person'];

/** A person is named by their id in the organisation (as `feedback-request-360`'s `person_id`). */
export const personPattern = '^[A-Za-z0-9][A-Za-z0-9._-]{1,31}$';

export interface Option {
  value: string;
  label: Text;
}

export interface DesignField {
  key: string;
  type: FieldType;
  label: Text;
  help: Text;
  placeholder: Text;
  required: boolean;
  readOnly: boolean;
  /** text, long text: a length in characters; number: its range; rating: 1 to `maximum`. */
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  /** A number that takes whole numbers only. */
  integer?: boolean;
  /** A repeating group's item count. */
  minItems?: number;
  maxItems?: number;
  options: Option[];
  default?: unknown;
  /** A repeating group's fields. */
  members: DesignField[];
  /** A computed field's Scriban expression. */
  expression?: string;
  /** What the field means (the template's `roles` at its path, docs/templates.md): `rating`, `self-rating`, … */
  role?: FieldRole;
  /** What the field's schema and uiSchema hold beyond what the designer manages, written back unchanged. */
  schemaExtras: Record<string, unknown>;
  uiExtras: Record<string, unknown>;
  /** The `fields` entries below a field the designer does not manage (an object's members), written back unchanged. */
  nestedEntries?: Record<string, unknown>;
}

/** The roles a field may have (engine: Templates/FieldRoles.cs); their names are the designer's texts `templates.role.<role>`. */
export const fieldRoles = ['rating', 'self-rating', 'potential', 'strengths', 'gaps', 'support', 'plan-action', 'plan-due', 'plan-status', 'kpi'] as const;
export type FieldRole = (typeof fieldRoles)[number];

/**
 * The roles a field may have where it is: those holding a rating a person picks only on a rating scale or a whole number
 * with bounds, and the rating itself only on a top-level field (lint: `roles.rating-nested`), as a reader is shown a
 * form field by field at the top level.
 */
export function rolesFor(field: DesignField, nested = false): readonly FieldRole[] {
  const numeric = field.type === 'rating' || (field.type === 'number' && !!field.integer && field.minimum !== undefined && field.maximum !== undefined);
  return fieldRoles.filter((role) => (numeric || !['rating', 'self-rating', 'potential'].includes(role)) && !(nested && role === 'rating'));
}

/** A member's path in the template (`goal_results[].self_rating`): the path of its list, `[].`, its key. */
export const memberPath = (list: string, member: string) => `${list}[].${member}`;

/** The path of every field the designer shows (a list's members, and theirs, as `a[].b[].c`), with the field. */
export function designPaths(design: Design): Map<string, DesignField> {
  const paths = new Map<string, DesignField>();
  const walk = (field: DesignField, path: string) => {
    paths.set(path, field);
    if (field.type === 'group') for (const member of field.members) walk(member, memberPath(path, member.key));
  };
  for (const field of allFields(design)) walk(field, field.key);
  return paths;
}

const isRole = (value: unknown): value is FieldRole => typeof value === 'string' && (fieldRoles as readonly string[]).includes(value);

/**
 * The template's `roles` with this design: each field's role at its path, in the order `roles` had (a renamed field's
 * after them); a field deleted loses its role; what the designer does not show — a path below a field it does not
 * manage, one that names no field, a role it does not know — is kept as it was, for lint to judge.
 */
export function rolesOf(design: Design, base: TemplateDocument): Json {
  const before = objectAt(base.roles);
  const shown = designPaths(readDesign(base));
  const now = new Map([...designPaths(design)].flatMap(([path, field]) => (field.role ? [[path, field.role] as const] : [])));
  const roles: Json = {};
  for (const [path, role] of Object.entries(before)) {
    if (now.has(path)) roles[path] = now.get(path);
    else if (!shown.has(path) || !isRole(role)) roles[path] = role;
  }
  for (const [path, role] of now) if (!(path in roles)) roles[path] = role;
  return roles;
}

export interface DesignSection {
  key: string;
  title: Text;
  description?: Text;
  fields: DesignField[];
}

export interface Design {
  sections: DesignSection[];
}

type Json = Record<string, unknown>;
export type TemplateDocument = Json;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const objectAt = (value: unknown): Json => (isObject(value) ? value : {});
const numberAt = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** A property name an expression can reach as `form.<name>` (docs/templates.md, field paths). */
export const fieldKeyPattern = /^[A-Za-z][A-Za-z0-9_]*$/;
/** A section key: lower-case letters, digits and `-`. */
export const sectionKeyPattern = /^[a-z][a-z0-9-]*$/;
/** A template key: lower-case letters, digits and `-`, starting with a letter, at most 64 characters. */
export const templateKeyPattern = /^[a-z][a-z0-9-]{0,63}$/;

// ---------------------------------------------------------------------------------------------------------- reading

/** The widget of each type, as the shipped templates have them. */
const widgets: Partial<Record<FieldType, Json>> = {
  textarea: { 'ui:widget': 'textarea', 'ui:options': { rows: 3 } },
  number: { 'ui:widget': 'updown' },
  rating: { 'ui:widget': 'range' },
  choice: { 'ui:widget': 'radio', 'ui:options': { inline: true } },
  choices: { 'ui:widget': 'checkboxes', 'ui:options': { inline: true } },
};


function textOf(value: unknown): Text {
  const text: Text = {};
  if (isObject(value))
    for (const language of languages) if (typeof value[language] === 'string') text[language] = value[language] as string;
  return text;
}

function resolve(schema: unknown, root: Json): Json {
  let node = objectAt(schema);
  for (let hops = 0; typeof node.$ref === 'string' && node.$ref.startsWith('#') && hops < 10; hops++) {
    let target: unknown = root;
    for (const part of node.$ref.slice(1).split('/').filter(Boolean)) target = objectAt(target)[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')];
    node = objectAt(target);
  }
  return node;
}

const managedSchema = ['type', 'enum', 'format', 'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'items', 'uniqueItems', 'default', 'readOnly', 'properties', 'required', 'additionalProperties'];
const managedUi = ['ui:widget', 'ui:readonly', 'ui:order', 'items'];

function withoutKeys(value: Json, keys: readonly string[]): Json {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !keys.includes(key)));
}

/** The palette type a property of the schema is, from its schema and its uiSchema. */
export function typeOf(schema: Json, ui: Json, computed: boolean, root: Json = {}): FieldType {
  if (computed) return 'computed';
  const type = schema.type;
  if (type === 'array') {
    const items = resolve(schema.items, root);
    if (items.type === 'object' && isObject(items.properties)) return 'group';
    if (items.type === 'string' && Array.isArray(items.enum)) return 'choices';
    return 'other';
  }
  if (type === 'string') {
    if (Array.isArray(schema.enum)) return 'choice';
    if (schema.format === 'date') return 'date';
    if (schema.format !== undefined) return 'other';
    if (schema.pattern === personPattern) return 'person';
    return ui['ui:widget'] === 'textarea' ? 'textarea' : 'text';
  }
  if (type === 'integer' || type === 'number') return ui['ui:widget'] === 'range' && type === 'integer' ? 'rating' : 'number';
  return 'other';
}

interface Reading {
  root: Json;
  entries: Json;
  computed: Map<string, string>;
  roles: Json;
}

function readField(key: string, rawSchema: unknown, ui: Json, required: boolean, path: string, reading: Reading, topLevel: boolean): DesignField {
  const role = reading.roles[path];
  const schema = resolve(rawSchema, reading.root);
  const computed = topLevel && reading.computed.has(key);
  const type = typeOf(schema, ui, computed, reading.root);
  const entry = objectAt(reading.entries[path]);
  const field: DesignField = {
    key,
    type,
    label: textOf(entry.label),
    help: textOf(entry.help),
    placeholder: textOf(entry.placeholder),
    required,
    readOnly: !computed && (schema.readOnly === true || ui['ui:readonly'] === true),
    options: [],
    members: [],
    // A field the designer does not manage keeps its whole schema; a `$ref` is written back inlined.
    schemaExtras: type === 'other' ? { ...objectAt(rawSchema) } : withoutKeys(schema, [...managedSchema, ...(type === 'person' ? ['pattern'] : []), '$ref']),
    uiExtras: type === 'other' ? { ...ui } : withoutKeys(ui, managedUi),
  };
  // The options a type's widget gets anyway are the type's, not the field's own.
  if (type !== 'other' && JSON.stringify(field.uiExtras['ui:options']) === JSON.stringify(widgets[type]?.['ui:options'])) delete field.uiExtras['ui:options'];
  if (schema.default !== undefined) field.default = schema.default;
  if (type === 'text' || type === 'textarea') {
    field.minLength = numberAt(schema.minLength);
    field.maxLength = numberAt(schema.maxLength);
  }
  if (type === 'number' || type === 'rating') {
    field.minimum = numberAt(schema.minimum);
    field.maximum = numberAt(schema.maximum);
    field.integer = schema.type === 'integer';
  }
  if (type === 'choice' || type === 'choices') {
    const values = (type === 'choice' ? schema.enum : resolve(schema.items, reading.root).enum) as unknown[];
    const texts = objectAt(entry.options);
    field.options = values.filter((v): v is string => typeof v === 'string').map((value) => ({ value, label: textOf(texts[value]) }));
  }
  if (type === 'choices' || type === 'group') {
    field.minItems = numberAt(schema.minItems);
    field.maxItems = numberAt(schema.maxItems);
  }
  if (type === 'group') {
    const items = resolve(schema.items, reading.root);
    const itemsUi = objectAt(ui.items);
    const members = objectAt(items.properties);
    const needed = Array.isArray(items.required) ? (items.required as string[]) : [];
    field.members = ordered(Object.keys(members), itemsUi['ui:order']).map((member) =>
      readField(member, members[member], objectAt(itemsUi[member]), needed.includes(member), `${path}[].${member}`, reading, false),
    );
    const itemsRest = withoutKeys(itemsUi, ['ui:order', ...Object.keys(members)]);
    if (Object.keys(itemsRest).length > 0) field.uiExtras = { ...field.uiExtras, items: itemsRest };
  }
  if (computed) field.expression = reading.computed.get(key);
  if (isRole(role)) field.role = role;
  if (type === 'other') {
    const below = Object.entries(reading.entries).filter(([name]) => name.startsWith(`${path}.`) || name.startsWith(`${path}[]`));
    if (below.length > 0) field.nestedEntries = Object.fromEntries(below);
  }
  return field;
}

/** Property names in `ui:order`'s order (a `*` or an unknown name stands for the rest, in schema order). */
function ordered(names: string[], order: unknown): string[] {
  if (!Array.isArray(order)) return names;
  const listed = order.filter((name): name is string => typeof name === 'string' && names.includes(name));
  return [...new Set([...listed, ...names.filter((name) => !listed.includes(name))])];
}

/** A title for a form's first section when its fields were never put in one. */
export const defaultSectionTitle: Text = { 'zh-CN': '基本信息', en: 'Basics' };
/** A new heading's title, for the author to rename. */
export const newSectionTitle: Text = { 'zh-CN': '新分组', en: 'New section' };

/** The designer's view of a template document. */
export function readDesign(document: TemplateDocument): Design {
  const root = objectAt(document.schema);
  const ui = objectAt(document.uiSchema);
  const properties = objectAt(root.properties);
  const required = Array.isArray(root.required) ? (root.required as string[]) : [];
  const computed = new Map<string, string>();
  for (const entry of Array.isArray(document.computed) ? document.computed : [])
    if (isObject(entry) && typeof entry.field === 'string') computed.set(entry.field, typeof entry.expression === 'string' ? entry.expression : '');
  const reading: Reading = { root, entries: objectAt(document.fields), computed, roles: objectAt(document.roles) };
  const order = ordered(Object.keys(properties), ui['ui:order']);
  const read = (key: string) => readField(key, properties[key], objectAt(ui[key]), required.includes(key), key, reading, true);
  const placed = new Set<string>();
  const sections: DesignSection[] = [];
  for (const raw of Array.isArray(document.sections) ? document.sections : []) {
    if (!isObject(raw)) continue;
    const listed = (Array.isArray(raw.fields) ? raw.fields : []).filter((key): key is string => typeof key === 'string' && key in properties && !placed.has(key));
    listed.forEach((key) => placed.add(key));
    const section: DesignSection = {
      key: typeof raw.key === 'string' ? raw.key : '',
      title: textOf(raw.title),
      fields: order.filter((key) => listed.includes(key)).map(read),
    };
    if (raw.description !== undefined) section.description = textOf(raw.description);
    sections.push(section);
  }
  const loose = order.filter((key) => !placed.has(key));
  if (loose.length > 0) sections.unshift({ key: uniqueSectionKey(sections, 'basics'), title: { ...defaultSectionTitle }, fields: loose.map(read) });
  return { sections };
}

// ---------------------------------------------------------------------------------------------------------- writing

function textValue(text: Text): Json {
  const value: Json = {};
  for (const language of languages) if (text[language] !== undefined && text[language] !== '') value[language] = text[language];
  return value;
}

const hasText = (text: Text | undefined) => !!text && languages.some((language) => (text[language] ?? '') !== '');

function defined(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/** A field's schema: what its type says, over what the designer keeps of the original. */
export function fieldSchema(field: DesignField): Json {
  if (field.type === 'other') return field.schemaExtras;
  const common = { default: field.default, readOnly: field.readOnly || field.type === 'computed' ? true : undefined };
  switch (field.type) {
    case 'text':
    case 'textarea':
      return defined({ ...field.schemaExtras, type: 'string', minLength: field.minLength, maxLength: field.maxLength, ...common });
    case 'person':
      return defined({ ...field.schemaExtras, type: 'string', pattern: personPattern, ...common });
    case 'date':
      return defined({ ...field.schemaExtras, type: 'string', format: 'date', ...common });
    case 'number':
      return defined({ ...field.schemaExtras, type: field.integer ? 'integer' : 'number', minimum: field.minimum, maximum: field.maximum, ...common });
    case 'rating':
      return defined({ ...field.schemaExtras, type: 'integer', minimum: field.minimum ?? 1, maximum: field.maximum ?? 5, ...common });
    case 'computed':
      return defined({ ...field.schemaExtras, type: 'number', ...common });
    case 'choice':
      return defined({ ...field.schemaExtras, type: 'string', enum: field.options.map((o) => o.value), ...common });
    case 'choices':
      return defined({
        ...field.schemaExtras,
        type: 'array',
        items: { type: 'string', enum: field.options.map((o) => o.value) },
        uniqueItems: true,
        minItems: field.minItems,
        maxItems: field.maxItems,
        ...common,
      });
    case 'group': {
      const required = field.members.filter((m) => m.required).map((m) => m.key);
      return defined({
        ...field.schemaExtras,
        type: 'array',
        minItems: field.minItems,
        maxItems: field.maxItems,
        items: defined({
          type: 'object',
          additionalProperties: false,
          required: required.length > 0 ? required : undefined,
          properties: Object.fromEntries(field.members.map((m) => [m.key, fieldSchema(m)])),
        }),
        readOnly: common.readOnly,
      });
    }
  }
}


/** A field's uiSchema: its widget, read-only, a group's members; empty when it needs none. */
export function fieldUi(field: DesignField): Json {
  if (field.type === 'other') return field.uiExtras;
  const ui: Json = { ...(widgets[field.type] ?? {}), ...field.uiExtras };
  if (field.readOnly || field.type === 'computed') ui['ui:readonly'] = true;
  if (field.type === 'group') {
    const items: Json = { ...objectAt(field.uiExtras.items), 'ui:order': field.members.map((m) => m.key) };
    for (const member of field.members) {
      const memberUi = fieldUi(member);
      if (Object.keys(memberUi).length > 0) items[member.key] = memberUi;
    }
    ui.items = items;
  }
  return ui;
}

function fieldEntries(field: DesignField, path: string, into: Json) {
  const entry: Json = { label: textValue(field.label) };
  if (hasText(field.help)) entry.help = textValue(field.help);
  if (hasText(field.placeholder)) entry.placeholder = textValue(field.placeholder);
  if (field.type === 'choice' || field.type === 'choices') entry.options = Object.fromEntries(field.options.map((o) => [o.value, textValue(o.label)]));
  into[path] = entry;
  Object.assign(into, field.nestedEntries);
  for (const member of field.members) fieldEntries(member, `${path}[].${member.key}`, into);
}

/** Every top-level field of the design, section after section (the form's order). */
export const allFields = (design: Design): DesignField[] => design.sections.flatMap((s) => s.fields);

/**
 * The template document with this design: the schema's properties, `required`, the uiSchema's order and widgets,
 * `fields`, `sections` and `computed` written from it; everything else of `base` kept.
 */
export function writeDesign(design: Design, base: TemplateDocument): TemplateDocument {
  const fields = allFields(design);
  const baseSchema = objectAt(base.schema);
  const required = fields.filter((f) => f.required && f.type !== 'computed').map((f) => f.key);
  const schema: Json = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...baseSchema,
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(fields.map((f) => [f.key, fieldSchema(f)])),
  };
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  const baseUi = objectAt(base.uiSchema);
  const oldKeys = new Set(Object.keys(objectAt(baseSchema.properties)));
  const uiSchema: Json = Object.fromEntries(Object.entries(baseUi).filter(([key]) => key.startsWith('ui:') || (!oldKeys.has(key) && !fields.some((f) => f.key === key))));
  uiSchema['ui:order'] = fields.map((f) => f.key);
  for (const field of fields) {
    const ui = fieldUi(field);
    if (Object.keys(ui).length > 0) uiSchema[field.key] = ui;
  }
  const entries: Json = {};
  for (const field of fields) fieldEntries(field, field.key, entries);
  const sections = design.sections.map((section) =>
    defined({ key: section.key, title: textValue(section.title), description: section.description && hasText(section.description) ? textValue(section.description) : undefined, fields: section.fields.map((f) => f.key) }),
  );
  const document: TemplateDocument = { ...base, schema, uiSchema, fields: entries, sections };
  const roles = rolesOf(design, base);
  if (Object.keys(roles).length > 0) document.roles = roles;
  else delete document.roles;
  const computed = computedList(fields, base);
  if (computed.length > 0) document.computed = computed;
  else delete document.computed;
  return document;
}

/** `computed` in the order it had (an expression may use those before it), new computed fields after. */
function computedList(fields: DesignField[], base: TemplateDocument) {
  const computed = fields.filter((f) => f.type === 'computed');
  const before = (Array.isArray(base.computed) ? base.computed : []).map((c) => (isObject(c) ? c.field : undefined));
  const rank = (f: DesignField) => (before.includes(f.key) ? before.indexOf(f.key) : before.length + computed.indexOf(f));
  return [...computed].sort((a, b) => rank(a) - rank(b)).map((f) => ({ field: f.key, expression: f.expression ?? '' }));
}

// --------------------------------------------------------------------------------------------------- designing

/** The canvas as one list: each section's heading, then its fields. */
export type CanvasItem = { kind: 'section'; id: string; section: DesignSection } | { kind: 'field'; id: string; field: DesignField };

export const sectionId = (key: string) => `section:${key}`;
export const fieldId = (key: string) => `field:${key}`;

export function canvasItems(design: Design): CanvasItem[] {
  return design.sections.flatMap((section): CanvasItem[] => [
    { kind: 'section', id: sectionId(section.key), section },
    ...section.fields.map((field): CanvasItem => ({ kind: 'field', id: fieldId(field.key), field })),
  ]);
}

/**
 * The design a canvas list says: a heading starts a section, the fields under it belong to it; fields above the first
 * heading get a section of their own (named {@link defaultSectionTitle}, for the author to rename).
 */
export function fromCanvas(items: CanvasItem[]): Design {
  const sections: DesignSection[] = [];
  for (const item of items) {
    if (item.kind === 'section') sections.push({ ...item.section, fields: [] });
    else {
      if (sections.length === 0) sections.push({ key: uniqueSectionKey(items.flatMap((i) => (i.kind === 'section' ? [i.section] : [])), 'basics'), title: { ...defaultSectionTitle }, fields: [] });
      sections.at(-1)!.fields.push(item.field);
    }
  }
  return { sections };
}

/** Moves the item at `from` to `to` in the canvas list (a drag, or the move buttons). */
export function moveItem(design: Design, from: number, to: number): Design {
  const items = canvasItems(design);
  if (from < 0 || from >= items.length || to < 0 || to >= items.length || from === to) return design;
  const [moved] = items.splice(from, 1);
  items.splice(to, 0, moved!);
  return fromCanvas(items);
}

export function uniqueSectionKey(sections: readonly DesignSection[], wanted?: string): string {
  const taken = new Set(sections.map((s) => s.key));
  if (wanted && !taken.has(wanted)) return wanted;
  for (let n = 1; ; n++) if (!taken.has(`section-${n}`)) return `section-${n}`;
}

/** `field_1`, `field_2`, … : the first not taken. */
export function uniqueFieldKey(taken: readonly string[]): string {
  for (let n = 1; ; n++) if (!taken.includes(`field_${n}`)) return `field_${n}`;
}

/** The default texts of a new field of each type: its type's name, in both languages. */
export const typeNames: Record<FieldType, Required<Text>> = {
  text: { 'zh-CN': '单行文本', en: 'Text' },
  textarea: { 'zh-CN': '多行文本', en: 'Long text' },
  number: { 'zh-CN': '数字', en: 'Number' },
  rating: { 'zh-CN': '评分', en: 'Rating' },
  choice: { 'zh-CN': '单选', en: 'Single choice' },
  choices: { 'zh-CN': '多选', en: 'Multiple choice' },
  date: { 'zh-CN': '日期', en: 'Date' },
  person: { 'zh-CN': '人员', en: 'Person' },
  group: { 'zh-CN': '重复明细', en: 'Repeating group' },
  computed: { 'zh-CN': '计算数值', en: 'Computed number' },
  other: { 'zh-CN': '其他字段', en: 'Other field' },
};

/** A new field of a type, with sensible limits and (for choices) two options to rename. */
export function newField(type: FieldType, key: string): DesignField {
  const field: DesignField = { key, type, label: { ...typeNames[type] }, help: {}, placeholder: {}, required: false, readOnly: false, options: [], members: [], schemaExtras: {}, uiExtras: {} };
  if (type === 'text') field.maxLength = 200;
  if (type === 'textarea') field.maxLength = 2000;
  if (type === 'rating') Object.assign(field, { minimum: 1, maximum: 5, integer: true });
  if (type === 'choice' || type === 'choices')
    field.options = [
      { value: 'option_1', label: { 'zh-CN': '选项 1', en: 'Option 1' } },
      { value: 'option_2', label: { 'zh-CN': '选项 2', en: 'Option 2' } },
    ];
  if (type === 'group') {
    // Items stay in the order they were added: moving them adds nothing a review form needs.
    Object.assign(field, { minItems: 1, maxItems: 10, uiExtras: { 'ui:options': { orderable: false } } });
    field.members = [newField('text', 'field_1')];
  }
  if (type === 'computed') field.expression = '';
  return field;
}

/** Where a field is: its section's index and its index in it. */
export function locate(design: Design, key: string): { section: number; index: number } | undefined {
  for (const [section, s] of design.sections.entries()) {
    const index = s.fields.findIndex((f) => f.key === key);
    if (index >= 0) return { section, index };
  }
  return undefined;
}

/**
 * Adds a field of `type` after the selected field (or at the end of the selected section, or of the form), with the
 * first free key; the new design and the new field's key.
 */
export function addField(design: Design, type: FieldType, after?: { field?: string; section?: string }): { design: Design; key: string } {
  const key = uniqueFieldKey(allFields(design).map((f) => f.key));
  const field = newField(type, key);
  const sections = design.sections.map((s) => ({ ...s, fields: [...s.fields] }));
  if (sections.length === 0) sections.push({ key: 'basics', title: { ...defaultSectionTitle }, fields: [] });
  const at = after?.field ? locate(design, after.field) : undefined;
  if (at) sections[at.section]!.fields.splice(at.index + 1, 0, field);
  else {
    const section = sections.find((s) => s.key === after?.section) ?? sections.at(-1)!;
    section.fields.push(field);
  }
  return { design: { sections }, key };
}

/** Adds a section heading after the selected field (splitting its section there) or at the end. */
export function addSection(design: Design, after?: { field?: string; section?: string }): { design: Design; key: string } {
  const key = uniqueSectionKey(design.sections);
  const heading: CanvasItem = { kind: 'section', id: sectionId(key), section: { key, title: { ...newSectionTitle }, fields: [] } };
  const items = canvasItems(design);
  let at = items.length;
  if (after?.field) at = items.findIndex((i) => i.id === fieldId(after.field!)) + 1;
  else if (after?.section) {
    const start = items.findIndex((i) => i.id === sectionId(after.section!));
    const next = items.findIndex((i, n) => n > start && i.kind === 'section');
    at = next < 0 ? items.length : next;
  }
  items.splice(at <= 0 ? items.length : at, 0, heading);
  return { design: fromCanvas(items), key };
}

export function removeField(design: Design, key: string): Design {
  return { sections: design.sections.map((s) => ({ ...s, fields: s.fields.filter((f) => f.key !== key) })) };
}

/** Removes a section heading: its fields join the section above (or, for the first, the one below). */
export function removeSection(design: Design, key: string): Design {
  const index = design.sections.findIndex((s) => s.key === key);
  if (index < 0 || design.sections.length === 1) return design;
  const sections = design.sections.map((s) => ({ ...s, fields: [...s.fields] }));
  const [removed] = sections.splice(index, 1);
  const into = sections[Math.max(0, index - 1)]!;
  if (index === 0) into.fields.unshift(...removed!.fields);
  else into.fields.push(...removed!.fields);
  return { sections };
}

export function updateField(design: Design, key: string, change: (field: DesignField) => DesignField): Design {
  return { sections: design.sections.map((s) => ({ ...s, fields: s.fields.map((f) => (f.key === key ? change(f) : f)) })) };
}

export function updateSection(design: Design, key: string, change: (section: DesignSection) => DesignSection): Design {
  return { sections: design.sections.map((s) => (s.key === key ? change(s) : s)) };
}

/** Why a field key cannot be used ('invalid', 'taken'), or undefined when it can. */
export function fieldKeyProblem(key: string, others: readonly string[]): 'invalid' | 'taken' | undefined {
  if (!fieldKeyPattern.test(key)) return 'invalid';
  return others.includes(key) ? 'taken' : undefined;
}

export function sectionKeyProblem(key: string, others: readonly string[]): 'invalid' | 'taken' | undefined {
  if (!sectionKeyPattern.test(key)) return 'invalid';
  return others.includes(key) ? 'taken' : undefined;
}

/** `form.old` becomes `form.new` in an expression (a renamed field), and nothing else does. */
export function renameInExpression(expression: string, from: string, to: string): string {
  return expression.replace(new RegExp(`(\\bform\\.)${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![A-Za-z0-9_])`, 'g'), `$1${to}`);
}

/**
 * The document after a top-level field was renamed in the design: the rules' `field` and the expressions of the
 * rules and the computed fields follow the new name.
 */
export function renameReferences(document: TemplateDocument, from: string, to: string): TemplateDocument {
  const rename = (value: unknown) => (typeof value === 'string' ? renameInExpression(value, from, to) : value);
  const next = { ...document };
  if (Array.isArray(document.rules))
    next.rules = document.rules.map((rule) => (isObject(rule) ? defined({ ...rule, field: rule.field === from ? to : rule.field, when: rename(rule.when), assert: rename(rule.assert) }) : rule));
  if (Array.isArray(document.computed))
    next.computed = document.computed.map((c) => (isObject(c) ? { ...c, field: c.field === from ? to : c.field, expression: rename(c.expression) } : c));
  return next;
}

// ---------------------------------------------------------------------------------------------------- languages

export type TextPart = 'label' | 'help' | 'placeholder' | `option:${string}`;

/** The texts of a field that lack a language: a label must have both, help, placeholder and options both or none. */
export function missingLanguages(field: DesignField): { part: TextPart; language: Language }[] {
  const missing: { part: TextPart; language: Language }[] = [];
  const check = (part: TextPart, text: Text, needed: boolean) => {
    if (!needed && !hasText(text)) return;
    for (const language of languages) if ((text[language] ?? '').trim() === '') missing.push({ part, language });
  };
  check('label', field.label, true);
  check('help', field.help, false);
  check('placeholder', field.placeholder, false);
  for (const option of field.options) check(`option:${option.value}`, option.label, true);
  return missing;
}

/** Every language missing in a field or its members. */
export function missingInField(field: DesignField): Language[] {
  const all = [...missingLanguages(field), ...field.members.flatMap((m) => missingLanguages(m))];
  return languages.filter((language) => all.some((m) => m.language === language));
}

// ---------------------------------------------------------------------------------------------------- sample data

/** A value of each field for the preview: what a person might plausibly enter, inside the field's limits. */
export function sampleValue(field: DesignField, today: string): unknown {
  if (field.default !== undefined) return field.default;
  switch (field.type) {
    case 'text':
      return clip(field.label['zh-CN'] ? `示例${field.label['zh-CN']}` : '示例', field);
    case 'textarea':
      return clip('这是一段示例文字，用来预览表单的样子。', field);
    case 'person':
      return 'E011';
    case 'date':
      return today;
    case 'number': {
      const low = field.minimum ?? 0;
      const high = field.maximum ?? Math.max(low, 100);
      const middle = (low + high) / 2;
      return field.integer ? Math.round(middle) : middle;
    }
    case 'rating':
      return Math.ceil(((field.minimum ?? 1) + (field.maximum ?? 5)) / 2);
    case 'choice':
      return field.options[0]?.value;
    case 'choices':
      return field.options.slice(0, Math.max(1, field.minItems ?? 1)).map((o) => o.value);
    case 'group':
      return Array.from({ length: Math.max(1, field.minItems ?? 1) }, () => sampleObject(field.members, today));
    default:
      return undefined;
  }
}

function clip(text: string, field: DesignField): string {
  let value = text;
  while ([...value].length < (field.minLength ?? 0)) value += text;
  return field.maxLength !== undefined ? [...value].slice(0, field.maxLength).join('') : value;
}

function sampleObject(fields: DesignField[], today: string): Json {
  const data: Json = {};
  for (const field of fields) {
    const value = sampleValue(field, today);
    if (value !== undefined) data[field.key] = value;
  }
  return data;
}

/** Sample data for the whole form (computed fields left to the server). */
export function sampleData(design: Design, today: string): Json {
  return sampleObject(allFields(design), today);
}

/**
 * Puts a new palette item — a field of `type`, or a section heading — at `index` of the canvas list (where it was
 * dropped; the end when `index` is past it); the new design and what was added.
 */
export function insertItem(design: Design, type: FieldType | 'section', index: number): { design: Design; added: CanvasItem } {
  const items = canvasItems(design);
  let added: CanvasItem;
  if (type === 'section') {
    const key = uniqueSectionKey(design.sections);
    added = { kind: 'section', id: sectionId(key), section: { key, title: { ...newSectionTitle }, fields: [] } };
  } else {
    const key = uniqueFieldKey(allFields(design).map((f) => f.key));
    added = { kind: 'field', id: fieldId(key), field: newField(type, key) };
  }
  items.splice(Math.max(0, Math.min(index, items.length)), 0, added);
  return { design: fromCanvas(items), added };
}
