import { fieldsOf, operandsOf as operandsOfFields, type Operand, type Text } from '../rules/fields';
import type { ProcessDocument } from './document';
import { templateKey } from './document';
import type { TemplateOutline } from './queries';

export type { Operand };

/**
 * What a decision's condition may read: the fields of each form of the process as the rules builders see a template's
 * fields (src/rules), reached as `forms.<form>.<field>` (docs/processes.md "Conditions") and labelled "form · field"
 * in both languages. What the person is (level, department, roles) comes from {@link subjectOperands}.
 */
export function operandsOf(document: ProcessDocument, templates: TemplateOutline[]): Operand[] {
  return Object.entries(document.forms).flatMap(([form, written]) => {
    const template = templates.find((t) => t.key === templateKey(written));
    if (!template) return [];
    const formTitle = template.title ?? { 'zh-CN': form, en: form };
    return operandsOfFields(fieldsOf(template), `forms.${form}`).map((operand) => ({
      ...operand,
      label: { 'zh-CN': `${formTitle['zh-CN']} · ${operand.label['zh-CN']}`, en: `${formTitle.en} · ${operand.label.en}` },
    }));
  });
}

/** A department as the organisation's list gives it (`GET /api/organisation/departments`). */
export interface DepartmentEntry {
  id: string;
  name: Text;
  parentId?: string | null;
}

/** The roles a person may have, as the organisation's file names them (engine Organisation/Role). */
export const roles = ['admin', 'hrbp', 'manager', 'employee'] as const;

/**
 * What a condition may read of the person the process is about (docs/processes.md "Conditions"): 员工职级 (their level,
 * compared as text, or 不低于 / 不高于 a level of the same ladder), 员工所在部门 (属于 — their department or one below
 * the chosen one, through `subject.departments`; or 就是 — that department itself), 员工角色 (具有 one of the four
 * roles) and 员工司龄（月） (whole months since they joined). `text` gives a label by its key; the departments come as
 * a tree, each under its parent, indented by its depth.
 */
export function subjectOperands(departments: DepartmentEntry[], text: (key: string) => Text): Operand[] {
  return [
    {
      expression: 'subject.level',
      label: text('processes.subject.level'),
      type: 'string',
      operators: ['eq', 'ne', 'oneOf', 'atLeast', 'atMost'],
      ladder: { track: 'subject.level_track', rank: 'subject.level_rank' },
    },
    {
      expression: 'subject.department',
      label: text('processes.subject.department'),
      type: 'string',
      options: departmentOptions(departments),
      operators: ['within', 'is'],
      within: 'subject.departments',
    },
    {
      expression: 'subject.roles',
      label: text('processes.subject.role'),
      type: 'array',
      options: roles.map((role) => ({ value: role, label: text(`role.${role}`) })),
      operators: ['has'],
    },
    {
      expression: 'subject.tenure_months',
      label: text('processes.subject.tenure'),
      type: 'integer',
      operators: ['ge', 'gt', 'lt', 'le'],
    },
  ];
}

// Parents before their children, siblings by id; a department whose parent is not in the list starts a tree of its own.
function departmentOptions(departments: DepartmentEntry[]) {
  const ids = new Set(departments.map((d) => d.id));
  const children = new Map<string | null, DepartmentEntry[]>();
  for (const d of departments) {
    const parent = d.parentId && ids.has(d.parentId) ? d.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), d]);
  }
  const options: { value: string; label: Text }[] = [];
  const visit = (parent: string | null, depth: number) => {
    for (const d of [...(children.get(parent) ?? [])].sort((a, b) => a.id.localeCompare(b.id))) {
      const indent = '\u3000'.repeat(depth);
      options.push({ value: d.id, label: { 'zh-CN': `${indent}${d.name['zh-CN']}（${d.id}）`, en: `${indent}${d.name.en} (${d.id})` } });
      visit(d.id, depth + 1);
    }
  };
  visit(null, 0);
  return options;
}
