import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { DndContext, DragOverlay, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Badge, Button, Result, Segmented, Tabs } from 'antd';
import { ArrowLeftOutlined, EyeOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { FindingsList } from '../authoring/Findings';
import { PublishButton } from '../authoring/PublishButton';
import { SaveState } from '../authoring/SaveState';
import { VersionsButton } from '../authoring/Versions';
import type { Finding } from '../authoring/definitions';
import { useDraftEditor, type DraftEditor } from '../authoring/useDraftEditor';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { Canvas, Palette, type Selection } from './Canvas';
import { ComputedExpression, RulesPanel } from './Expressions';
import { FieldProperties } from './FieldProperties';
import { fieldFindings, memberFindings, sectionFindings, targetOf } from './findings';
import { JsonView } from './JsonView';
import {
  addField,
  addSection,
  allFields,
  canvasItems,
  insertItem,
  languages,
  moveItem,
  readDesign,
  removeField,
  removeSection,
  renameReferences,
  updateField,
  updateSection,
  writeDesign,
  type CanvasItem,
  type Design,
  type DesignField,
  type FieldType,
  type Language,
  type TemplateDocument,
} from './model';
import { PreviewDrawer, type Device } from './Preview';
import { FormSettings, SectionProperties } from './SectionProperties';
import './designer.css';

type Editor = DraftEditor<TemplateDocument>;

/** /design/templates/:key — the form designer: palette, canvas, properties; preview, JSON, versions, publish. */
export function TemplateDesignerPage() {
  const { t } = useTranslation();
  const { key = '' } = useParams();
  const editor = useDraftEditor<TemplateDocument>('templates', key);
  if (editor.state === 'loading') return <Loading />;
  if (editor.state === 'failed')
    return (
      <div className="page">
        <ProblemAlert error={editor.error ?? new Error(t('templates.loadFailed'))} onRetry={() => window.location.reload()} />
      </div>
    );
  if (editor.state === 'missing' || !editor.document)
    return (
      <div className="page">
        <Result status="404" title={<h1 className="result-title">{t('templates.notFound', { key })}</h1>} extra={<Link to="/design/templates">{t('templates.backToList')}</Link>} />
      </div>
    );
  return <Designer templateKey={key} editor={editor} document={editor.document} />;
}

type Tab = 'properties' | 'form' | 'rules' | 'findings';

function Designer({ templateKey, editor, document }: { templateKey: string; editor: Editor; document: TemplateDocument }) {
  const { t, i18n } = useTranslation();
  const design = useMemo(() => readDesign(document), [document]);
  const items = useMemo(() => canvasItems(design), [design]);
  const [selection, setSelection] = useState<Selection>();
  const [shown, setShown] = useState<Language>((languages as readonly string[]).includes(i18n.language) ? (i18n.language as Language) : 'zh-CN');
  const [view, setView] = useState<'design' | 'json'>('design');
  const [tab, setTab] = useState<Tab>('properties');
  const [previewOpen, setPreviewOpen] = useState(false);
  const [device, setDevice] = useState<Device>('phone');
  const [dragging, setDragging] = useState<string>();
  const findings = editor.findings as Finding[];
  const errors = findings.filter((f) => f.severity === 'error').length;
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const change = (next: Design, base: TemplateDocument = document) => editor.edit(writeDesign(next, base));
  const select = (next: Selection) => {
    setSelection(next);
    if (next) setTab('properties');
  };
  const anchor = selection?.kind === 'field' ? { field: selection.key } : selection?.kind === 'section' ? { section: selection.key } : undefined;
  const add = (type: FieldType | 'section') => {
    if (type === 'section') {
      const added = addSection(design, anchor);
      change(added.design);
      select({ kind: 'section', key: added.key });
    } else {
      const added = addField(design, type, anchor);
      change(added.design);
      select({ kind: 'field', key: added.key });
    }
  };
  const remove = (item: CanvasItem) => {
    if (item.kind === 'field') change(removeField(design, item.field.key));
    else change(removeSection(design, item.section.key));
    setSelection(undefined);
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setDragging(undefined);
    if (!over) return;
    const to = over.id === 'canvas' ? items.length : items.findIndex((i) => i.id === over.id);
    const id = String(active.id);
    if (id.startsWith('palette:')) {
      const { design: next, added } = insertItem(design, id.slice('palette:'.length) as FieldType | 'section', to);
      change(next);
      select(added.kind === 'field' ? { kind: 'field', key: added.field.key } : { kind: 'section', key: added.section.key });
    } else {
      change(moveItem(design, items.findIndex((i) => i.id === id), Math.min(to, items.length - 1)));
    }
  };
  const onDragStart = ({ active }: DragStartEvent) => setDragging(String(active.id));
  const findingsOf = (item: CanvasItem) =>
    item.kind === 'field' ? fieldFindings(findings, document, item.field.key) : sectionFindings(findings, design.sections.findIndex((s) => s.key === item.section.key));
  const goTo = (finding: Finding) => {
    const target = targetOf(finding, document);
    if (target.kind === 'field' || target.kind === 'section') select(target);
    else setTab(target.kind === 'rules' ? 'rules' : 'form');
    setView('design');
  };

  const selectedField = selection?.kind === 'field' ? allFields(design).find((f) => f.key === selection.key) : undefined;
  const selectedSection = selection?.kind === 'section' ? design.sections.find((s) => s.key === selection.key) : undefined;
  const title = (document.title ?? {}) as Partial<Record<Language, string>>;
  const pageTitle = title[shown] || templateKey;

  const properties = selectedField ? (
    <FieldProperties
      key={selectedField.key}
      field={selectedField}
      shown={shown}
      otherKeys={allFields(design).map((f) => f.key).filter((k) => k !== selectedField.key)}
      findings={fieldFindings(findings, document, selectedField.key)}
      topLevel
      path={selectedField.key}
      onChange={(next) => change(updateField(design, selectedField.key, () => next))}
      onRename={(key) => {
        change(updateField(design, selectedField.key, (f) => ({ ...f, key })), renameReferences(document, selectedField.key, key));
        setSelection({ kind: 'field', key });
      }}
      expression={<ComputedExpression document={document} field={selectedField} findings={fieldFindings(findings, document, selectedField.key)} onChange={(expression) => change(updateField(design, selectedField.key, (f) => ({ ...f, expression })))} />}
      member={{
        key: selection?.kind === 'field' ? selection.member : undefined,
        select: (member) => setSelection({ kind: 'field', key: selectedField.key, member }),
        properties: (
          <MemberProperties
            group={selectedField}
            path={[selectedField.key]}
            at={selection?.kind === 'field' && selection.member ? [selection.member, ...(selection.inner ? [selection.inner] : [])] : []}
            shown={shown}
            findings={findings}
            onChange={(next) => change(updateField(design, selectedField.key, () => next))}
            onSelect={([member, inner]) => setSelection({ kind: 'field', key: selectedField.key, member, inner })}
          />
        ),
      }}
    />
  ) : selectedSection ? (
    <SectionProperties
      key={selectedSection.key}
      section={selectedSection}
      shown={shown}
      otherKeys={design.sections.map((s) => s.key).filter((k) => k !== selectedSection.key)}
      findings={sectionFindings(findings, design.sections.indexOf(selectedSection))}
      onChange={(next) => {
        change(updateSection(design, selectedSection.key, () => next));
        if (next.key !== selectedSection.key) setSelection({ kind: 'section', key: next.key });
      }}
    />
  ) : (
    <p className="properties-empty">{t('templates.properties.none')}</p>
  );

  const formFindings = findings.filter((f) => targetOf(f, document).kind === 'form');
  const ruleFindings = findings.filter((f) => targetOf(f, document).kind === 'rules');

  return (
    <div className="designer">
      <header className="designer-toolbar">
        <Link to="/design/templates" className="designer-back">
          <ArrowLeftOutlined aria-hidden /> {t('templates.title')}
        </Link>
        <div className="designer-name">
          <h1 lang={shown}>{pageTitle}</h1>
          <code>{templateKey}</code>
        </div>
        <div className="designer-save">
          <SaveState editor={editor as DraftEditor<unknown>} />
        </div>
        <div className="designer-actions">
          <Segmented<Language>
            aria-label={t('templates.shownLanguage')}
            value={shown}
            onChange={setShown}
            options={languages.map((l) => ({ value: l, label: <span lang={l}>{t(`templates.language.${l}`)}</span> }))}
          />
          <Segmented<'design' | 'json'>
            aria-label={t('templates.view.label')}
            value={view}
            onChange={setView}
            options={[
              { value: 'design', label: t('templates.view.design') },
              { value: 'json', label: t('templates.view.json') },
            ]}
          />
          <Button icon={<EyeOutlined aria-hidden />} onClick={() => setPreviewOpen(true)}>
            {t('templates.preview.open')}
          </Button>
          <VersionsButton kind="templates" definitionKey={templateKey} />
          <PublishButton editor={editor as DraftEditor<unknown>} />
        </div>
      </header>
      {view === 'json' ? (
        <JsonView document={document} templateKey={templateKey} onChange={(next) => editor.edit(next)} />
      ) : (
        <DndContext sensors={sensors} onDragStart={onDragStart} onDragEnd={onDragEnd} onDragCancel={() => setDragging(undefined)}>
          <div className="designer-panes">
            <aside className="designer-palette">
              <Palette onAdd={add} />
            </aside>
            <main className="designer-canvas">
              <Canvas
                items={items}
                selection={selection}
                onSelect={select}
                onMove={(from, to) => change(moveItem(design, from, to))}
                onRemove={remove}
                shown={shown}
                findingsOf={findingsOf}
                title={
                  <div className="canvas-title" lang={shown}>
                    <h2>{pageTitle}</h2>
                    {(document.description as Partial<Record<Language, string>> | undefined)?.[shown] ? <p>{(document.description as Partial<Record<Language, string>>)[shown]}</p> : null}
                  </div>
                }
              />
            </main>
            <aside className="designer-properties">
              <Tabs
                activeKey={tab}
                onChange={(next) => setTab(next as Tab)}
                items={[
                  { key: 'properties', label: t('templates.tab.properties'), children: properties },
                  { key: 'form', label: t('templates.tab.form'), children: <FormSettings document={document} onChange={(next) => editor.edit(next)} findings={formFindings} /> },
                  {
                    key: 'rules',
                    label: <Badge size="small" count={ruleFindings.length} offset={[8, -2]}>{t('templates.tab.rules')}</Badge>,
                    children: <RulesPanel document={document} findings={findings} onChange={(rules) => editor.edit(withRules(document, rules))} />,
                  },
                  {
                    key: 'findings',
                    label: (
                      <Badge size="small" count={errors} offset={[8, -2]}>
                        {t('templates.tab.findings')}
                      </Badge>
                    ),
                    children: findings.length > 0 ? <FindingsList findings={findings} onSelect={goTo} /> : <p className="properties-empty">{editor.linting ? t('templates.findings.linting') : t('templates.findings.none')}</p>,
                  },
                ]}
              />
            </aside>
          </div>
          <DragOverlay>{dragging?.startsWith('palette:') ? <div className="palette-ghost">{t(`templates.type.${dragging.slice('palette:'.length)}`)}</div> : null}</DragOverlay>
        </DndContext>
      )}
      <PreviewDrawer
        open={previewOpen}
        onClose={() => setPreviewOpen(false)}
        templateKey={templateKey}
        document={document}
        design={design}
        device={device}
        onDevice={setDevice}
        language={shown}
        onLanguage={setShown}
      />
    </div>
  );
}

/** The document with these rules (none: no `rules` member, as a template without rules is written). */
function withRules(document: TemplateDocument, rules: unknown[]): TemplateDocument {
  const next: TemplateDocument = { ...document, rules };
  if (rules.length === 0) delete next.rules;
  return next;
}

/**
 * The properties of the member of a group chosen in its list (`at`: its key, and the key of a member of it when it is a
 * list itself, as a development goal's actions); `path` is the group's keys from the top.
 */
function MemberProperties({ group, path, at, shown, findings, onChange, onSelect }: { group: DesignField; path: string[]; at: string[]; shown: Language; findings: Finding[]; onChange(next: DesignField): void; onSelect(keys: string[]): void }) {
  const [member, ...below] = at;
  const field = group.members.find((m) => m.key === member);
  if (!field) return null;
  const keys = [...path, field.key];
  const put = (next: DesignField) => onChange({ ...group, members: group.members.map((m) => (m.key === field.key ? next : m)) });
  return (
    <FieldProperties
      key={field.key}
      field={field}
      shown={shown}
      path={keys.join('[].')}
      otherKeys={group.members.map((m) => m.key).filter((k) => k !== field.key)}
      findings={memberFindings(findings, ...keys)}
      onChange={put}
      onRename={(key) => {
        put({ ...field, key });
        onSelect([key, ...below]);
      }}
      member={
        field.type === 'group' && path.length === 1
          ? {
              key: below[0],
              select: (inner) => onSelect(inner ? [field.key, inner] : [field.key]),
              properties: <MemberProperties group={field} path={keys} at={below} shown={shown} findings={findings} onChange={put} onSelect={(inner) => onSelect([field.key, ...inner])} />,
            }
          : undefined
      }
    />
  );
}
