import { Result } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/** A page for other roles, opened by someone without them: says so and leads home (the API refuses them anyway). */
export function NotForYou() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <Result status="403" title={<h1 className="result-title">{t('hrbp.notForYou')}</h1>} subTitle={t('hrbp.notForYouHint')} extra={<Link to="/tasks">{t('error.home')}</Link>} />
    </div>
  );
}
