-- One small table for the floor's D1 query: a keyed row read, as a token or order lookup is.
CREATE TABLE floor_items (id TEXT PRIMARY KEY, body TEXT NOT NULL);
INSERT INTO floor_items (id, body) VALUES ('floor', '{"kind":"floor"}');
