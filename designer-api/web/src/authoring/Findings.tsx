import './authoring.css';
import { Badge, Empty, List, Space, Tag, Tooltip, Typography } from 'antd';
import { CloseCircleFilled, WarningFilled } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { say } from '../api/client';
import type { Finding } from './definitions';

function where(finding: Finding, t: (key: string, options?: Record<string, unknown>) => string) {
  const parts: string[] = [];
  if (finding.file) parts.push(t('authoring.findings.inFile', { file: finding.file }));
  if (finding.language || finding.part) parts.push([finding.part, finding.language].filter(Boolean).join(' · '));
  if (finding.line) parts.push(t('authoring.findings.at', { line: finding.line, column: finding.column ?? 1 }));
  return parts.join(' · ');
}

/** The findings of a check, errors first, in the page's language, each with its code and where it is. */
export function FindingsList({ findings, onSelect, linting }: { findings: readonly Finding[]; onSelect?: (finding: Finding) => void; linting?: boolean }) {
  const { t } = useTranslation();
  const sorted = [...findings].sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  return (
    <section aria-label={t('authoring.findings.title')} className="findings">
      <Space size="small" wrap>
        <Typography.Text strong>{t('authoring.findings.title')}</Typography.Text>
        {errors > 0 && <Tag color="error">{t('authoring.findings.errors', { count: errors })}</Tag>}
        {warnings > 0 && <Tag color="warning">{t('authoring.findings.warnings', { count: warnings })}</Tag>}
        {linting && <Typography.Text type="secondary">{t('authoring.findings.checking')}</Typography.Text>}
      </Space>
      {findings.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('authoring.findings.none')} />
      ) : (
        <List
          size="small"
          dataSource={sorted}
          renderItem={(finding) => {
            const error = finding.severity === 'error';
            const body = (
              <Space align="start">
                {error ? (
                  <CloseCircleFilled style={{ color: '#cf1322' }} aria-label={t('authoring.findings.error')} role="img" />
                ) : (
                  <WarningFilled style={{ color: '#ad6800' }} aria-label={t('authoring.findings.warning')} role="img" />
                )}
                <span>
                  <span className="finding-message">{say(finding.message)}</span>
                  <br />
                  <Typography.Text type="secondary" className="finding-where">
                    {[finding.code, where(finding, t)].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </span>
              </Space>
            );
            return (
              <List.Item className={error ? 'finding finding-error' : 'finding finding-warning'}>
                {onSelect ? (
                  <button type="button" className="finding-link" onClick={() => onSelect(finding)}>
                    {body}
                  </button>
                ) : (
                  body
                )}
              </List.Item>
            );
          }}
        />
      )}
    </section>
  );
}

/** A small count of the findings on a field or a step: red with errors, orange with warnings only, nothing without. */
export function FindingBadge({ findings }: { findings: readonly Finding[] }) {
  const { t } = useTranslation();
  if (findings.length === 0) return null;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const label = t('authoring.findings.badge', { errors, warnings });
  return (
    <Tooltip title={findings.map((f) => say(f.message)).join('\n')}>
      <Badge count={findings.length} color={errors > 0 ? '#cf1322' : '#ad6800'} aria-label={label} title={label} className="finding-badge" />
    </Tooltip>
  );
}
