import { Alert, Button, Form, Input, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { ArrowLeftOutlined, DownloadOutlined, PlusOutlined, UploadOutlined, InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { listDefinitions, saveDraft } from '../authoring/definitions';
import { ProblemAlert } from '../layout/ProblemAlert';
import { NotForYou } from '../admin/NotForYou';
import { useMe } from '../signin/me';
import { useDepartments } from '../cycles/queries';
import { blankIndicator, filterLibrary, isIndicatorKey, shown, valuesIn, type LibraryFilter, type PublishedIndicator } from './library';
import { downloadLibrary, importSheet, sheetProblems, useLibrary } from './queries';
import './indicators.css';

const editorOf = (key: string) => `/design/indicators/${encodeURIComponent(key)}`;

/**
 * 指标库 (`/design/indicators`, HRBPs and administrators): the published indicators with filters by department, level
 * and role family and a search; each opens in the editor (drafts, lint, versions and publishing are the authoring
 * kit's). The library goes out as an Excel workbook and comes back in one, checked and previewed before it is published.
 */
export function IndicatorsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const roles = useMe().data?.roles;
  const library = useLibrary();
  const drafts = useQuery({ queryKey: ['authoring', 'indicators', 'list'], queryFn: () => listDefinitions('indicators') });
  const departments = useDepartments();
  const [filter, setFilter] = useState<LibraryFilter>({});
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const exporting = useMutation({ mutationFn: () => downloadLibrary(i18n.language.startsWith('en') ? 'indicators.xlsx' : '指标库.xlsx') });
  const parents = useMemo(() => new Map((departments.data ?? []).map((d) => [d.id, d.parentId])), [departments.data]);
  const departmentName = (id: string) => {
    const found = departments.data?.find((d) => d.id === id);
    return found ? (i18n.language.startsWith('en') ? found.name.en : found.name['zh-CN']) : id;
  };
  if (roles && !roles.some((role) => role === 'admin' || role === 'hrbp')) return <NotForYou />;

  const all = library.data ?? [];
  const values = valuesIn(all);
  const shownRows = filterLibrary(all, filter, parents);
  const published = new Set(all.map((i) => i.key));
  const draftOnly = (drafts.data ?? []).filter((d) => d.hasDraft && !published.has(d.key));
  const hasDraft = new Set((drafts.data ?? []).filter((d) => d.hasDraft).map((d) => d.key));
  const text = (value: { 'zh-CN': string; en: string }) => (i18n.language.startsWith('en') ? value.en : value['zh-CN']);
  const familyName = (family: string) => t(`indicators.roleFamily.${family}`, { defaultValue: family });

  return (
    <div className="page indicators-page">
      <Link to="/design" className="back-link">
        <ArrowLeftOutlined aria-hidden /> {t('indicators.backToDesign')}
      </Link>
      <div className="indicators-head">
        <Typography.Title level={1}>{t('indicators.title')}</Typography.Title>
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
            {t('indicators.new')}
          </Button>
          <Button icon={<DownloadOutlined aria-hidden />} loading={exporting.isPending} onClick={() => exporting.mutate()}>
            {t('indicators.export')}
          </Button>
          <Button icon={<UploadOutlined aria-hidden />} onClick={() => setImporting(true)}>
            {t('indicators.import')}
          </Button>
        </Space>
      </div>
      <Typography.Paragraph type="secondary">{t('indicators.intro')}</Typography.Paragraph>
      {exporting.isError && <ProblemAlert error={exporting.error} />}
      {library.isError && <ProblemAlert error={library.error} onRetry={() => void library.refetch()} />}

      <div className="indicators-filters" role="search">
        <Select
          allowClear
          aria-label={t('indicators.filter.department')}
          placeholder={t('indicators.filter.department')}
          value={filter.department}
          onChange={(department?: string) => setFilter({ ...filter, department })}
          options={(departments.data ?? []).map((d) => ({ value: d.id, label: departmentName(d.id) }))}
        />
        <Select
          allowClear
          aria-label={t('indicators.filter.level')}
          placeholder={t('indicators.filter.level')}
          value={filter.level}
          onChange={(level?: string) => setFilter({ ...filter, level })}
          options={values.levels.map((l) => ({ value: l, label: l }))}
        />
        <Select
          allowClear
          aria-label={t('indicators.filter.roleFamily')}
          placeholder={t('indicators.filter.roleFamily')}
          value={filter.roleFamily}
          onChange={(roleFamily?: string) => setFilter({ ...filter, roleFamily })}
          options={values.roleFamilies.map((f) => ({ value: f, label: familyName(f) }))}
        />
        <Input.Search
          allowClear
          aria-label={t('indicators.filter.search')}
          placeholder={t('indicators.filter.search')}
          value={filter.search ?? ''}
          onChange={(e) => setFilter({ ...filter, search: e.target.value })}
        />
      </div>

      <Table<PublishedIndicator>
        rowKey="key"
        size="middle"
        loading={library.isPending}
        dataSource={shownRows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('indicators.empty') }}
        onRow={(row) => ({ onClick: () => void navigate(editorOf(row.key)), className: 'indicators-row' })}
        columns={[
          {
            title: t('indicators.column.name'),
            key: 'name',
            render: (_, row) => (
              <div className="indicators-name">
                <Link to={editorOf(row.key)} onClick={(e) => e.stopPropagation()}>
                  {text(row.name)}
                </Link>{' '}
                {hasDraft.has(row.key) && <Tag color="orange">{t('indicators.draftTag')}</Tag>}
                <div className="indicators-key" translate="no">
                  {row.key}
                </div>
              </div>
            ),
          },
          { title: t('indicators.column.unit'), dataIndex: 'unit', key: 'unit' },
          { title: t('indicators.column.direction'), key: 'direction', render: (_, row) => t(`indicators.direction.${row.direction}`) },
          { title: t('indicators.column.frequency'), key: 'frequency', render: (_, row) => t(`indicators.frequency.${row.frequency}`) },
          {
            title: t('indicators.column.target'),
            key: 'target',
            render: (_, row) => (
              <span>
                {shown(row.target)} / {shown(row.threshold)}
                {row.grades.length > 0 && <div className="indicators-key">{t('indicators.graded', { count: row.grades.length })}</div>}
              </span>
            ),
          },
          {
            title: t('indicators.column.appliesTo'),
            key: 'appliesTo',
            render: (_, row) => {
              const tags = [
                ...row.appliesTo.roleFamilies.map((f) => <Tag key={`f-${f}`} color="blue">{familyName(f)}</Tag>),
                ...row.appliesTo.departments.map((d) => <Tag key={`d-${d}`}>{departmentName(d)}</Tag>),
                ...row.appliesTo.levels.map((l) => <Tag key={`l-${l}`}>{l}</Tag>),
              ];
              return tags.length > 0 ? <Space size={[0, 4]} wrap>{tags}</Space> : <span className="indicators-key">{t('indicators.anyone')}</span>;
            },
          },
          { title: t('indicators.column.version'), dataIndex: 'version', key: 'version', align: 'right' },
        ]}
      />

      {draftOnly.length > 0 && (
        <section aria-labelledby="indicators-drafts" className="indicators-drafts">
          <h2 id="indicators-drafts" className="card-title">
            {t('indicators.drafts')}
          </h2>
          <Space wrap>
            {draftOnly.map((d) => (
              <Link key={d.key} to={editorOf(d.key)}>
                <Tag color="orange" translate="no">
                  {d.key}
                </Tag>
              </Link>
            ))}
          </Space>
        </section>
      )}
      {creating && <NewIndicator taken={[...published, ...(drafts.data ?? []).map((d) => d.key)]} onClose={() => setCreating(false)} onCreated={(key) => void navigate(editorOf(key))} />}
      {importing && <ImportSheet onClose={() => setImporting(false)} />}
    </div>
  );
}

