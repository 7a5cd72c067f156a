import { lazy, Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../authoring/definitions';
import { layoutProcess } from './layout';

export interface ProcessGraphProps {
  /** A process document (`{ start, steps: { id: { kind, title, next, … } } }`), draft or published. */
  document: unknown;
  /** The step chosen, shown highlighted. */
  selected?: string | null;
  /** Called with a step's id when it is clicked, or chosen with Enter or Space. */
  onSelect: (stepId: string) => void;
  /** Lint findings: a step with findings under `steps.<id>` is marked and its count shown. */
  findings?: Finding[];
}

// React Flow is loaded with the chart only, in a chunk of its own: no other page carries it.
const View = lazy(() => import('./ProcessGraphView').then((m) => ({ default: m.ProcessGraphView })));

/**
 * The chart of a process: a card per step (its kind, its title in the page's language, who acts), its connections
 * (next, branches with their conditions, 其他情况, returns dashed, a parallel's join), laid out top-down, fitted to
 * the view with zoom controls. Steps are reached with Tab and chosen with a click, Enter or Space. The pages that show
 * it load the `dryrun` texts.
 */
export function ProcessGraph(props: ProcessGraphProps) {
  const { t } = useTranslation();
  const layout = useMemo(() => layoutProcess(props.document), [props.document]);
  // Tall enough that a long process stays readable when fitted (at least about 0.8 of its size up to 880 px); the
  // zoom controls do the rest.
  const height = Math.round(Math.min(880, Math.max(240, layout.height + 40)));
  return (
    <div className="process-graph" style={{ height }}>
      <Suspense fallback={<p className="graph-loading">{t('graph.loading')}</p>}>
        <View {...props} />
      </Suspense>
    </div>
  );
}
