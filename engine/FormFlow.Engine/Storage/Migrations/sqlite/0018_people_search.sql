-- FormFlow schema 18 (SQLite): the people search's trigram index (docs/performance.md, "Lists"). A search is "the id or
-- a name holds the text, in any case", a LIKE over lowered columns that reads every person (350 ms over 100,000). An
-- FTS5 table with the trigram tokenizer (SQLite 3.34 and later) finds the people holding a text of three characters or
-- more; the LIKE still decides among them (OrganisationStore.PageWhere). It indexes the people table's id and names
-- (external content: it stores no copy of them), keyed by each person's place in the list (migration 0016), which a
-- VACUUM keeps, where it may renumber the rowids of people. The organisation only changes by an import, which rebuilds
-- it (OrganisationStore.ReplaceAsync).
CREATE VIRTUAL TABLE people_search USING fts5 (id, name_zh, name_en, content = 'people', content_rowid = 'list_position', tokenize = 'trigram');
INSERT INTO people_search (people_search) VALUES ('rebuild');