/** A new indicator: its key and names, saved as its first draft, then opened in the editor. */
function NewIndicator({ taken, onClose, onCreated }: { taken: string[]; onClose: () => void; onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ key: string; nameZh: string; nameEn: string }>();
  const create = useMutation({
    mutationFn: async ({ key, nameZh, nameEn }: { key: string; nameZh: string; nameEn: string }) => {
      await saveDraft('indicators', key, blankIndicator(key, nameZh.trim(), nameEn.trim()), null);
      return key;
    },
    onSuccess: onCreated,
  });
  return (
    <Modal
      open
      title={t('indicators.new')}
      okText={t('indicators.create')}
      cancelText={t('indicators.cancel')}
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((values) => create.mutate(values))}
    >
      <Form form={form} layout="vertical" requiredMark className="indicators-new">
        <Form.Item
          name="key"
          label={t('indicators.newKey')}
          extra={t('indicators.newKeyHint')}
          rules={[
            { required: true, message: t('indicators.newKeyRequired') },
            { validator: async (_, value: string) => (value && !isIndicatorKey(value) ? Promise.reject(new Error(t('indicators.newKeyInvalid'))) : undefined) },
            { validator: async (_, value: string) => (value && taken.includes(value) ? Promise.reject(new Error(t('indicators.newKeyTaken', { key: value }))) : undefined) },
          ]}
        >
          <Input autoComplete="off" placeholder="code-review-speed" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('indicators.newNameZh')} rules={[{ required: true, whitespace: true, message: t('indicators.newNameZh') }]}>
          <Input autoComplete="off" maxLength={50} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('indicators.newNameEn')} rules={[{ required: true, whitespace: true, message: t('indicators.newNameEn') }]}>
          <Input autoComplete="off" maxLength={50} />
        </Form.Item>
      </Form>
      {create.isError && <ProblemAlert error={create.error} />}
    </Modal>
  );
}

