-- FormFlow schema 9 (PostgreSQL): the language a person chose.
-- notification_preferences.locale: zh-CN or en, chosen with the web pages' language switch; NULL when the person
-- never chose, and then the organisation's locale (people.locale, from the import) is theirs. A chosen language wins
-- over the organisation's wherever a person's locale is read (the pages, notifications, digests) and outlives an
-- import, which replaces people but not this table. A row holding only a language keeps digest = none.
ALTER TABLE notification_preferences ADD COLUMN locale text NULL;
