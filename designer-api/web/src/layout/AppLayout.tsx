import { Layout, Grid, Typography, Button } from 'antd';
import { AimOutlined, CheckSquareOutlined, PlusCircleOutlined, FundOutlined, TeamOutlined, UserOutlined, ApiOutlined, SettingOutlined, BuildOutlined, SlidersOutlined, LineChartOutlined } from '@ant-design/icons';
import { Link, Outlet, useLocation, useMatch } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { say } from '../api/client';
import { useMe } from '../signin/me';
import { LanguageSwitch } from './LanguageSwitch';
import { designPlaces } from '../authoring/places';
import { useStartable } from '../start/queries';

interface Place {
  key: string;
  path: string;
  label: string;
  icon: ReactNode;
  /** In the side menu only: the phone's tab bar keeps to the few places people use daily. */
  desktopOnly?: boolean;
}

/**
 * The places of the main navigation for a person: 待办 for all, 周期 or 团队 by role — a department head both: their
 * team, and the cycles of their departments they watch — KPI (the board and entering actuals) for all, 发起 for those who may start a process on demand, 设计 for those
 * who author (HRBPs, admins, department heads), 我的 for all.
 */
export function usePlaces(): Place[] {
  const { t } = useTranslation();
  const me = useMe().data;
  const roles = me?.roles ?? [];
  const heads = (me?.headOf ?? []).length > 0;
  const startable = (useStartable().data?.items ?? []).length > 0;
  const places: Place[] = [{ key: 'tasks', path: '/tasks', label: t('nav.tasks'), icon: <CheckSquareOutlined /> }];
  if (roles.includes('hrbp') || roles.includes('admin')) {
    places.push({ key: 'cycles', path: '/cycles', label: t('nav.cycles'), icon: <TeamOutlined /> });
  } else {
    if (roles.includes('manager') || heads) places.push({ key: 'team', path: '/team', label: t('nav.team'), icon: <TeamOutlined /> });
    if (heads) places.push({ key: 'cycles', path: '/cycles', label: t('nav.cycles'), icon: <FundOutlined /> });
  }
  places.push({ key: 'kpi', path: '/kpi', label: t('nav.kpi'), icon: <LineChartOutlined /> });
  // Calibration: the HRBPs and administrators who open it, the department heads who work in it. Off the phone's
  // tab bar, which has room for five or six; on a phone it opens from the cycle page.
  if (roles.includes('hrbp') || roles.includes('admin') || heads) {
    places.push({ key: 'calibration', path: '/calibrations', label: t('nav.calibration'), icon: <SlidersOutlined />, desktopOnly: true });
  }
  if (startable) places.push({ key: 'start', path: '/start', label: t('nav.start'), icon: <PlusCircleOutlined /> });
  if (designPlaces(roles, heads).length > 0) places.push({ key: 'design', path: '/design', label: t('nav.design'), icon: <BuildOutlined /> });
  if (designPlaces(roles, heads).includes('indicators')) places.push({ key: 'indicators', path: '/design/indicators', label: t('nav.indicators'), icon: <AimOutlined />, desktopOnly: true });
  if (roles.includes('admin')) places.push({ key: 'admin', path: '/admin', label: t('nav.admin'), icon: <SettingOutlined /> });
  places.push({ key: 'me', path: '/me', label: t('nav.me'), icon: <UserOutlined /> });
  return places;
}

/**
 * The frame of every signed-in page. Desktop: a side menu and a top bar. Phone (below 768 px): the top bar and a
 * bottom tab bar (待办 · 周期/团队 · 发起 · 我的), hidden on a task page, whose own action bar takes the bottom.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const desktop = screens.md ?? false;
  const places = usePlaces();
  const location = useLocation();
  const onTask = useMatch('/tasks/:id') !== null;
  const me = useMe();
  const roles = me.data?.roles ?? [];
  // The place whose path matches most of the address: 指标库 (/design/indicators) rather than 设计 (/design).
  const current =
    places
      .filter((p) => location.pathname === p.path || location.pathname.startsWith(p.path + '/'))
      .sort((a, b) => b.path.length - a.path.length)
      .find((p) => desktop || !p.desktopOnly)?.key ?? 'tasks';

  const reference = roles.includes('admin') || roles.includes('hrbp');

  return (
    <Layout className="app">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      {desktop && (
        <Layout.Sider width={216} theme="light" className="app-sider">
          <div className="app-brand">{t('app.name')}</div>
          <nav aria-label={t('nav.main')}>
            <ul className="side-menu">
              {places.map((p) => (
                <li key={p.key}>
                  <Link to={p.path} className={p.key === current ? 'current' : undefined} aria-current={p.key === current ? 'page' : undefined}>
                    <span aria-hidden>{p.icon}</span> {p.label}
                  </Link>
                </li>
              ))}
              {reference && (
                <li>
                  <a href="/api-reference/">
                    <span aria-hidden>
                      <ApiOutlined />
                    </span>{' '}
                    {t('nav.apiReference')}
                  </a>
                </li>
              )}
            </ul>
          </nav>
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="app-header">
          {/* A phone's header has room for the short name beside the language switch and the person's name. */}
          {!desktop && <span className="app-brand-small">{t('app.nameShort')}</span>}
          <span className="app-header-fill" />
          <LanguageSwitch />
          {me.data && (
            <span className="app-person" title={say(me.data.name)}>
              {say(me.data.name)}
            </span>
          )}
        </Layout.Header>
        <Layout.Content id="main" tabIndex={-1} className={desktop ? 'app-content' : onTask ? 'app-content phone task' : 'app-content phone'}>
          <Outlet />
        </Layout.Content>
      </Layout>
      {!desktop && !onTask && (
        <nav className="tab-bar" aria-label={t('nav.main')}>
          {places.filter((p) => !p.desktopOnly).map((p) => (
            <Link key={p.key} to={p.path} className={p.key === current ? 'tab current' : 'tab'} aria-current={p.key === current ? 'page' : undefined}>
              <span className="tab-icon" aria-hidden>
                {p.icon}
              </span>
              <span>{p.label}</span>
            </Link>
          ))}
        </nav>
      )}
    </Layout>
  );
}

/** A page that does not exist. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <Typography.Title level={1}>{t('error.notFoundPage')}</Typography.Title>
      <Link to="/tasks">
        <Button type="primary">{t('error.home')}</Button>
      </Link>
    </div>
  );
}
