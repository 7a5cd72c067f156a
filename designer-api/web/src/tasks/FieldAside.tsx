import { useState } from 'react';
import { Button, Input } from 'antd';
import { CommentOutlined, DeleteOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { say, type Schemas } from '../api/client';

type Comment = Schemas['CommentResponse'];

interface Props {
  /** The field's label, which names the controls. */
  label: string;
  /** The comments on this field (a return's, the reviewer's). */
  comments: readonly Comment[];
  /** Whether the person may add a comment to it (a reviewer or approver who may return the form). */
  commentable: boolean;
  /** The comment this person is writing on it, sent with a return; undefined when none. */
  draft: string | undefined;
  onDraft(body: string | null): void;
}

/** Below a field: the comments on it, and for a reviewer a button to comment on it, then the comment being written. */
export function FieldAside({ label, comments, commentable, draft, onDraft }: Props) {
  const { t } = useTranslation();
  const [focus, setFocus] = useState(false);
  return (
    <div className="field-aside">
      {comments.length > 0 && (
        <ul className="field-comments" aria-label={t('taskPage.commentsOn', { field: label })}>
          {comments.map((c) => (
            <li key={c.id} className={c.resolved ? 'field-comment resolved' : 'field-comment'}>
              <CommentOutlined aria-hidden className="field-comment-icon" />
              <div>
                <div className="field-comment-author">{t('taskPage.commentBy', { name: say(c.author.name) })}</div>
                <div className="field-comment-body">{c.body}</div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {commentable && draft === undefined && (
        <Button
          type="link"
          className="add-comment"
          icon={<CommentOutlined aria-hidden />}
          aria-label={t('taskPage.addCommentOn', { field: label })}
          onClick={() => {
            setFocus(true);
            onDraft('');
          }}
        >
          {t('taskPage.addComment')}
        </Button>
      )}
      {commentable && draft !== undefined && (
        <div className="comment-editor">
          <Input.TextArea
            aria-label={t('taskPage.commentOnLabel', { field: label })}
            placeholder={t('taskPage.commentPlaceholder')}
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            value={draft}
            autoFocus={focus}
            onChange={(event) => onDraft(event.target.value)}
          />
          <Button icon={<DeleteOutlined aria-hidden />} aria-label={t('taskPage.removeCommentOn', { field: label })} onClick={() => onDraft(null)}>
            {t('taskPage.removeComment')}
          </Button>
        </div>
      )}
    </div>
  );
}
