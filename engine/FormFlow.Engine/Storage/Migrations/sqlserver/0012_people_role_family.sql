-- FormFlow schema 12 (SQL Server): the person's role family (岗位类别, e.g. sales-rep), when the organisation's file
-- has a role_family column; the indicator library proposes the indicators of a role family (docs/indicators.md).
ALTER TABLE people ADD role_family nvarchar(64) NULL;
