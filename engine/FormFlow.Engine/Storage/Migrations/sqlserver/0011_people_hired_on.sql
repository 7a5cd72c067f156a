-- FormFlow schema 11 (SQL Server): the day a person joined the company (入职日期), as yyyy-MM-dd text, when the
-- organisation's file has a hired_on column; conditions read the subject's tenure from it (subject.tenure_months).
ALTER TABLE people ADD hired_on nvarchar(10) NULL;
