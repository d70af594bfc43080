-- BM25 over catalog parts and contract passages (DESIGN §8). drizzle-kit cannot model FTS5, so
-- this is hand-written: `search_fts` indexes `search_documents.body` (external content) and
-- follows it through triggers, so an upsert of a document re-indexes that document alone.
-- `customer_id` is carried UNINDEXED so the query filters a customer's passages in the MATCH itself.
CREATE VIRTUAL TABLE `search_fts` USING fts5(`body`, `customer_id` UNINDEXED, content=`search_documents`, content_rowid=`rowid`, tokenize='unicode61');
--> statement-breakpoint
CREATE TRIGGER `search_fts_ai` AFTER INSERT ON `search_documents` BEGIN
  INSERT INTO `search_fts`(rowid, `body`, `customer_id`) VALUES (new.rowid, new.`body`, new.`customer_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_fts_ad` AFTER DELETE ON `search_documents` BEGIN
  INSERT INTO `search_fts`(`search_fts`, rowid, `body`, `customer_id`) VALUES ('delete', old.rowid, old.`body`, old.`customer_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_fts_au` AFTER UPDATE ON `search_documents` BEGIN
  INSERT INTO `search_fts`(`search_fts`, rowid, `body`, `customer_id`) VALUES ('delete', old.rowid, old.`body`, old.`customer_id`);
  INSERT INTO `search_fts`(rowid, `body`, `customer_id`) VALUES (new.rowid, new.`body`, new.`customer_id`);
END;
--> statement-breakpoint
-- The indexed words and how many documents hold each: the vocabulary queries are spell-corrected
-- against, always in step with the index because it is read from it.
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(`search_fts`, `row`);
