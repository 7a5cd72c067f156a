import { Button, Form, Input, Modal, Select, Typography } from 'antd';
import { ArrowLeftOutlined, CopyOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { listDefinitions, openDefinition, saveDraft } from '../authoring/definitions';
import { DefinitionTable } from '../authoring/DefinitionTable';
import { api, data } from '../api/client';
import { ProblemAlert } from '../layout/ProblemAlert';
import { NotForYou } from '../admin/NotForYou';
import { useMe } from '../signin/me';
import { copyUnder, isKey, type TextDocument, type TextKind } from './textTemplates';
import './texttemplates.css';

const editorOf = (kind: TextKind, key: string) => `/design/texts/${kind}/${encodeURIComponent(key)}`;

/**
 * 通知与报告模板 (`/design/texts`, HRBP and admin): the notification and report templates, each with its published
 * versions and draft (内置: as FormFlow ships it, never published over); a new notification template starts as a copy
 * of another under a new key.
 */
export function TextTemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const roles = useMe().data?.roles;
  const [copying, setCopying] = useState(false);
  if (roles && !roles.some((role) => role === 'admin' || role === 'hrbp')) return <NotForYou />;
  return (
    <div className="page texttemplates-page">
      <Link to="/design" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('texttemplates.backToDesign')}
      </Link>
      <Typography.Title level={1}>{t('texttemplates.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('texttemplates.intro')}</Typography.Paragraph>
      <section aria-labelledby="texttemplates-notifications" className="texttemplates-section">
        <div className="texttemplates-section-head">
          <h2 id="texttemplates-notifications" className="card-title">
            {t('texttemplates.notifications')}
          </h2>
          <Button icon={<CopyOutlined aria-hidden />} onClick={() => setCopying(true)}>
            {t('texttemplates.newFromShipped')}
          </Button>
        </div>
        <DefinitionTable kind="notifications" onOpen={(key) => void navigate(editorOf('notifications', key))} />
      </section>
      <section aria-labelledby="texttemplates-reports" className="texttemplates-section">
        <h2 id="texttemplates-reports" className="card-title">
          {t('texttemplates.reports')}
        </h2>
        <Typography.Paragraph type="secondary">{t('texttemplates.reportsHint')}</Typography.Paragraph>
        <DefinitionTable kind="reports" onOpen={(key) => void navigate(editorOf('reports', key))} />
      </section>
      {copying && <NewFromShipped onClose={() => setCopying(false)} onCreated={(key) => void navigate(editorOf('notifications', key))} />}
    </div>
  );
}

/** A new notification template: a copy of an existing one (its draft, newest version, or as shipped) under a new key. */
function NewFromShipped({ onClose, onCreated }: { onClose: () => void; onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ from: string; key: string }>();
  const existing = useQuery({ queryKey: ['authoring', 'notifications', 'list'], queryFn: () => listDefinitions('notifications') });
  const create = useMutation({
    mutationFn: async ({ from, key }: { from: string; key: string }) => {
      const opened = await openDefinition<TextDocument>('notifications', from);
      const original =
        opened?.document ??
        ((await data(api.GET('/api/authoring/notifications/{key}/shipped', { params: { path: { key: from } } }))).document as unknown as TextDocument);
      await saveDraft('notifications', key, copyUnder(original, key), null);
      return key;
    },
    onSuccess: onCreated,
  });
  const keys = (existing.data ?? []).map((d) => d.key);
  return (
    <Modal
      open
      title={t('texttemplates.newFromShipped')}
      okText={t('texttemplates.create')}
      cancelText={t('texttemplates.cancel')}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((values) => create.mutate(values))}
    >
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="from" label={t('texttemplates.copyFrom')} rules={[{ required: true, message: t('texttemplates.copyFromRequired') }]}>
          <Select showSearch loading={existing.isPending} options={keys.map((key) => ({ value: key, label: key }))} placeholder={t('texttemplates.copyFromPlaceholder')} />
        </Form.Item>
        <Form.Item
          name="key"
          label={t('texttemplates.newKey')}
          extra={t('texttemplates.newKeyHint')}
          rules={[
            { required: true, message: t('texttemplates.newKeyRequired') },
            { validator: async (_, value: string) => (value && !isKey(value) ? Promise.reject(new Error(t('texttemplates.newKeyInvalid'))) : undefined) },
            { validator: async (_, value: string) => (value && keys.includes(value) ? Promise.reject(new Error(t('texttemplates.newKeyTaken', { key: value }))) : undefined) },
          ]}
        >
          <Input autoComplete="off" placeholder="task.assigned-brief" />
        </Form.Item>
      </Form>
      {create.isError && <ProblemAlert error={create.error} />}
    </Modal>
  );
}
