import { Alert, Card, Col, Empty, Row, Segmented, Select, Space, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { say, type Finding } from '../authoring/definitions';
import { useDraftEditor } from '../authoring/useDraftEditor';
import { CodeEditor } from '../authoring/CodeEditor';
import { FindingBadge, FindingsList } from '../authoring/Findings';
import { PublishButton } from '../authoring/PublishButton';
import { SaveState } from '../authoring/SaveState';
import { VersionsButton } from '../authoring/Versions';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { NotForYou } from '../admin/NotForYou';
import { useMe } from '../signin/me';
import { useCycleChoices, useMessageChoices, useMyMessages, usePersonChoices, usePreview, useShipped, type PreviewSource } from './queries';
import { diagnosticsOf, editorId, languages, partsOf, renderedBy, subjectOf, textOf, withText, type Language, type TextDocument, type TextKind, type TextPart } from './textTemplates';
import { meaningKey, variablesOf } from './variables';
import './texttemplates.css';

/**
 * 编辑通知/报告模板 (`/design/texts/:kind/:key`, HRBP and admin): each text of the template in the kit's Scriban editor,
 * findings at their line, the model's variables beside it, and a live preview in zh-CN and en side by side — against
 * the sample model, or a real report's subject or a real outbox message. Drafts, lint, versions and publishing are the
 * kit's (src/authoring/).
 */
export function TextTemplatePage() {
  const { kind, key } = useParams();
  const roles = useMe().data?.roles;
  if (roles && !roles.some((role) => role === 'admin' || role === 'hrbp')) return <NotForYou />;
  if ((kind !== 'notifications' && kind !== 'reports') || !key) return <NotForYou />;
  return <Opening kind={kind} templateKey={key} />;
}

function Opening({ kind, templateKey }: { kind: TextKind; templateKey: string }) {
  const shipped = useShipped(kind, templateKey);
  if (shipped.isPending) return <Loading />;
  if (shipped.isError) return <ProblemAlert error={shipped.error} onRetry={() => void shipped.refetch()} />;
  return <Editor key={`${kind}/${templateKey}`} kind={kind} templateKey={templateKey} shipped={shipped.data} />;
}

function Editor({ kind, templateKey, shipped }: { kind: TextKind; templateKey: string; shipped: TextDocument | null }) {
  const { t } = useTranslation();
  const editor = useDraftEditor<TextDocument>(kind, templateKey, shipped ? { create: () => structuredClone(shipped) } : undefined);
  const [language, setLanguage] = useState<Language>('zh-CN');
  const sayFinding = (finding: Finding) => say(finding.message);

  if (editor.state === 'loading') return <Loading />;
  if (editor.state === 'failed') return <ProblemAlert error={editor.error ?? new Error(t('error.title'))} />;
  if (editor.state === 'missing' || !editor.document) {
    return (
      <div className="page">
        <BackLink />
        <Empty description={t('texttemplates.missing', { key: templateKey })} />
      </div>
    );
  }
  const document = editor.document;
  const select = (finding: Finding) => {
    if (finding.language !== 'zh-CN' && finding.language !== 'en') return;
    setLanguage(finding.language);
    const part = (finding.part ?? 'text') as TextPart['part'];
    // The tab renders its editors first: look for the editor once it is on screen.
    setTimeout(() => globalThis.document.getElementById(editorId({ language: finding.language as Language, part }))?.scrollIntoView({ block: 'center' }), 50);
  };

  return (
    <div className="page texttemplate-page">
      <BackLink />
      <div className="texttemplate-head">
        <Typography.Title level={1} className="texttemplate-title" translate="no">
          {templateKey}
        </Typography.Title>
        <Space wrap size={[8, 4]}>
          <Tag color={kind === 'notifications' ? 'blue' : 'purple'}>{t(kind === 'notifications' ? 'texttemplates.kind.notification' : 'texttemplates.kind.report')}</Tag>
          {'event' in document && typeof document.event === 'string' && (
            <Tag>
              {t('texttemplates.eventLabel')} <code>{document.event}</code>
            </Tag>
          )}
          {editor.from === 'new' && <Tag>{t('texttemplates.fromShipped')}</Tag>}
        </Space>
      </div>
      <div className="texttemplate-toolbar">
        <SaveState editor={editor as never} />
        <Space wrap>
          <VersionsButton kind={kind} definitionKey={templateKey} />
          <PublishButton editor={editor as never} />
        </Space>
      </div>
      {editor.findings.length > 0 && <FindingsList findings={editor.findings} onSelect={select} linting={editor.linting} />}

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" className="texttemplate-card">
            <Tabs
              activeKey={language}
              onChange={(next) => setLanguage(next as Language)}
              items={languages.map((lang) => ({
                key: lang,
                label: (
                  <span>
                    {t(`texttemplates.language.${lang}`)} <FindingBadge findings={editor.findings.filter((f) => f.language === lang)} />
                  </span>
                ),
                children: partsOf(kind, lang).map((part) => (
                  <div key={part.part} id={editorId(part)} className="texttemplate-part" translate="no">
                    <CodeEditor
                      language="scriban-template"
                      label={t(`texttemplates.part.${part.part}`, { language: t(`texttemplates.language.${lang}`) })}
                      value={textOf(document, part)}
                      onChange={(text) => editor.edit(withText(document, part, text))}
                      diagnostics={diagnosticsOf(editor.findings, part, sayFinding)}
                      minLines={part.part === 'subject' ? 1 : 8}
                    />
                  </div>
                )),
              }))}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Variables kind={kind} templateKey={templateKey} />
        </Col>
      </Row>
      <Preview kind={kind} templateKey={templateKey} document={document} />
    </div>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/design/texts" className="back-link">
      <ArrowLeftOutlined aria-hidden /> {t('texttemplates.back')}
    </Link>
  );
}

function Variables({ kind, templateKey }: { kind: TextKind; templateKey: string }) {
  const { t } = useTranslation();
  const names = variablesOf(kind, templateKey);
  return (
    <Card size="small" className="texttemplate-card" title={<h2 className="card-title">{t('texttemplates.variables')}</h2>}>
      <Typography.Paragraph type="secondary" className="texttemplate-hint">
        {/* The hint shows Scriban's own {{ }}: not i18next's placeholders. */}
        {t(kind === 'notifications' ? 'texttemplates.variablesNotification' : 'texttemplates.variablesReport', { skipInterpolation: true })}
      </Typography.Paragraph>
      <dl className="texttemplate-variables">
        {names.map((name) => (
          <div key={name}>
            <dt>
              <code>{`{{ ${name} }}`}</code>
            </dt>
            <dd>{t(meaningKey(kind, templateKey, name))}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function Preview({ kind, templateKey, document }: { kind: TextKind; templateKey: string; document: TextDocument }) {
  const { t } = useTranslation();
  const isAdmin = useMe().data?.roles?.includes('admin') ?? false;
  const [real, setReal] = useState(false);
  const [chosen, setChosen] = useState<string>();
  const source: PreviewSource = !real || !chosen ? { sample: true } : kind === 'notifications' ? { messageId: chosen } : { subject: chosen };
  const preview = usePreview(kind, templateKey, document, source);
  const rendered = renderedBy(preview.data?.texts ?? []);
  const failed = preview.data?.findings.some((f) => f.severity === 'error');

  return (
    <Card size="small" className="texttemplate-card texttemplate-preview" title={<h2 className="card-title">{t('texttemplates.preview')}</h2>}>
      <div className="texttemplate-source">
        <Segmented
          aria-label={t('texttemplates.previewOver')}
          value={real ? 'real' : 'sample'}
          onChange={(value) => setReal(value === 'real')}
          options={[
            { value: 'sample', label: t('texttemplates.sample') },
            { value: 'real', label: t('texttemplates.real') },
          ]}
        />
        {real && <RealChoice kind={kind} templateKey={templateKey} document={document} isAdmin={isAdmin} value={chosen} onChange={setChosen} />}
      </div>
      {preview.isError && <ProblemAlert error={preview.error} />}
      {failed && <Alert type="warning" showIcon title={t('texttemplates.previewFindings')} className="texttemplate-hint" />}
      <Row gutter={[16, 16]} aria-busy={preview.isFetching}>
        {languages.map((lang) => (
          <Col xs={24} lg={12} key={lang}>
            <section aria-label={t('texttemplates.previewIn', { language: t(`texttemplates.language.${lang}`) })} className="texttemplate-rendered" lang={lang}>
              <h3 className="texttemplate-rendered-title">{t(`texttemplates.language.${lang}`)}</h3>
              {preview.isPending ? (
                <Loading />
              ) : kind === 'notifications' ? (
                <Mail subject={rendered(lang, 'subject')} body={rendered(lang, 'body')} />
              ) : rendered(lang, 'html') !== undefined ? (
                <iframe className="texttemplate-report" sandbox="" srcDoc={rendered(lang, 'html')} title={t('texttemplates.reportIn', { key: templateKey, language: t(`texttemplates.language.${lang}`) })} />
              ) : (
                <Typography.Text type="secondary">{t('texttemplates.notRendered')}</Typography.Text>
              )}
            </section>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** A notification as its mail reads: the subject, then the plain-text body. */
function Mail({ subject, body }: { subject?: string; body?: string }) {
  const { t } = useTranslation();
  return (
    <div className="texttemplate-mail">
      <div className="texttemplate-mail-subject">
        <span className="texttemplate-mail-label">{t('texttemplates.mailSubject')}</span> {subject ?? <em>{t('texttemplates.notRendered')}</em>}
      </div>
      <pre className="texttemplate-mail-body">{body ?? t('texttemplates.notRendered')}</pre>
    </div>
  );
}

function RealChoice({
  kind,
  templateKey,
  document,
  isAdmin,
  value,
  onChange,
}: {
  kind: TextKind;
  templateKey: string;
  document: TextDocument;
  isAdmin: boolean;
  value?: string;
  onChange: (value: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const byCycle = kind === 'reports' && subjectOf(templateKey) === 'cycle';
  const cycles = useCycleChoices(byCycle);
  const people = usePersonChoices(kind === 'reports' && !byCycle);
  const event = 'event' in document && typeof document.event === 'string' ? document.event : undefined;
  // An administrator chooses among everyone's messages; anyone else among the ones sent to them.
  const messages = useMessageChoices(kind === 'notifications' && isAdmin);
  const mine = useMyMessages(event, kind === 'notifications' && !isAdmin);

  const options =
    kind === 'notifications'
      ? isAdmin
        ? (messages.data?.items ?? [])
            .filter((m) => m.event === event)
            .map((m) => ({ value: m.id, label: t('texttemplates.messageChoice', { name: say(m.recipient.name), at: new Date(m.queuedAt).toLocaleString() }) }))
        : (mine.data ?? []).map((m) => ({ value: m.id, label: t('texttemplates.myMessageChoice', { process: m.process ?? '—', at: new Date(m.queuedAt).toLocaleString() }) }))
      : byCycle
        ? (cycles.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))
        : (people.data?.items ?? []).map((p) => ({ value: p.id, label: `${say(p.name)} (${p.id})` }));
  const loading = messages.isFetching || mine.isFetching || cycles.isFetching || people.isFetching;
  const label = t(kind === 'notifications' ? 'texttemplates.chooseMessage' : byCycle ? 'texttemplates.chooseCycle' : 'texttemplates.choosePerson');
  return (
    <Select
      className="texttemplate-subject"
      aria-label={label}
      placeholder={label}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      loading={loading}
      value={value}
      onChange={(next) => onChange(next ?? undefined)}
      options={options}
      notFoundContent={loading ? <Loading /> : t(kind === 'notifications' && !isAdmin ? 'texttemplates.noMessagesOfMine' : 'texttemplates.noChoices')}
    />
  );
}
