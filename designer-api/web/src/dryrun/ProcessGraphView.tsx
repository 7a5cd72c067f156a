import {
  AuditOutlined,
  BellOutlined,
  BranchesOutlined,
  CheckCircleOutlined,
  ClockCircleOutlined,
  FileTextOutlined,
  FlagOutlined,
  ForkOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  PlayCircleOutlined,
  QuestionCircleOutlined,
  SafetyCertificateOutlined,
  SyncOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, useReactFlow, useStore, type Edge, type FitViewOptions, type Node, type NodeProps } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { say, type Texts } from '../api/client';
import { findingsUnder, type Finding } from '../authoring/definitions';
import { FindingBadge } from '../authoring/Findings';
import { assigneesOf, layoutProcess, nodeHeight, nodeWidth, stepsOf, type EdgeKind } from './layout';
import type { ProcessGraphProps } from './ProcessGraph';
import './dryrun.css';

const icons: Record<string, ReactNode> = {
  form: <FileTextOutlined />,
  review: <AuditOutlined />,
  approval: <CheckCircleOutlined />,
  confirmation: <SafetyCertificateOutlined />,
  'for-each': <TeamOutlined />,
  recurring: <SyncOutlined />,
  decision: <BranchesOutlined />,
  parallel: <ForkOutlined />,
  join: <NodeIndexOutlined />,
  wait: <ClockCircleOutlined />,
  notify: <BellOutlined />,
  announce: <NotificationOutlined />,
  'start-process': <PlayCircleOutlined />,
  end: <FlagOutlined />,
};

const knownKinds = new Set(Object.keys(icons));

type StepData = {
  kind: string;
  kindLabel: string;
  title: string;
  who: string;
  findings: Finding[];
  selected: boolean;
};

type StepNode = Node<StepData, 'step'>;

/** One step on the chart: its kind's icon and name, its title in the page's language, who acts, its lint findings. */
function StepCard({ data }: NodeProps<StepNode>) {
  const errors = data.findings.some((f) => f.severity === 'error');
  const marked = data.findings.length > 0 ? (errors ? ' has-errors' : ' has-warnings') : '';
  return (
    <div className={`graph-step kind-${knownKinds.has(data.kind) ? data.kind : 'unknown'}${data.selected ? ' is-selected' : ''}${marked}`}>
      <Handle type="target" position={Position.Top} id="in" isConnectable={false} />
      <Handle type="target" position={Position.Right} id="back-in" isConnectable={false} />
      <Handle type="target" position={Position.Left} id="skip-in" isConnectable={false} />
      <div className="graph-step-head">
        <span className="graph-step-icon" aria-hidden>
          {icons[data.kind] ?? <QuestionCircleOutlined />}
        </span>
        <span className="graph-step-kind">{data.kindLabel}</span>
        {data.findings.length > 0 && <FindingBadge findings={data.findings} />}
      </div>
      <div className="graph-step-title">{data.title}</div>
      {data.who && <div className="graph-step-who">{data.who}</div>}
      <Handle type="source" position={Position.Bottom} id="out" isConnectable={false} />
      <Handle type="source" position={Position.Right} id="back-out" isConnectable={false} />
      <Handle type="source" position={Position.Left} id="skip-out" isConnectable={false} />
    </div>
  );
}

const nodeTypes = { step: StepCard };

const fitOptions: FitViewOptions = { padding: 0.1, maxZoom: 1 };

// Fits the chart again when its frame changes size (a phone turned, a window narrowed): React Flow fits it once only.
function FitOnResize() {
  const { fitView } = useReactFlow();
  const width = useStore((state) => state.width);
  const height = useStore((state) => state.height);
  useEffect(() => {
    if (width > 0 && height > 0) void fitView(fitOptions);
  }, [width, height, fitView]);
  return null;
}

/** Who acts at a step, in the page's language: the relations, roles and named people it names (the author, then → the reviewer). */
export function whoOf(step: Record<string, unknown>, t: TFunction): string {
  const relation = (name: string) =>
    name.startsWith('role:')
      ? t('graph.who.role', { role: t(`role.${name.slice('role:'.length)}`, { defaultValue: name.slice('role:'.length) }) })
      : name.startsWith('person:')
        ? t('graph.who.person', { id: name.slice('person:'.length) })
        : t(`graph.who.${name}`, { defaultValue: name });
  if (step.kind === 'for-each') return t('graph.who.people');
  if (step.kind === 'review' && typeof step.author === 'string' && typeof step.reviewer === 'string')
    return [step.author, step.reviewer].map(relation).join(t('graph.whoThen'));
  return assigneesOf(step).map(relation).join(t('graph.whoJoin'));
}

const shorten = (text: string, most = 36) => (text.length > most ? `${text.slice(0, most - 1)}…` : text);

const edgeStyle: Record<EdgeKind, { stroke: string; strokeDasharray?: string }> = {
  next: { stroke: '#595959' },
  branch: { stroke: '#0958d9' },
  otherwise: { stroke: '#0958d9' },
  return: { stroke: '#d46b08', strokeDasharray: '6 4' },
  parallel: { stroke: '#531dab' },
  join: { stroke: '#531dab', strokeDasharray: '2 4' },
};

