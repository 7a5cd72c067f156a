import { Alert, Button, Empty, Segmented, Space, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { useDepartments } from '../cycles/queries';
import { lintDefinition, listDefinitions, type Finding } from '../authoring/definitions';
import { ProblemError } from '../api/problems';
import { useDraftEditor } from '../authoring/useDraftEditor';
import { PublishButton } from '../authoring/PublishButton';
import { SaveState } from '../authoring/SaveState';
import { VersionsButton } from '../authoring/Versions';
import { ChainView, type Selection } from './ChainView';
import { FindingsList } from '../authoring/Findings';
import { pathSegments } from '../authoring/definitions';
import { StepPanel } from './StepPanel';
import { ProcessGraph } from '../dryrun/ProcessGraph';
import { DryRunPanel } from '../dryrun/DryRunPanel';
import type { ProcessDocument } from './document';
import { usePublishedProcess } from './queries';
import { mayAuthor } from './rights';
import './processes.css';

/**
 * /design/processes/:key — the chain designer of one process. Someone who may author it edits its draft (saved as they
 * go, linted as they go, findings on the steps they concern, published when lint has no error); anyone else reads its
 * newest published version, with the reason they may not change it.
 */
export function ProcessEditorPage() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const me = useMe().data;
  const departments = useDepartments();
  const list = useQuery({ queryKey: ['processes', 'list'], queryFn: () => listDefinitions('processes') });
  if (!me || departments.isLoading || list.isLoading) return <Loading />;
  if (list.error) return <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />;
  const summary = list.data?.find((d) => d.key === key);
  if (!summary)
    return (
      <div className="page">
        <BackLink />
        <Empty description={t('processes.notFound', { key })} />
      </div>
    );
  const owner = summary.ownerDepartment ?? undefined;
  const ownerName = owner ? say(departments.data?.find((d) => d.id === owner)?.name) || owner : t('processes.ownerWhole');
  const editable = mayAuthor(me, owner, departments.data ?? []);
  return editable ? <EditProcess processKey={key} ownerName={ownerName} /> : <ReadProcess processKey={key} owner={owner} ownerName={ownerName} />;
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/design/processes" className="back-link">
      <ArrowLeftOutlined aria-hidden /> {t('processes.back')}
    </Link>
  );
}

function Heading({ document, ownerName, actions }: { document: ProcessDocument | undefined; ownerName: string; actions?: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <BackLink />
      <div className="page-heading">
        <Typography.Title level={1}>{say(document?.title) || document?.key}</Typography.Title>
        {actions && <Space wrap>{actions}</Space>}
      </div>
      <Tag>{t('processes.ownerLabel', { owner: ownerName })}</Tag>
    </>
  );
}

type View = 'chain' | 'graph' | 'dry-run';

function EditProcess({ processKey, ownerName }: { processKey: string; ownerName: string }) {
  const { t } = useTranslation();
  const editor = useDraftEditor<ProcessDocument>('processes', processKey);
  const [selected, setSelected] = useState<Selection | null>(null);
  const [view, setView] = useState<View>('chain');
  if (editor.state === 'loading') return <Loading />;
  if (editor.state === 'failed') return <ProblemAlert error={editor.error ?? new Error(t('error.title'))} />;
  if (editor.state === 'missing' || !editor.document)
    return (
      <div className="page">
        <BackLink />
        <Empty description={t('processes.notFound', { key: processKey })} />
      </div>
    );
  const document = editor.document;
  return (
    <div className="page process-editor">
      <Heading
        document={document}
        ownerName={ownerName}
        actions={
          <>
            <SaveState editor={editor} />
            <VersionsButton kind="processes" definitionKey={processKey} />
            <PublishButton editor={editor} />
          </>
        }
      />
      <Segmented
        className="view-switch"
        value={view}
        onChange={(v) => setView(v as View)}
        options={[
          { value: 'chain', label: t('processes.tabChain') },
          { value: 'graph', label: t('processes.tabGraph') },
          { value: 'dry-run', label: t('processes.tabDryRun') },
        ]}
      />
      {view === 'chain' && (
        <ChainView
          document={document}
          findings={editor.findings}
          readOnly={false}
          selected={selected}
          onSelect={setSelected}
          onChange={(next, select) => {
            editor.edit(next);
            if (select) setSelected(select);
          }}
        />
      )}
      {view === 'graph' && (
        <ProcessGraph
          document={document}
          findings={editor.findings}
          selected={selected?.type === 'step' ? selected.id : selected?.type === 'branch' ? selected.decision : null}
          onSelect={(id) => setSelected(document.steps[id]?.kind === 'decision' ? { type: 'branch', decision: id, index: 0 } : { type: 'step', id })}
        />
      )}
      {view === 'dry-run' && <DryRunPanel definition={document} />}
      <div className="process-findings">
        <FindingsList findings={editor.findings} linting={editor.linting} onSelect={(finding) => setSelected(selectionOf(document, finding))} />
      </div>
      {selected && (
        <StepPanel
          document={document}
          selection={selected}
          findings={editor.findings}
          readOnly={false}
          ownerName={ownerName}
          onChange={(next) => editor.edit(next)}
          onClose={() => setSelected(null)}
        />
      )}
    </div>
  );
}

