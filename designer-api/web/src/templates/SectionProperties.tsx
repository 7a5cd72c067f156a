import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/definitions';
import { FindingsList } from '../authoring/Findings';
import { KeyInput } from './KeyInput';
import { TextPair } from './TextPair';
import { sectionKeyProblem, type DesignSection, type Language, type TemplateDocument, type Text } from './model';

interface SectionProps {
  section: DesignSection;
  onChange(next: DesignSection): void;
  otherKeys: string[];
  findings: Finding[];
  shown: Language;
}

/** A section: its title in both languages, its key (what a process step names), its description, its fields. */
export function SectionProperties({ section, onChange, otherKeys, findings, shown }: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="section-properties" aria-label={t('templates.section.of', { name: section.title[shown] || section.key })}>
      <div className="properties-type">
        <Tag>{t('templates.type.section')}</Tag>
      </div>
      <TextPair name={t('templates.section.title')} value={section.title} required onChange={(title) => onChange({ ...section, title })} />
      <KeyInput
        label={t('templates.key.section')}
        value={section.key}
        hint={t('templates.key.sectionHint')}
        problem={(key) => {
          const problem = sectionKeyProblem(key, otherKeys);
          return problem ? t(`templates.sectionKey.${problem}`) : undefined;
        }}
        onRename={(key) => onChange({ ...section, key })}
      />
      <TextPair name={t('templates.section.description')} value={section.description ?? {}} long onChange={(description) => onChange({ ...section, description })} />
      <div className="section-fields">
        <h3>{t('templates.section.fields', { count: section.fields.length })}</h3>
        {section.fields.length === 0 ? (
          <p className="properties-note">{t('templates.section.empty')}</p>
        ) : (
          <ul>
            {section.fields.map((f) => (
              <li key={f.key}>
                {f.label[shown] || f.key} <code>{f.key}</code>
              </li>
            ))}
          </ul>
        )}
      </div>
      {findings.length > 0 ? (
        <div className="properties-findings">
          <FindingsList findings={findings} />
        </div>
      ) : null}
    </section>
  );
}

const textAt = (value: unknown): Text => (typeof value === 'object' && value !== null ? (value as Text) : {});

/** The form's own texts: its title and description in both languages; its key, fixed. */
export function FormSettings({ document, onChange, findings }: { document: TemplateDocument; onChange(next: TemplateDocument): void; findings: Finding[] }) {
  const { t } = useTranslation();
  const put = (member: 'title' | 'description', text: Text) => {
    const value = Object.fromEntries(Object.entries(text).filter(([, v]) => v !== ''));
    const next = { ...document, [member]: value };
    if (member === 'description' && Object.keys(value).length === 0) delete next.description;
    onChange(next);
  };
  return (
    <section className="form-settings" aria-label={t('templates.form.title')}>
      <div className="key-input">
        <span className="form-key-label">{t('templates.form.key')}</span> <code>{String(document.key ?? '')}</code>
      </div>
      <TextPair name={t('templates.form.name')} value={textAt(document.title)} required onChange={(text) => put('title', text)} />
      <TextPair name={t('templates.form.description')} value={textAt(document.description)} long onChange={(text) => put('description', text)} />
      {findings.length > 0 ? <FindingsList findings={findings} /> : null}
    </section>
  );
}
