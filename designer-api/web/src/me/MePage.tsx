import { Button, Descriptions, Space, Tag, Typography } from 'antd';
import { ApiOutlined, LogoutOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import { LanguageSwitch } from '../layout/LanguageSwitch';
import { Loading } from '../layout/Loading';
import { ProblemAlert } from '../layout/ProblemAlert';
import { useMe } from '../signin/me';
import { useSession } from '../signin/session';

/** 我的: who I am, the language, the API reference, signing out. */
export function MePage() {
  const { t } = useTranslation();
  const me = useMe();
  const session = useSession();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ProblemAlert error={me.error} onRetry={() => void me.refetch()} />;
  const person = me.data;
  return (
    <div className="page">
      <Typography.Title level={1}>{say(person.name)}</Typography.Title>
      <Descriptions column={1} bordered size="middle">
        <Descriptions.Item label={t('me.department')}>{person.department ? say(person.department.name) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('me.roles')}>
          {person.roles.map((role) => (
            <Tag key={role}>{t(`role.${role}`, { defaultValue: role })}</Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('me.email')}>{person.email}</Descriptions.Item>
        <Descriptions.Item label={t('language.label')}>
          <LanguageSwitch />
        </Descriptions.Item>
      </Descriptions>
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
