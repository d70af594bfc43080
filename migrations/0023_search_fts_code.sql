ALTER TABLE `search_documents` ADD `code` text DEFAULT '' NOT NULL;--> statement-breakpoint
-- BM25 with the part number as a column of its own, weighted in the query (`BM25_WEIGHTS`).
-- Hand-written as 0021 was: drizzle-kit cannot model FTS5. Rows indexed before this migration
-- keep their number inside `body` (and `code` '') until their next import rewrites them.
DROP TABLE `search_vocab`;
--> statement-breakpoint
DROP TRIGGER `search_fts_ai`;
--> statement-breakpoint
DROP TRIGGER `search_fts_ad`;
--> statement-breakpoint
DROP TRIGGER `search_fts_au`;
--> statement-breakpoint
DROP TABLE `search_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_fts` USING fts5(`code`, `body`, `customer_id` UNINDEXED, content=`search_documents`, content_rowid=`rowid`, tokenize='unicode61');
--> statement-breakpoint
CREATE TRIGGER `search_fts_ai` AFTER INSERT ON `search_documents` BEGIN
  INSERT INTO `search_fts`(rowid, `code`, `body`, `customer_id`) VALUES (new.rowid, new.`code`, new.`body`, new.`customer_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_fts_ad` AFTER DELETE ON `search_documents` BEGIN
  INSERT INTO `search_fts`(`search_fts`, rowid, `code`, `body`, `customer_id`) VALUES ('delete', old.rowid, old.`code`, old.`body`, old.`customer_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_fts_au` AFTER UPDATE ON `search_documents` BEGIN
  INSERT INTO `search_fts`(`search_fts`, rowid, `code`, `body`, `customer_id`) VALUES ('delete', old.rowid, old.`code`, old.`body`, old.`customer_id`);
  INSERT INTO `search_fts`(rowid, `code`, `body`, `customer_id`) VALUES (new.rowid, new.`code`, new.`body`, new.`customer_id`);
END;
--> statement-breakpoint
INSERT INTO `search_fts`(`search_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_vocab` USING fts5vocab(`search_fts`, `row`);
