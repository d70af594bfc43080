-- Full-text index of the catalog for BM25 search (DESIGN §8). drizzle-kit cannot model FTS5
-- virtual tables, so this migration is written by hand; triggers keep it in step with `catalog`.
CREATE VIRTUAL TABLE `catalog_fts` USING fts5(`sku`, `description`, `notes`, content=`catalog`, content_rowid=`rowid`);
--> statement-breakpoint
CREATE TRIGGER `catalog_fts_ai` AFTER INSERT ON `catalog` BEGIN
  INSERT INTO `catalog_fts`(rowid, `sku`, `description`, `notes`) VALUES (new.rowid, new.`sku`, new.`description`, new.`notes`);
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_fts_ad` AFTER DELETE ON `catalog` BEGIN
  INSERT INTO `catalog_fts`(`catalog_fts`, rowid, `sku`, `description`, `notes`) VALUES ('delete', old.rowid, old.`sku`, old.`description`, old.`notes`);
END;
--> statement-breakpoint
CREATE TRIGGER `catalog_fts_au` AFTER UPDATE ON `catalog` BEGIN
  INSERT INTO `catalog_fts`(`catalog_fts`, rowid, `sku`, `description`, `notes`) VALUES ('delete', old.rowid, old.`sku`, old.`description`, old.`notes`);
  INSERT INTO `catalog_fts`(rowid, `sku`, `description`, `notes`) VALUES (new.rowid, new.`sku`, new.`description`, new.`notes`);
END;
