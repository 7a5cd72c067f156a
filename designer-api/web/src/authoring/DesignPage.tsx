import './authoring.css';
import { Card, Col, Row, Typography } from 'antd';
import { AppstoreOutlined, ApartmentOutlined, AimOutlined, FormOutlined, MailOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { useMe } from '../signin/me';
import { NotForYou } from '../admin/NotForYou';
import { designPlaces } from './places';

const icons: Record<string, ReactNode> = {
  templates: <FormOutlined />,
  processes: <ApartmentOutlined />,
  texts: <MailOutlined />,
  indicators: <AimOutlined />,
  app: <AppstoreOutlined />,
};

/** 设计: the designers a person may use, each with what it is for. */
export function DesignPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  const places = designPlaces(me?.roles ?? [], (me?.headOf ?? []).length > 0);
  if (me && places.length === 0) return <NotForYou />;
  return (
    <div className="page design-page">
      <Typography.Title level={1}>{t('authoring.design')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('authoring.designIntro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {places.map((place) => (
          <Col key={place} xs={24} md={12}>
            <Link to={`/design/${place}`} className="design-place">
              <Card hoverable>
                <Card.Meta
                  avatar={<span className="design-place-icon" aria-hidden>{icons[place]}</span>}
                  title={<h2 className="design-place-title">{t(`authoring.place.${place}`)}</h2>}
                  description={t(`authoring.place.${place}Text`)}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </div>
  );
}
