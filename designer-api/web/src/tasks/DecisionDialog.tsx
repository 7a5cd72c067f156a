import { useRef, useState } from 'react';
import { Alert, Input, Modal } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useTranslation } from 'react-i18next';
import type { Problem } from '../api/problems';

export type Decision = 'approve' | 'confirm' | 'return';

interface Props {
  decision: Decision;
  stepTitle: string;
  subject: string;
  /** The comments on fields written on the page, sent with a return. */
  comments: readonly { field: string; name: string; body: string }[];
  commentable: boolean;
  busy: boolean;
  onCancel(): void;
  /** Sends the decision; answers the problem when the server refused the return's reason or comments. */
  onDecide(reason: string): Promise<Problem | null>;
}

/** Asks before a decision: approve or confirm as they are, or return with a reason (and the comments on fields). */
export function DecisionDialog({ decision, stepTitle, subject, comments, commentable, busy, onCancel, onDecide }: Props) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const [refused, setRefused] = useState<Problem | null>(null);
  const returning = decision === 'return';
  const reasonInput = useRef<TextAreaRef>(null);
  const written = comments.filter((c) => c.body.trim() !== '');

  const decide = async () => {
    if (returning && reason.trim() === '') {
      setMissing(true);
      return;
    }
    const problem = await onDecide(reason.trim());
    setRefused(problem && problem.status === 400 ? problem : null);
  };
  const reasonErrors = refused?.errors?.['/reason']?.map((e) => e.message) ?? [];
  const otherErrors = Object.entries(refused?.errors ?? {})
    .filter(([pointer]) => pointer !== '/reason')
    .flatMap(([, errors]) => errors.map((e) => e.message));

  return (
    <Modal
      open
      title={t(`taskPage.dialog.${decision}.title`)}
      okText={t(`taskPage.dialog.${decision}.ok`)}
      cancelText={t('taskPage.dialog.cancel')}
      okButtonProps={{ danger: returning, size: 'large' }}
      cancelButtonProps={{ size: 'large' }}
      confirmLoading={busy}
      onOk={() => void decide()}
      onCancel={onCancel}
      destroyOnHidden
      // The reason is what a return asks for: the caret goes there once the dialog is open (the dialog takes the focus
      // for itself as it opens, after the field's own autoFocus when nothing slides in).
      afterOpenChange={(open) => {
        if (open) reasonInput.current?.focus();
      }}
    >
      {/* A confirmation is returned with a reason only: it takes no comments on fields. */}
      <p>{t(returning && !commentable ? 'taskPage.dialog.return.bodyReasonOnly' : `taskPage.dialog.${decision}.body`, { step: stepTitle, subject })}</p>
      {returning && (
        <div className="return-form">
          <label htmlFor="return-reason" className="return-label">
            {t('taskPage.dialog.reason')} <span aria-hidden className="group-required">*</span>
          </label>
          <Input.TextArea
            ref={reasonInput}
            id="return-reason"
            required
            aria-required
            aria-invalid={missing || reasonErrors.length > 0}
            aria-describedby={missing || reasonErrors.length > 0 ? 'return-reason-error' : undefined}
            status={missing || reasonErrors.length > 0 ? 'error' : undefined}
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            value={reason}
            autoFocus
            onChange={(event) => {
              setReason(event.target.value);
              setMissing(false);
            }}
          />
          {(missing || reasonErrors.length > 0) && (
            <div id="return-reason-error" className="return-error" role="alert">
              {missing ? t('taskPage.dialog.reasonMissing') : reasonErrors.join(' ')}
            </div>
          )}
          {commentable && (
            <div className="return-comments">
              <div className="return-label">{t('taskPage.dialog.comments', { count: written.length })}</div>
              {written.length > 0 ? (
                <ul>
                  {written.map((c) => (
                    <li key={c.field}>
                      <strong>{c.name}</strong>: {c.body}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="return-hint">{t('taskPage.dialog.commentsHint')}</p>
              )}
            </div>
          )}
          {otherErrors.length > 0 && <Alert type="error" showIcon title={otherErrors.join(' ')} />}
        </div>
      )}
    </Modal>
  );
}
