-- FormFlow schema 4: a person's level (职级, e.g. P6, M2), as the organisation's file names it; cycles may be
-- launched for the people of some levels only. Empty when the file has no level column.
ALTER TABLE people ADD level nvarchar(64) NULL;
