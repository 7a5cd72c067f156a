-- FormFlow schema 7 (SQLite): idempotency keys.
-- A retried request (e.g. a submit) that carries an Idempotency-Key is answered with the first answer and done once.
-- A key belongs to one person (person_id, idem_key); request_hash tells a retry from another request under the same
-- key; status and response hold the first successful answer (NULL while the first request is in flight).
-- expires_at: the key may be reused after it (24 hours by default); expired rows are deleted as keys are claimed.

CREATE TABLE idempotency_keys (
    person_id     TEXT    NOT NULL,
    idem_key      TEXT    NOT NULL,
    request_hash  TEXT    NOT NULL,
    status        INTEGER NULL,
    response      TEXT    NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    PRIMARY KEY (person_id, idem_key)
);

CREATE INDEX ix_idempotency_keys_expires ON idempotency_keys (expires_at);
