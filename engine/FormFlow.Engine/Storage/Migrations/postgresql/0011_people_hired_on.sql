-- FormFlow schema 11: the day a person joined the company (入职日期), as yyyy-MM-dd text, when the organisation's
-- file has a hired_on column; conditions read the subject's tenure from it (subject.tenure_months). NULL otherwise.
ALTER TABLE people ADD COLUMN hired_on text NULL;
