import './authoring.css';
import { useState } from 'react';
import { Alert, Button, Modal, Tooltip } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../layout/ProblemAlert';
import { errorsIn, findingsOf, listVersions, publishDraft, type Finding } from './definitions';
import { FindingsList } from './Findings';
import type { DraftEditor } from './useDraftEditor';

/**
 * Publishes the draft as the next version: refused while lint has errors (the button says why), after a confirmation
 * saying which version it becomes; a refusal by the server (422) shows its findings right here.
 */
export function PublishButton({ editor, onPublished }: { editor: DraftEditor<unknown>; onPublished?: (version: number) => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<{ findings: Finding[]; error?: Error }>();
  const [asking, setAsking] = useState<number>();
  const [done, setDone] = useState<number>();
  const errors = errorsIn(editor.findings).length;
  const nothing = (editor.from === 'published' || editor.from === 'new') && editor.save === 'saved';
  const blocked = errors > 0 ? t('authoring.publish.blocked', { count: errors }) : editor.linting ? t('authoring.publish.checking') : nothing ? t('authoring.publish.nothing') : undefined;

  async function ask() {
    setRefusal(undefined);
    setDone(undefined);
    let next = 1;
    try {
      next = ((await listVersions(editor.kind, editor.key)).at(-1)?.version ?? 0) + 1;
    } catch {
      // A key never published has no versions (404): this is its first.
    }
    setAsking(next);
  }

  async function publish() {
    setAsking(undefined);
    setBusy(true);
    try {
      await editor.flush();
      const published = await publishDraft(editor.kind, editor.key);
      editor.markPublished(published.version);
      // Lists and versions refresh behind: the author is told at once, not after every list has been read again.
      void queries.invalidateQueries({ queryKey: ['authoring'] });
      // What other pages read of the kind (the launch wizard's published processes, the templates a step may fill) is
      // read again too: a process published here is launched next.
      void queries.invalidateQueries({ queryKey: [editor.kind] });
      setDone(published.version);
      onPublished?.(published.version);
    } catch (cause) {
      setRefusal({ findings: findingsOf(cause), error: cause as Error });
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Tooltip title={blocked}>
        <Button type="primary" loading={busy} disabled={blocked !== undefined} onClick={() => void ask()} aria-describedby={blocked ? 'publish-blocked' : undefined}>
          {t('authoring.publish.action')}
        </Button>
      </Tooltip>
      {blocked && errors > 0 && (
        <span id="publish-blocked" className="publish-blocked" role="status">
          {blocked}
        </span>
      )}
      <Modal
        open={asking !== undefined}
        title={t('authoring.publish.confirmTitle')}
        okText={t('authoring.publish.ok')}
        cancelText={t('authoring.publish.cancel')}
        onOk={() => void publish()}
        onCancel={() => setAsking(undefined)}
      >
        {asking === 1 ? t('authoring.publish.confirmFirst') : t('authoring.publish.confirmText', { version: asking })}
      </Modal>
      {done !== undefined && (
        <Alert type="success" showIcon role="status" className="publish-done" title={t('authoring.publish.done', { version: done })} closable={{ onClose: () => setDone(undefined) }} />
      )}
      {refusal &&
        (refusal.findings.length > 0 ? (
          <Alert
            type="error"
            showIcon
            role="alert"
            className="publish-refusal"
            title={t('authoring.publish.refused')}
            description={<FindingsList findings={refusal.findings} />}
            closable={{ onClose: () => setRefusal(undefined) }}
          />
        ) : (
          refusal.error && <ProblemAlert error={refusal.error} />
        ))}
    </>
  );
}
