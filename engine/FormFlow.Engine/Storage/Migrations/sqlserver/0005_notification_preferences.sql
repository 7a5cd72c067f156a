-- FormFlow schema 5 (SQL Server): notification preferences.
-- A person's notification preference. With digest = daily, their mails are held (outbox status held) and sent
-- as one mail a day at digest_minute (minutes after midnight UTC); last_digest_at is when the last one went out and
-- makes two nodes send the same day's digest once. No row means one mail per notice. From now on outbox.status is
-- pending | held | sent | dead.

CREATE TABLE notification_preferences (
    person_id       nvarchar(64) PRIMARY KEY,
    digest          nvarchar(16) NOT NULL,  -- none | daily
    digest_minute   int          NOT NULL,
    last_digest_at  bigint       NULL,
    updated_at      bigint       NOT NULL
);