export function ProcessGraphView({ document, selected, onSelect, findings = [] }: ProcessGraphProps) {
  const { t, i18n } = useTranslation();
  const layout = useMemo(() => layoutProcess(document), [document]);

  const nodes = useMemo<StepNode[]>(() => {
    const steps = new Map(stepsOf(document));
    return layout.steps.map((placed) => {
      const step = steps.get(placed.id)!;
      const title = step.title && typeof step.title === 'object' ? say(step.title as Texts) || placed.id : placed.id;
      const kindLabel = t(`graph.kind.${knownKinds.has(placed.kind) ? placed.kind : 'unknown'}`);
      const who = whoOf(step, t);
      const own = findingsUnder(findings, 'steps', placed.id);
      const isSelected = placed.id === selected;
      const ariaLabel =
        (who ? t('graph.nodeWho', { kind: kindLabel, title, who }) : t('graph.node', { kind: kindLabel, title })) +
        (own.length > 0 ? t('graph.nodeFindings', { count: own.length }) : '') +
        (isSelected ? t('graph.nodeSelected') : '');
      return {
        id: placed.id,
        type: 'step',
        position: { x: placed.x, y: placed.y },
        data: { kind: placed.kind, kindLabel, title, who, findings: own, selected: isSelected },
        width: nodeWidth,
        height: nodeHeight,
        ariaLabel,
        // A group named by its kind, title and who acts: a button's name would have to be its visible text alone.
        ariaRole: 'group',
        draggable: false,
        connectable: false,
        deletable: false,
      };
    });
    // i18n.language: the titles and names follow a switch of language.
  }, [document, layout, findings, selected, t, i18n.language]);

  const edges = useMemo<Edge[]>(() => {
    const layer = new Map(layout.steps.map((s) => [s.id, s.layer]));
    return layout.edges.map((edge) => {
        const label =
          edge.kind === 'branch'
            ? shorten(edge.condition ?? '')
            : edge.kind === 'otherwise'
              ? t('graph.otherwise')
              : edge.kind === 'return'
                ? t('graph.returnTo')
                : edge.kind === 'join'
                  ? t('graph.join')
                  : undefined;
        // Returns go up on the right; a forward edge passing rows goes down on the left, not through the steps between.
        const side = edge.kind === 'return' ? 'back' : layer.get(edge.target)! - layer.get(edge.source)! > 1 ? 'skip' : null;
        return {
          id: edge.id,
          source: edge.source,
          target: edge.target,
          sourceHandle: side ? `${side}-out` : 'out',
          targetHandle: side ? `${side}-in` : 'in',
          type: 'smoothstep',
          label,
          ...(label ? { ariaLabel: `${edge.source} → ${edge.target}: ${edge.kind === 'branch' ? (edge.condition ?? '') : label}` } : {}),
          labelStyle: { fontSize: 11 },
          labelBgPadding: [4, 2] as [number, number],
          style: edgeStyle[edge.kind],
          markerEnd: { type: MarkerType.ArrowClosed, color: edgeStyle[edge.kind].stroke },
          focusable: false,
          selectable: false,
          deletable: false,
        };
      });
  }, [layout, t, i18n.language]);

  if (layout.steps.length === 0) return <p className="graph-empty">{t('graph.empty')}</p>;

  // A focused step is chosen with Enter or Space, as a click chooses it.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    const id = (event.target as HTMLElement).closest<HTMLElement>('.react-flow__node')?.dataset.id;
    if (id) {
      event.preventDefault();
      onSelect(id);
    }
  };

  return (
    <ReactFlow
      className="process-graph-flow"
      nodes={nodes}
      edges={edges}
      nodeTypes={nodeTypes}
      onNodeClick={(_, node) => onSelect(node.id)}
      onKeyDown={onKeyDown}
      nodesDraggable={false}
      nodesConnectable={false}
      elementsSelectable={false}
      nodesFocusable
      edgesFocusable={false}
      deleteKeyCode={null}
      fitView
      fitViewOptions={fitOptions}
      minZoom={0.2}
      maxZoom={2}
      panOnScroll={false}
      zoomOnScroll={false}
      preventScrolling={false}
      ariaLabelConfig={{
        'node.a11yDescription.default': t('graph.nodeHint'),
        'node.a11yDescription.keyboardDisabled': t('graph.nodeHint'),
        'node.a11yDescription.ariaLiveMessage': ({ x, y }) => t('graph.moved', { x, y }),
        'edge.a11yDescription.default': t('graph.edgeHint'),
        'controls.ariaLabel': t('graph.controls'),
        'controls.zoomIn.ariaLabel': t('graph.zoomIn'),
        'controls.zoomOut.ariaLabel': t('graph.zoomOut'),
        'controls.fitView.ariaLabel': t('graph.fitView'),
        'controls.interactive.ariaLabel': t('graph.interactive'),
      }}
    >
      <Background gap={24} size={1} />
      <Controls showInteractive={false} position="top-right" fitViewOptions={fitOptions} />
      <FitOnResize />
    </ReactFlow>
  );
}
