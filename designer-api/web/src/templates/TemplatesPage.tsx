import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Button, Input, Modal, Radio, Select } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { DefinitionTable } from '../authoring/DefinitionTable';
import { listDefinitions, openDefinition, saveDraft } from '../authoring/definitions';
import { ProblemAlert } from '../layout/ProblemAlert';
import { blankTemplate, newKeyProblem } from './creating';
import type { TemplateDocument } from './model';
import './designer.css';

/** /design/templates — every form template (shipped, published, drafts) and 新建模板. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const open = (key: string) => void navigate(`/design/templates/${encodeURIComponent(key)}`);
  return (
    <div className="page templates-page">
      <div className="page-head">
        <h1>{t('templates.title')}</h1>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
          {t('templates.new.button')}
        </Button>
      </div>
      <p className="page-intro">{t('templates.intro')}</p>
      <DefinitionTable kind="templates" onOpen={open} />
      {creating ? <NewTemplateDialog onClose={() => setCreating(false)} onCreated={open} /> : null}
    </div>
  );
}

/** A new template: its key (checked as lint checks it, and not taken), its name, and from nothing or as a copy. */
function NewTemplateDialog({ onClose, onCreated }: { onClose(): void; onCreated(key: string): void }) {
  const { t } = useTranslation();
  const id = useId();
  const existing = useQuery({ queryKey: ['authoring', 'templates', 'list'], queryFn: () => listDefinitions('templates') });
  const [key, setKey] = useState('');
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [start, setStart] = useState<'blank' | 'copy'>('blank');
  const [source, setSource] = useState<string>();
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Error>();
  const keys = (existing.data ?? []).map((d) => d.key);
  const keyProblem = newKeyProblem(key, keys);
  const copyable = (existing.data ?? []).filter((d) => d.latestVersion || d.hasDraft || d.shippedOnly);
  const titleMissing = start === 'blank' && (zh.trim() === '' || en.trim() === '');
  const sourceMissing = start === 'copy' && !source;
  const create = async () => {
    setTried(true);
    if (keyProblem || titleMissing || sourceMissing) return;
    setBusy(true);
    setFailure(undefined);
    try {
      const title = { 'zh-CN': zh.trim(), en: en.trim() };
      let document: TemplateDocument;
      if (start === 'copy') {
        const opened = await openDefinition<TemplateDocument>('templates', source!);
        if (!opened) throw new Error(t('templates.new.sourceGone', { key: source }));
        document = { ...opened.document, key };
        if (zh.trim() || en.trim()) document.title = Object.fromEntries(Object.entries(title).filter(([, v]) => v));
      } else document = blankTemplate(key, title);
      await saveDraft('templates', key, document, null);
      onCreated(key);
    } catch (error) {
      setFailure(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };
  const show = (problem: boolean) => tried && problem;
  return (
    <Modal open title={t('templates.new.title')} onCancel={onClose} onOk={() => void create()} okText={t('templates.new.create')} cancelText={t('templates.cancel')} confirmLoading={busy} destroyOnHidden>
      <div className="new-template">
        <Radio.Group value={start} onChange={(event) => setStart(event.target.value)} aria-label={t('templates.new.start')}>
          <Radio value="blank">{t('templates.new.blank')}</Radio>
          <Radio value="copy">{t('templates.new.copy')}</Radio>
        </Radio.Group>
        {start === 'copy' ? (
          <div className="new-field">
            <label htmlFor={`${id}-source`}>{t('templates.new.source')}</label>
            <Select
              id={`${id}-source`}
              showSearch
              value={source}
              onChange={setSource}
              status={show(sourceMissing) ? 'error' : undefined}
              loading={existing.isLoading}
              placeholder={t('templates.new.sourcePlaceholder')}
              options={copyable.map((d) => ({ value: d.key, label: d.key }))}
            />
            {show(sourceMissing) ? <div className="key-problem">{t('templates.new.sourceMissing')}</div> : null}
          </div>
        ) : null}
        <div className="new-field">
          <label htmlFor={`${id}-key`}>{t('templates.new.key')}</label>
          <Input id={`${id}-key`} value={key} onChange={(event) => setKey(event.target.value.trim())} status={show(!!keyProblem) ? 'error' : undefined} spellCheck={false} autoCapitalize="off" aria-describedby={`${id}-key-about`} />
          <div id={`${id}-key-about`} className={show(!!keyProblem) ? 'key-problem' : 'key-hint'} role={show(!!keyProblem) ? 'alert' : undefined}>
            {show(!!keyProblem) ? t(`templates.new.keyProblem.${keyProblem}`) : t('templates.new.keyHint')}
          </div>
        </div>
        <div className="new-field">
          <label htmlFor={`${id}-zh`}>{t('templates.new.nameZh')}</label>
          <Input id={`${id}-zh`} lang="zh-CN" value={zh} onChange={(event) => setZh(event.target.value)} status={show(titleMissing && !zh.trim()) ? 'error' : undefined} />
        </div>
        <div className="new-field">
          <label htmlFor={`${id}-en`}>{t('templates.new.nameEn')}</label>
          <Input id={`${id}-en`} lang="en" value={en} onChange={(event) => setEn(event.target.value)} status={show(titleMissing && !en.trim()) ? 'error' : undefined} />
          {show(titleMissing) ? <div className="key-problem">{t('templates.new.nameMissing')}</div> : start === 'copy' ? <div className="key-hint">{t('templates.new.nameCopyHint')}</div> : null}
        </div>
        {existing.error ? <ProblemAlert error={existing.error} /> : null}
        {failure ? <ProblemAlert error={failure} /> : null}
      </div>
    </Modal>
  );
}
