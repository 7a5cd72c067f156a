import { Card, Typography } from 'antd';
import { ApartmentOutlined, MailOutlined, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMe } from '../signin/me';
import { NotForYou } from './NotForYou';
import './admin.css';

/** 系统设置 (administrators): the organisation import and the outbox of notifications. */
export function AdminPage() {
  const { t } = useTranslation();
  const roles = useMe().data?.roles;
  if (roles && !roles.includes('admin')) return <NotForYou />;
  const places = [
    { to: '/admin/organisation', icon: <ApartmentOutlined />, title: t('hrbp.importTitle'), text: t('hrbp.importSummary') },
    { to: '/admin/outbox', icon: <MailOutlined />, title: t('hrbp.outboxTitle'), text: t('hrbp.outboxSummary') },
  ];
  return (
    <div className="page admin-page">
      <Typography.Title level={1}>{t('hrbp.adminTitle')}</Typography.Title>
      <ul className="admin-places">
        {places.map((p) => (
          <li key={p.to}>
            <Link to={p.to} className="admin-place">
              <Card size="small" hoverable>
                <span className="admin-place-icon" aria-hidden>
                  {p.icon}
                </span>
                <span className="admin-place-text">
                  <span className="admin-place-title">{p.title}</span>
                  <span className="admin-place-hint">{p.text}</span>
                </span>
                <RightOutlined aria-hidden />
              </Card>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
