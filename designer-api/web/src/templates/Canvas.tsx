import type { PointerEventHandler, ReactNode } from 'react';
import { useDraggable, useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { Button, Popconfirm, Tag } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, HolderOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/definitions';
import { FindingBadge } from '../authoring/Findings';
import { missingInField, paletteTypes, type CanvasItem, type DesignField, type FieldType, type Language } from './model';

/** What is selected: a section, a field, a member of a list field, a member of a list inside it (`inner`). */
export type Selection = { kind: 'field'; key: string; member?: string; inner?: string } | { kind: 'section'; key: string } | undefined;

/** The palette: each type a button that adds it after the selected field, and that can be dragged onto the canvas. */
export function Palette({ onAdd }: { onAdd(type: FieldType | 'section'): void }) {
  const { t } = useTranslation();
  return (
    <nav className="palette" aria-label={t('templates.palette.title')}>
      <h2 className="pane-title">{t('templates.palette.title')}</h2>
      <p className="palette-hint">{t('templates.palette.hint')}</p>
      <ul>
        {[...paletteTypes.slice(0, 9), 'section' as const, ...paletteTypes.slice(9)].map((type) => (
          <li key={type}>
            <PaletteItem type={type} onAdd={onAdd} />
          </li>
        ))}
      </ul>
    </nav>
  );
}

function PaletteItem({ type, onAdd }: { type: FieldType | 'section'; onAdd(type: FieldType | 'section'): void }) {
  const { t } = useTranslation();
  const { setNodeRef, listeners, isDragging } = useDraggable({ id: `palette:${type}` });
  return (
    <Button
      ref={setNodeRef}
      block
      className={isDragging ? 'palette-item palette-dragging' : 'palette-item'}
      onPointerDown={listeners?.onPointerDown as PointerEventHandler<HTMLElement> | undefined}
      onClick={() => onAdd(type)}
      aria-label={t('templates.palette.add', { type: t(`templates.type.${type}`) })}
    >
      <span className={`palette-icon palette-icon-${type}`} aria-hidden />
      {t(`templates.type.${type}`)}
    </Button>
  );
}

interface CanvasProps {
  items: CanvasItem[];
  selection: Selection;
  onSelect(selection: Selection): void;
  onMove(from: number, to: number): void;
  onRemove(item: CanvasItem): void;
  shown: Language;
  findingsOf(item: CanvasItem): Finding[];
  title: ReactNode;
}

/** The form as it is being designed: section headings and the fields under them, in order. */
export function Canvas({ items, selection, onSelect, onMove, onRemove, shown, findingsOf, title }: CanvasProps) {
  const { t } = useTranslation();
  const { setNodeRef, isOver } = useDroppable({ id: 'canvas' });
  return (
    <section className={isOver ? 'canvas canvas-over' : 'canvas'} aria-label={t('templates.canvas.title')}>
      {title}
      <SortableContext items={items.map((i) => i.id)} strategy={verticalListSortingStrategy}>
        <ol className="canvas-list">
          {items.map((item, index) => (
            <CanvasCard
              key={item.id}
              item={item}
              index={index}
              count={items.length}
              selected={selection?.kind === item.kind && selection.key === (item.kind === 'field' ? item.field.key : item.section.key)}
              selectedMember={selection?.kind === 'field' && item.kind === 'field' && selection.key === item.field.key ? selection.member : undefined}
              section={sectionOf(items, index)}
              onSelect={onSelect}
              onMove={onMove}
              onRemove={onRemove}
              shown={shown}
              findings={findingsOf(item)}
            />
          ))}
        </ol>
      </SortableContext>
      <div ref={setNodeRef} className="canvas-drop">
        {items.length === 0 ? t('templates.canvas.empty') : t('templates.canvas.dropHere')}
      </div>
    </section>
  );
}

function sectionOf(items: CanvasItem[], index: number): string | undefined {
  for (let i = index; i >= 0; i--) {
    const item = items[i]!;
    if (item.kind === 'section') return item.section.key;
  }
  return undefined;
}

interface CardProps {
  item: CanvasItem;
  index: number;
  count: number;
  selected: boolean;
  selectedMember?: string;
  section?: string;
  onSelect(selection: Selection): void;
  onMove(from: number, to: number): void;
  onRemove(item: CanvasItem): void;
  shown: Language;
  findings: Finding[];
}

function CanvasCard({ item, index, count, selected, selectedMember, section, onSelect, onMove, onRemove, shown, findings }: CardProps) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: item.id });
  const style = { transform: CSS.Transform.toString(transform), transition };
  const isSection = item.kind === 'section';
  const text = isSection ? item.section.title : item.field.label;
  const key = isSection ? item.section.key : item.field.key;
  const name = text[shown]?.trim() || key;
  const missing = isSection ? (['zh-CN', 'en'] as const).filter((l) => !(item.section.title[l] ?? '').trim()) : missingInField(item.field);
  const classes = ['canvas-card', isSection ? 'canvas-section' : 'canvas-field', selected ? 'canvas-selected' : '', isDragging ? 'canvas-dragging' : ''].join(' ');
  return (
    <li ref={setNodeRef} style={style} className={classes} data-key={isSection ? undefined : key} data-heading={isSection ? key : undefined} data-section={section}>
      <div className="canvas-card-head">
        <Button
          ref={setActivatorNodeRef}
          type="text"
          size="small"
          className="canvas-handle"
          icon={<HolderOutlined aria-hidden />}
          {...attributes}
          {...listeners}
          aria-label={t('templates.canvas.drag', { name })}
          aria-roledescription={undefined}
        />
        <button type="button" className="canvas-select" aria-pressed={selected} onClick={() => onSelect({ kind: item.kind, key })}>
          <span className={isSection ? 'canvas-section-title' : 'canvas-field-label'}>
            {text[shown]?.trim() ? text[shown] : <span className="canvas-untitled">{t(`templates.missing.${shown}`)}</span>}
            {!isSection && item.field.required ? (
              <>
                <span className="canvas-required" aria-hidden>
                  {' *'}
                </span>
                <span className="visually-hidden">{t('templates.required')}</span>
              </>
            ) : null}
          </span>
          <span className="canvas-meta">
            {isSection ? t('templates.canvas.section', { count: sectionSize(item) }) : t(`templates.type.${item.field.type}`)} · <code>{key}</code>
          </span>
        </button>
        <span className="canvas-flags">
          {missing.map((language) => (
            <Tag key={language} color="error" className="missing-tag">
              {t(`templates.missingTag.${language}`)}
            </Tag>
          ))}
          <FindingBadge findings={findings} />
        </span>
        <span className="canvas-buttons">
          <Button size="small" icon={<ArrowUpOutlined aria-hidden />} aria-label={t('templates.moveUp', { name })} disabled={index === 0} onClick={() => onMove(index, index - 1)} />
          <Button size="small" icon={<ArrowDownOutlined aria-hidden />} aria-label={t('templates.moveDown', { name })} disabled={index === count - 1} onClick={() => onMove(index, index + 1)} />
          <Popconfirm title={t(isSection ? 'templates.removeSectionConfirm' : 'templates.removeConfirm', { name })} okText={t('templates.removeOk')} cancelText={t('templates.cancel')} onConfirm={() => onRemove(item)}>
            <Button size="small" danger icon={<DeleteOutlined aria-hidden />} aria-label={t('templates.remove', { name })} />
          </Popconfirm>
        </span>
      </div>
      {!isSection ? <FieldSketch field={item.field} shown={shown} selectedMember={selectedMember} onSelectMember={(member) => onSelect({ kind: 'field', key, member })} /> : null}
    </li>
  );
}

