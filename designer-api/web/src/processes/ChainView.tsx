import { Alert, Button, Dropdown, Popconfirm, Typography } from 'antd';
import { BranchesOutlined, DeleteOutlined, PlusOutlined, RollbackOutlined, WarningOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { findingsUnder, type Finding } from '../authoring/definitions';
import { FindingBadge } from '../authoring/Findings';
import { addableKinds, addBranch, insertStep, removeBranch, removeStep, toChain, type AddableKind, type ChainBranch, type ChainNode, type Pointer } from './chain';
import { templateKey, type Branch, type ProcessDocument, type StepKind } from './document';
import { usePublishedTemplates } from './queries';
import type { WordsLanguage } from './durations';
import { optionWordsOf } from './formFields';
import { ruleLine } from './summary';
import { startersLine, startersOf } from './starters';

/** What the author has open in the panel: the start (the process itself), a step, or a branch of a decision. */
export type Selection = { type: 'start' } | { type: 'step'; id: string } | { type: 'branch'; decision: string; index: number | 'otherwise' };

/** The members of the document the start card stands for: the process itself rather than one of its steps. */
export const processMembers = ['key', 'title', 'description', 'ownerDepartment', 'forms', 'start', 'startableBy', 'notifications'];

/** The findings the start card carries: those on the process's own members, and those that name no place. */
export function startFindings(findings: Finding[]): Finding[] {
  return findings.filter((f) => !f.path || f.path === '$' || f.path === '/' || processMembers.some((m) => findingsUnder([f], m).length > 0));
}

interface ChainProps {
  document: ProcessDocument;
  findings: Finding[];
  readOnly: boolean;
  selected: Selection | null;
  onSelect: (selection: Selection) => void;
  onChange: (document: ProcessDocument, select?: Selection) => void;
}

/** A step's kind as a small label, coloured by kind (dark text on a light ground, readable at 12 px). */
function KindTag({ kind, children }: { kind: StepKind | 'start' | 'decision'; children: React.ReactNode }) {
  return <span className={`kind-tag kind-tag-${kind}`}>{children}</span>;
}

/**
 * The DingTalk-style chain: 发起 at the top, a card per step with its kind and its rule in one line, "+" between the
 * cards, a decision's branches side by side (each with its condition on top, 其他情况 last) meeting below, 结束 at the
 * bottom. Steps no path reaches are listed below it, so that none is lost.
 */
export function ChainView(props: ChainProps) {
  const { t } = useTranslation();
  const chain = toChain(props.document);
  return (
    <section className="chain-view" aria-label={t('processes.tabChain')}>
      {!chain.fits && <Alert type="info" showIcon title={t('processes.graphNote')} className="chain-note" />}
      <div className="chain">
        <StartCard {...props} />
        <Nodes nodes={chain.nodes} {...props} />
      </div>
      {chain.apart.length > 0 && (
        <section className="chain-apart" aria-label={t('processes.apart')}>
          <Typography.Title level={3}>{t('processes.apart')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('processes.apartHelp')}</Typography.Paragraph>
          <div className="chain">
            {chain.apart.map((id) => (
              <StepCard key={id} id={id} {...props} />
            ))}
          </div>
        </section>
      )}
    </section>
  );
}

function Nodes({ nodes, ...props }: ChainProps & { nodes: ChainNode[] }) {
  return (
    <>
      {nodes.map((node, i) => {
        const target = node.type === 'jump' || node.type === 'missing' ? (node.to ?? null) : node.id;
        return (
          <div key={`${node.type}-${target ?? i}-${i}`} className="chain-item">
            {node.via.length > 0 && <AddButton via={node.via} next={node.type === 'missing' ? null : target} {...props} />}
            <NodeView node={node} {...props} />
          </div>
        );
      })}
    </>
  );
}

function NodeView({ node, ...props }: ChainProps & { node: ChainNode }) {
  const { t } = useTranslation();
  const titleOf = (id: string) => say(props.document.steps[id]?.title) || id;
  switch (node.type) {
    case 'step':
      return <StepCard id={node.id} {...props} />;
    case 'end':
      return (
        <div className="chain-end">
          {t('processes.end')}
        </div>
      );
    case 'jump':
      return (
        <div className="chain-jump">
          <RollbackOutlined aria-hidden /> {t('processes.jump', { step: titleOf(node.to) })}
        </div>
      );
    case 'missing':
      return (
        <div className="chain-jump chain-missing">
          <WarningOutlined aria-hidden /> {node.to ? t('processes.missing', { step: node.to }) : t('processes.missingNone')}
        </div>
      );
    case 'split':
      return <SplitView node={node} {...props} />;
  }
}

function AddButton({ via, next, document, readOnly, onChange }: ChainProps & { via: Pointer[]; next: string | null }) {
  const { t } = useTranslation();
  if (readOnly) return <div className="chain-line" aria-hidden />;
  const add = (kind: AddableKind) => {
    const { document: changed, id } = insertStep(document, via, next, kind);
    onChange(changed, kind === 'decision' ? { type: 'branch', decision: id, index: 0 } : { type: 'step', id });
  };
  return (
    <div className="chain-line">
      <Dropdown
        trigger={['click']}
        menu={{
          items: addableKinds.map((kind) => ({
            key: kind,
            label: (
              <span className="add-choice">
                <span>{t(`processes.kind.${kind}`)}</span>
                <Typography.Text type="secondary">{t(`processes.kindHelp.${kind}`)}</Typography.Text>
              </span>
            ),
          })),
          onClick: ({ key }) => add(key as AddableKind),
        }}
      >
        <Button shape="circle" size="small" icon={<PlusOutlined />} aria-label={t('processes.add')} className="chain-add" />
      </Dropdown>
    </div>
  );
}

function StartCard({ document, findings, selected, onSelect }: ChainProps) {
  const { t } = useTranslation();
  const templates = usePublishedTemplates();
  const forms = Object.entries(document.forms).map(([form, written]) => say(templates.data?.find((tpl) => tpl.key === templateKey(written))?.title) || form);
  const starters = startersLine(startersOf(document), t);
  return (
    <div className="chain-item">
      <button
        type="button"
        className={`step-card start-card${selected?.type === 'start' ? ' selected' : ''}`}
        onClick={() => onSelect({ type: 'start' })}
      >
        <span className="step-card-head">
          <KindTag kind="start">{t('processes.start')}</KindTag>
          <span className="step-card-title">{say(document.title) || document.key}</span>
          <FindingBadge findings={startFindings(findings)} />
        </span>
        <span className="step-card-rule">
          {t('processes.startRule')}
          {forms.length > 0 ? ` · ${t('processes.forms.list', { forms: forms.join(t('processes.rule.and')) })}` : ''}
        </span>
        {starters && <span className="step-card-rule start-card-starters">{starters}</span>}
      </button>
    </div>
  );
}

function StepCard({ id, document, findings, readOnly, selected, onSelect, onChange }: ChainProps & { id: string }) {
  const { t, i18n } = useTranslation();
  const templates = usePublishedTemplates();
  const step = document.steps[id];
  if (!step) return null;
  const title = say(step.title) || t(`processes.kind.${step.kind}`, { defaultValue: step.kind });
  const template = templates.data?.find((tpl) => tpl.key === templateKey(step.form ? document.forms[step.form] : undefined));
  const isSelected = selected?.type === 'step' && selected.id === id;
  return (
    <div className="step-card-wrap">
      <button
        type="button"
        className={`step-card kind-${step.kind}${isSelected ? ' selected' : ''}`}
        onClick={() => onSelect({ type: 'step', id })}
        data-step={id}
      >
        <span className="step-card-head">
          <KindTag kind={step.kind}>{t(`processes.kind.${step.kind}`, { defaultValue: step.kind })}</KindTag>
          <span className="step-card-title">{title}</span>
          <FindingBadge findings={findingsUnder(findings, 'steps', id)} />
        </span>
        <span className="step-card-rule">{ruleLine(step, t, i18n.language as WordsLanguage, optionWordsOf(template, (text) => say(text)))}</span>
      </button>
      {!readOnly && step.kind !== 'end' && (
        <Popconfirm title={t('processes.removeConfirm', { step: title })} okText={t('processes.ok')} cancelText={t('processes.cancel')} onConfirm={() => onChange(removeStep(document, id))}>
          <Button type="text" size="small" className="step-card-remove" icon={<DeleteOutlined />} aria-label={`${t('processes.remove')} ${title}`} />
        </Popconfirm>
      )}
    </div>
  );
}

function SplitView({ node, ...props }: ChainProps & { node: Extract<ChainNode, { type: 'split' }> }) {
  const { t } = useTranslation();
  const { document, findings, readOnly, onChange, onSelect } = props;
  const step = document.steps[node.id]!;
  const title = say(step.title) || t(`processes.kind.${node.kind}`);
  return (
    <div className="chain-split" role="group" aria-label={title}>
      <div className="split-head">
        <KindTag kind="decision">
          <BranchesOutlined aria-hidden /> {node.kind === 'decision' ? t('processes.kind.decision') : t('processes.parallel')}
        </KindTag>
        <FindingBadge findings={findingsUnder(findings, 'steps', node.id)} />
        {!readOnly && node.kind === 'decision' && (
          <Button size="small" icon={<PlusOutlined />} onClick={() => onChange(addBranch(document, node.id), { type: 'branch', decision: node.id, index: (step.branches ?? []).length })}>
            {t('processes.addBranch')}
          </Button>
        )}
        {!readOnly && (
          <Popconfirm title={t('processes.removeSplitConfirm')} okText={t('processes.ok')} cancelText={t('processes.cancel')} onConfirm={() => onChange(removeStep(document, node.id))}>
            <Button type="text" size="small" icon={<DeleteOutlined />} aria-label={`${t('processes.remove')} ${title}`} />
          </Popconfirm>
        )}
        {node.kind === 'parallel' && (
          <Button type="link" size="small" onClick={() => onSelect({ type: 'step', id: node.id })}>
            {t('processes.edit')}
          </Button>
        )}
      </div>
      <div className="split-branches">
        {node.branches.map((branch) => (
          <div className="split-branch" key={String(branch.index)}>
            {node.kind === 'decision' && <ConditionCard decision={node.id} branch={branch} {...props} />}
            <div className="chain">
              <Nodes nodes={branch.nodes} {...props} />
              {branch.exits.length > 0 && <AddButton via={branch.exits} next={node.converge} {...props} />}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

function ConditionCard({ decision, branch, document, findings, readOnly, selected, onSelect, onChange }: ChainProps & { decision: string; branch: ChainBranch }) {
  const { t } = useTranslation();
  const otherwise = branch.index === 'otherwise';
  const count = ((document.steps[decision]?.branches ?? []) as Branch[]).length;
  const name = otherwise ? t('processes.otherwise') : t('processes.branchName', { n: (branch.index as number) + 1 });
  const isSelected = selected?.type === 'branch' && selected.decision === decision && selected.index === branch.index;
  const mine = otherwise ? findingsUnder(findings, 'steps', decision, 'otherwise') : findingsUnder(findings, 'steps', decision, 'branches', String(branch.index));
  return (
    <div className="condition-wrap">
      <button
        type="button"
        className={`step-card condition-card${isSelected ? ' selected' : ''}`}
        onClick={() => onSelect({ type: 'branch', decision, index: branch.index })}
      >
        <span className="step-card-head">
          <span className="step-card-title">{name}</span>
          <FindingBadge findings={mine} />
        </span>
        <span className={`step-card-rule${!otherwise && !branch.when ? ' condition-empty' : ''}`}>
          {otherwise ? t('processes.otherwiseRule') : branch.when || t('processes.conditionEmpty')}
        </span>
      </button>
      {!readOnly && !otherwise && count > 1 && (
        <Popconfirm title={t('processes.removeBranch')} okText={t('processes.ok')} cancelText={t('processes.cancel')} onConfirm={() => onChange(removeBranch(document, decision, branch.index as number))}>
          <Button type="text" size="small" className="step-card-remove" icon={<DeleteOutlined />} aria-label={`${t('processes.removeBranch')} ${name}`} />
        </Popconfirm>
      )}
    </div>
  );
}
