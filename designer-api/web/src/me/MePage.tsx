import { Button, Card, Descriptions, Space, Tag, Typography } from 'antd';
import { ApiOutlined, FileTextOutlined, LogoutOutlined, MessageOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { useSession } from '../signin/session';
import { PreferencesCard } from './PreferencesCard';

/** 我的: who I am, the language, my notification preferences, my history and 360 feedback, signing out. */
export function MePage() {
  const { t } = useTranslation();
  const me = useMe();
  const session = useSession();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />;
  const person = me.data;
  return (
    <div className="page me-page">
      <Typography.Title level={1}>{say(person.name)}</Typography.Title>
      <Card title={<h2 className="card-title">{t('me.profile')}</h2>} className="me-card">
        <Descriptions column={1} size="middle">
          <Descriptions.Item label={t('me.department')}>{person.department ? say(person.department.name) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('me.roles')}>
            {person.roles.map((role) => (
              <Tag key={role}>{t(`role.${role}`, { defaultValue: role })}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('me.email')}>{person.email}</Descriptions.Item>
          <Descriptions.Item label={t('language.label')}>
            <Space direction="vertical" size={4}>
              <LanguageSwitch />
              <Typography.Text type="secondary" className="me-hint-line">
                {t('me.languageHint')}
              </Typography.Text>
            </Space>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <nav aria-label={t('me.records')} className="me-links">
        <Link to="/me/history" className="me-link">
          <FileTextOutlined aria-hidden />
          <span className="me-link-text">
            <span className="me-link-title">{t('me.history.title')}</span>
            <span className="me-link-hint">{t('me.history.hint')}</span>
          </span>
          <RightOutlined aria-hidden />
        </Link>
        <Link to="/me/feedback" className="me-link">
          <MessageOutlined aria-hidden />
          <span className="me-link-text">
            <span className="me-link-title">{t('me.feedback.title')}</span>
            <span className="me-link-hint">{t('me.feedback.hint')}</span>
          </span>
          <RightOutlined aria-hidden />
        </Link>
      </nav>
      <PreferencesCard />
      <Space direction="vertical" size="middle" className="me-actions">
        <div>
          <Button href="/api-reference/" icon={<ApiOutlined />} size="large">
            {t('nav.apiReference')}
          </Button>
          <Typography.Text type="secondary" className="me-hint">
            {t('me.apiReferenceHint')}
          </Typography.Text>
        </div>
        <Button danger size="large" icon={<LogoutOutlined />} onClick={() => void session.signOut()}>
          {t('signin.signOut')}
        </Button>
      </Space>
    </div>
  );
}