const sectionSize = (item: CanvasItem) => (item.kind === 'section' ? item.section.fields.length : 0);

/** What the field will look like, in a line: its options, its scale, its members, its expression. */
function FieldSketch({ field, shown, selectedMember, onSelectMember }: { field: DesignField; shown: Language; selectedMember?: string; onSelectMember(member: string): void }) {
  const { t } = useTranslation();
  switch (field.type) {
    case 'choice':
    case 'choices':
      return (
        <div className="canvas-sketch" aria-hidden>
          {field.options.map((o) => (
            <span key={o.value} className={field.type === 'choice' ? 'sketch-radio' : 'sketch-check'}>
              {o.label[shown] || o.value}
            </span>
          ))}
        </div>
      );
    case 'rating':
      return (
        <div className="canvas-sketch sketch-scale" aria-hidden>
          {Array.from({ length: (field.maximum ?? 5) - (field.minimum ?? 1) + 1 }, (_, i) => (
            <span key={i}>{(field.minimum ?? 1) + i}</span>
          ))}
        </div>
      );
    case 'computed':
      return (
        <div className="canvas-sketch sketch-expression">
          <span className="sketch-label">{t('templates.computed.sketch')}</span> <code>{field.expression || '—'}</code>
        </div>
      );
    case 'group':
      return (
        <ul className="canvas-members" aria-label={t('templates.members.title')}>
          {field.members.map((m) => (
            <li key={m.key}>
              <button type="button" className={selectedMember === m.key ? 'canvas-member member-selected' : 'canvas-member'} aria-pressed={selectedMember === m.key} onClick={() => onSelectMember(m.key)}>
                {m.label[shown]?.trim() || <span className="canvas-untitled">{m.key}</span>}
                {m.required ? ' *' : ''} <span className="canvas-meta">· {t(`templates.type.${m.type}`)}</span>
                {missingInField(m).length > 0 ? <Tag color="error">{t('templates.missingShort')}</Tag> : null}
              </button>
            </li>
          ))}
        </ul>
      );
    default:
      return <div className={`canvas-sketch sketch-input sketch-${field.type}`} aria-hidden>{field.placeholder[shown] ?? ''}</div>;
  }
}
