import { useEffect, useMemo, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Drawer, Grid, Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, data as answer } from '../api/client';
import { errorTree } from '../api/problems';
import { FindingsList } from '../authoring/Findings';
import type { Finding } from '../authoring/definitions';
import { TaskForm } from '../forms/TaskForm';
import { FormValidator } from '../forms/validator';
import { ProblemAlert } from '../layout/ProblemAlert';
import { allFields, languages, sampleData, type Design, type Language, type TemplateDocument } from './model';

export type Device = 'phone' | 'desktop';

interface Props {
  open: boolean;
  onClose(): void;
  templateKey: string;
  document: TemplateDocument;
  design: Design;
  device: Device;
  onDevice(device: Device): void;
  language: Language;
  onLanguage(language: Language): void;
}

/** A value that follows `value` once it has stopped changing for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const today = () => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};

/**
 * The draft as the employee's task page will show it — the same form theme (src/forms) — at a phone's width (390 px)
 * or a desktop's, in zh-CN or en, over sample data the author may change; the server checks that data as it would a
 * submission (`POST /api/authoring/templates/{key}/preview`) and its problems, the rules' among them, show in the
 * language previewed.
 */
export function PreviewDrawer({ open, onClose, templateKey, document, design, device, onDevice, language, onLanguage }: Props) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<string, unknown>>(() => sampleData(design, today()));
  // New fields get a sample value, removed ones lose theirs; what the author typed stays.
  const keys = allFields(design).map((f) => f.key).join(',');
  useEffect(() => {
    const sample = sampleData(design, today());
    const present = new Set(keys.split(','));
    setValues((current) => ({ ...sample, ...Object.fromEntries(Object.entries(current).filter(([key]) => present.has(key))) }));
    // Only a change of the fields' keys resamples; their values are the author's.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [keys]);
  // Each time the preview opens it starts from fresh samples of the form as it is now (options renamed since, say).
  useEffect(() => {
    if (open) setValues(sampleData(design, today()));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const request = useSettled({ document, values }, 400);
  const preview = useQuery({
    queryKey: ['template-preview', templateKey, request],
    queryFn: () => answer(api.POST('/api/authoring/templates/{key}/preview', { params: { path: { key: templateKey } }, body: { document: request.document, data: request.values } })),
    enabled: open,
    placeholderData: keepPreviousData,
  });
  const validator = useMemo(() => new FormValidator(t), [t]);
  // On a phone the drawer is the whole screen; on a laptop it is as wide as what it previews.
  const wide = Grid.useBreakpoint().md ?? false;
  const form = preview.data?.forms?.[language];
  const problems = preview.data?.dataProblems ?? [];
  const errors = useMemo(
    () => errorTree({ status: 422, errors: Object.fromEntries(groupBy(problems, (p) => p.pointer).map(([pointer, list]) => [pointer, list.map((p) => ({ code: p.code, message: p.message[language] }))])) }),
    [problems, language],
  );
  // The server's computed values shown in their fields; the author's values for the rest.
  const computed = Object.fromEntries(allFields(design).filter((f) => f.type === 'computed').map((f) => [f.key, (preview.data?.data as Record<string, unknown> | undefined)?.[f.key]]));
  const shownData = { ...values, ...computed };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={wide ? (device === 'phone' ? 480 : 1200) : '100%'}
      title={t('templates.preview.title')}
      className="preview-drawer"
      destroyOnHidden
      extra={
        <div className="preview-controls">
          <Segmented<Device>
            aria-label={t('templates.preview.device')}
            value={device}
            onChange={onDevice}
            options={[
              { value: 'phone', label: t('templates.preview.phone') },
              { value: 'desktop', label: t('templates.preview.desktop') },
            ]}
          />
          <Segmented<Language>
            aria-label={t('templates.preview.language')}
            value={language}
            onChange={onLanguage}
            options={languages.map((l) => ({ value: l, label: <span lang={l}>{t(`templates.language.${l}`)}</span> }))}
          />
        </div>
      }
    >
      <div className="preview-tools">
        <Button onClick={() => setValues(sampleData(design, today()))}>{t('templates.preview.resample')}</Button>
        <span className="preview-hint">{t('templates.preview.hint')}</span>
      </div>
      {preview.error ? <ProblemAlert error={preview.error} onRetry={() => void preview.refetch()} /> : null}
      {preview.data && !preview.data.forms ? (
        <Alert type="error" showIcon title={t('templates.preview.hasErrors')} description={<FindingsList findings={preview.data.findings as Finding[]} />} />
      ) : null}
      {problems.length > 0 ? (
        <Alert
          className="preview-problems"
          type="warning"
          showIcon
          role="status"
          title={t('templates.preview.problems', { count: problems.length })}
          description={
            <ul lang={language}>
              {problems.map((p, i) => (
                <li key={i}>{p.message[language]}</li>
              ))}
            </ul>
          }
        />
      ) : preview.data?.forms ? (
        <Alert className="preview-problems" type="success" showIcon role="status" title={t('templates.preview.valid')} />
      ) : null}
      <div className={`preview-frame preview-${device}`} lang={language} data-testid="preview-frame">
        {form ? (
          <TaskForm
            schema={form.schema as Record<string, unknown>}
            uiSchema={form.uiSchema as Record<string, unknown>}
            formData={shownData}
            errors={errors}
            validator={validator}
            readonly={false}
            onChange={(next) => setValues(Object.fromEntries(Object.entries(next).filter(([key]) => !(key in computed))))}
          />
        ) : preview.isFetching ? (
          <p className="preview-hint">{t('templates.preview.loading')}</p>
        ) : null}
      </div>
    </Drawer>
  );
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups];
}