const noFindings: Finding[] = [];

/** Where a finding is on the chain: its step (a decision's branch), else the process itself. */
function selectionOf(document: ProcessDocument, finding: Finding): Selection {
  const [member, id, part, index] = pathSegments(finding.path);
  if (member !== 'steps' || !id || !document.steps[id]) return { type: 'start' };
  if (document.steps[id]!.kind === 'decision' && part === 'branches' && index !== undefined) return { type: 'branch', decision: id, index: Number(index) };
  if (document.steps[id]!.kind === 'decision' && part === 'otherwise') return { type: 'branch', decision: id, index: 'otherwise' };
  return { type: 'step', id };
}

/** A process the person may not author: its newest published version, read only, and why. */
function ReadProcess({ processKey, owner, ownerName }: { processKey: string; owner: string | undefined; ownerName: string }) {
  const { t } = useTranslation();
  const published = usePublishedProcess(processKey, true);
  const [selected, setSelected] = useState<Selection | null>(null);
  const [view, setView] = useState<'chain' | 'graph'>('chain');
  const document = published.data?.document;
  // The API's own words for the refusal, naming the department in the person's language: what a save or a publish
  // would answer. Lint writes nothing, so asking it is harmless; the page never offers the refused action itself.
  const refusal = useQuery({
    queryKey: ['processes', 'refusal', processKey, document],
    enabled: !!document,
    retry: false,
    queryFn: async () => {
      try {
        await lintDefinition('processes', processKey, document);
        return null;
      } catch (error) {
        if (error instanceof ProblemError && error.problem.status === 403) return error.message;
        throw error;
      }
    },
  });
  if (published.isLoading) return <Loading />;
  if (published.error) return <ProblemAlert error={published.error} onRetry={() => void published.refetch()} />;
  const reason = refusal.data
    ? t('processes.readOnlyBecause', { reason: refusal.data })
    : owner
      ? t('processes.readOnly', { owner: ownerName })
      : t('processes.readOnlyWhole');
  return (
    <div className="page process-editor">
      <Heading
        document={document}
        ownerName={ownerName}
        actions={
          <>
            <VersionsButton kind="processes" definitionKey={processKey} />
            <Button type="primary" disabled aria-describedby="process-read-only-reason">
              {t('processes.publish')}
            </Button>
          </>
        }
      />
      <div id="process-read-only-reason">
        <Alert type="warning" showIcon title={reason} role="status" className="read-only-note" />
      </div>
      {document ? (
        <>
          <Segmented
            className="view-switch"
            value={view}
            onChange={(v) => setView(v as 'chain' | 'graph')}
            options={[
              { value: 'chain', label: t('processes.tabChain') },
              { value: 'graph', label: t('processes.tabGraph') },
            ]}
          />
          {view === 'chain' ? (
            <ChainView document={document} findings={noFindings} readOnly selected={selected} onSelect={setSelected} onChange={() => undefined} />
          ) : (
            <ProcessGraph document={document} selected={selected?.type === 'step' ? selected.id : null} onSelect={(id) => setSelected({ type: 'step', id })} />
          )}
          {selected && (
            <StepPanel document={document} selection={selected} findings={noFindings} readOnly ownerName={ownerName} onChange={() => undefined} onClose={() => setSelected(null)} />
          )}
        </>
      ) : (
        <Empty description={t('processes.notFound', { key: processKey })} />
      )}
    </div>
  );
}
