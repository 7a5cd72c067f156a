import './authoring.css';
import { Alert, Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DraftEditor } from './useDraftEditor';
import { formatTime } from './when';

/** Where the draft stands: saved at, saving, not saved (and why), or a conflict with the author's choice. */
export function SaveState({ editor }: { editor: DraftEditor<unknown> }) {
  const { t, i18n } = useTranslation();
  if (editor.save === 'conflict') {
    return (
      <Alert
        type="warning"
        showIcon
        role="alert"
        title={t('authoring.save.conflict')}
        action={
          <Space wrap>
            <Button size="small" type="primary" onClick={() => void editor.keepMine().catch(() => undefined)}>
              {t('authoring.save.keepMine')}
            </Button>
            <Button size="small" onClick={() => window.location.reload()}>
              {t('authoring.save.takeTheirs')}
            </Button>
          </Space>
        }
      />
    );
  }
  if (editor.save === 'failed') {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('authoring.save.failed', { reason: editor.saveError?.message ?? '' })}
        action={
          <Button size="small" onClick={() => void editor.flush().catch(() => undefined)}>
            {t('authoring.save.retry')}
          </Button>
        }
      />
    );
  }
  const text =
    editor.save === 'saving'
      ? t('authoring.save.saving')
      : editor.save === 'pending'
        ? t('authoring.save.pending')
        : editor.savedAt
          ? t('authoring.save.saved', { time: formatTime(editor.savedAt, i18n.language) })
          : t('authoring.save.savedNothing');
  return (
    <Typography.Text type="secondary" role="status" aria-live="polite" className="save-state">
      {text}
    </Typography.Text>
  );
}
