import { Alert, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { ProblemError } from '../api/problems';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { useDepartments } from '../cycles/queries';
import { listDefinitions, saveDraft } from '../authoring/definitions';
import { DefinitionTable } from '../authoring/DefinitionTable';
import { usePublishedProcesses } from '../cycles/queries';
import { newProcess } from './document';
import { mayAuthorAny, mayAuthorWholeOrganisation, ownerChoices, validKey } from './rights';
import './processes.css';

/** The value of the owner select for a process of the whole organisation (a department id is never empty). */
const whole = '';

/** 流程设计: the processes the person may see, with their owning department, and 新建流程 for those who may author one. */
export function ProcessesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;
  const departments = useDepartments();
  const processes = usePublishedProcesses();
  const [creating, setCreating] = useState(false);
  const mayCreate = !!me && !!departments.data && mayAuthorAny(me, departments.data);

  return (
    <div className="page processes-page">
      <div className="page-heading">
        <Typography.Title level={1}>{t('processes.title')}</Typography.Title>
        {mayCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('processes.new')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('processes.intro')}</Typography.Paragraph>
      <DefinitionTable
        kind="processes"
        onOpen={(key) => navigate(`/design/processes/${encodeURIComponent(key)}`)}
        title={(key) => say(processes.data?.find((p) => p.key === key)?.title) || key}
        ownerName={(id) => say(departments.data?.find((d) => d.id === id)?.name) || id}
      />
      {creating && me && departments.data && (
        <NewProcessDialog
          whole={mayAuthorWholeOrganisation(me)}
          departments={ownerChoices(me, departments.data)}
          onClose={() => setCreating(false)}
          onCreated={(key) => navigate(`/design/processes/${encodeURIComponent(key)}`)}
        />
      )}
    </div>
  );
}

interface NewProcess {
  key: string;
  zh: string;
  en: string;
  owner: string;
}

/**
 * 新建流程: key, title in both languages, and the owning department among those the person may author. The draft is
 * saved at once; the API has the last word on the owner (403 with its reason, shown here).
 */
function NewProcessDialog({
  whole: mayWhole,
  departments,
  onClose,
  onCreated,
}: {
  whole: boolean;
  departments: { id: string; name: { 'zh-CN': string; en: string }; parentId?: string }[];
  onClose: () => void;
  onCreated: (key: string) => void;
}) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [form] = Form.useForm<NewProcess>();
  const create = useMutation({
    mutationFn: async (values: NewProcess) => {
      const key = values.key.trim();
      const existing = await listDefinitions('processes');
      if (existing.some((d) => d.key === key)) {
        form.setFields([{ name: 'key', errors: [t('processes.keyTaken', { key })] }]);
        return null;
      }
      const document = newProcess(key, { 'zh-CN': values.zh.trim(), en: values.en.trim() }, values.owner || undefined);
      await saveDraft('processes', key, document, null);
      return key;
    },
    onSuccess: (key) => {
      if (!key) return;
      void queries.invalidateQueries();
      onCreated(key);
    },
  });
  const owners = [
    ...(mayWhole ? [{ value: whole, label: t('processes.ownerWhole') }] : []),
    ...departments.map((d) => ({ value: d.id, label: say(d.name) })),
  ];

  return (
    <Modal
      open
      title={t('processes.newTitle')}
      okText={t('processes.create')}
      cancelText={t('processes.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okButtonProps={{ disabled: owners.length === 0 }}
    >
      {owners.length === 0 ? (
        <Alert type="info" showIcon title={t('processes.noOwnerChoice')} />
      ) : (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ key: '', zh: '', en: '', owner: owners[0]!.value }}
          onFinish={(values) => create.mutate(values)}
        >
          <Form.Item
            name="key"
            label={t('processes.key')}
            extra={t('processes.keyHelp')}
            rules={[
              { required: true, message: t('processes.required', { field: t('processes.key') }) },
              { validator: (_, value: string) => (!value || validKey(value.trim()) ? Promise.resolve() : Promise.reject(new Error(t('processes.keyInvalid')))) },
            ]}
          >
            <Input autoComplete="off" spellCheck={false} />
          </Form.Item>
          <Form.Item name="zh" label={t('processes.titleZh')} rules={[{ required: true, whitespace: true, message: t('processes.required', { field: t('processes.titleZh') }) }]}>
            <Input />
          </Form.Item>
          <Form.Item name="en" label={t('processes.titleEn')} rules={[{ required: true, whitespace: true, message: t('processes.required', { field: t('processes.titleEn') }) }]}>
            <Input />
          </Form.Item>
          <Form.Item name="owner" label={t('processes.owner')} extra={t('processes.ownerHelp')}>
            <Select options={owners} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
        </Form>
      )}
      {create.error && <ProblemAlert error={create.error instanceof ProblemError ? create.error : new Error(String(create.error))} />}
    </Modal>
  );
}
