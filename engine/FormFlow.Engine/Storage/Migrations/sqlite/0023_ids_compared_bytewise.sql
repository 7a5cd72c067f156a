-- FormFlow schema 23 (SQLite): nothing. SQLite compares text byte by byte (BINARY) unless a column says otherwise;
-- schema 23 gives PostgreSQL's ids and keys the same order.
SELECT 1;
