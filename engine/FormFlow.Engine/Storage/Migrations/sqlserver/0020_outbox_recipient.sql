-- FormFlow schema 20 (SQL Server): nothing changes. The other dialects index the outbox by recipient; here
-- outbox.recipient is nvarchar(max), which cannot be an index key, and changing its type was not tried on a server
-- (none runs in the tests): a person's messages still read the outbox.
SELECT 1;