/** 导入: choose a sheet, check it (every bad row named, nothing written) and preview each row's change, then publish. */
function ImportSheet({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const check = useMutation({ mutationFn: () => importSheet(file!, false) });
  const apply = useMutation({
    mutationFn: () => importSheet(file!, true),
    onSuccess: () => void queries.invalidateQueries({ queryKey: ['indicators'] }),
  });
  const problems = sheetProblems(check.error ?? apply.error);
  const rows = (apply.data ?? check.data)?.rows ?? [];
  const changes = rows.filter((r) => r.change !== 'unchanged').length;
  const choose = (chosen: File | null) => {
    setFile(chosen);
    check.reset();
    apply.reset();
  };
  return (
    <Modal
      open
      width={720}
      title={t('indicators.importTitle')}
      onCancel={onClose}
      footer={
        <Space wrap>
          <Button onClick={onClose}>{t('indicators.cancel')}</Button>
          <Button disabled={!file} loading={check.isPending} onClick={() => check.mutate()}>
            {t('indicators.importCheck')}
          </Button>
          <Button type="primary" disabled={!check.isSuccess || changes === 0 || apply.isSuccess} loading={apply.isPending} onClick={() => apply.mutate()}>
            {t('indicators.importApply')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('indicators.importIntro')}</Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t('indicators.sheetHelp')}</Typography.Paragraph>
      <Upload.Dragger
        accept=".xlsx,.csv"
        maxCount={1}
        beforeUpload={(chosen) => {
          choose(chosen);
          return false;
        }}
        onRemove={() => choose(null)}
        fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p>{t('indicators.importChoose')}</p>
      </Upload.Dragger>
      {problems.length > 0 && (
        <Alert
          className="indicators-import-result"
          type="error"
          showIcon
          title={t('indicators.importProblems', { count: problems.length })}
          description={
            <ul className="indicators-problems">
              {problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          }
        />
      )}
      {(check.isError || apply.isError) && problems.length === 0 && <ProblemAlert error={(check.error ?? apply.error)!} />}
      {apply.isSuccess && <Alert className="indicators-import-result" type="success" showIcon title={t('indicators.importDone', { published: changes })} />}
      {check.isSuccess && !apply.isSuccess && changes === 0 && <Alert className="indicators-import-result" type="info" showIcon title={t('indicators.importNothing')} />}
      {rows.length > 0 && (
        <Table
          className="indicators-import-result"
          size="small"
          rowKey="row"
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('indicators.column.row'), dataIndex: 'row', key: 'row', width: 64 },
            { title: t('indicators.column.key'), dataIndex: 'key', key: 'key', render: (key: string) => <span translate="no">{key}</span> },
            {
              title: t('indicators.column.change'),
              dataIndex: 'change',
              key: 'change',
              render: (change: string) => <Tag color={change === 'new' ? 'green' : change === 'changed' ? 'orange' : undefined}>{t(`indicators.change.${change}`)}</Tag>,
            },
            { title: t('indicators.column.version'), dataIndex: 'version', key: 'version', render: (v?: number | null) => v ?? '–' },
          ]}
        />
      )}
    </Modal>
  );
}
