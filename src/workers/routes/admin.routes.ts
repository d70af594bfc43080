import { Hono } from "hono";
import { writeCsv } from "../../shared/admin/csv";
import { type ImportBody, importItems } from "../../shared/admin/import-engine";
import { AdminKind, type ImportKind } from "../../shared/admin/import-kind";
import { IMPORT_KINDS } from "../../shared/admin/kinds";
import type { AppContext, AppEnv } from "../context";
import { AppError, notFound } from "../errors";
import { decodeUtf8, parseJsonText, readBodyBytes } from "../http/json-body";
import { AdminImportQuery } from "../http/request-schemas";
import { validate } from "../http/validate";
import { authenticate } from "../middleware";
import { PROBLEMS } from "../problems";
import { sweepCatalogVectors } from "../retrieval/search-catalog";
import { redeliverShortfalls } from "../stock/shortfalls";

/**
 * Largest admin import: a 20,000-part catalog is a few MB of CSV. Still read as a stream and
 * counted (`readBodyBytes`), only with its own cap beside the 1 MiB every other body has.
 */
export const ADMIN_MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Row errors listed in one 422 at most; the detail says how many there were. */
const MAX_LISTED_ERRORS = 1_000;

function kindOf(c: AppContext): ImportKind<unknown> {
  const name = c.req.param("kind");
  const parsed = AdminKind.safeParse(name);
  const kind = parsed.success ? IMPORT_KINDS[parsed.data] : undefined;
  if (!kind) throw notFound(`no admin data kind ${name}; the kinds are ${Object.keys(IMPORT_KINDS).join(", ")}`);
  return kind;
}

const mediaType = (value: string | undefined) => (value ?? "").split(";")[0]!.trim().toLowerCase();

/** A PUT body as JSON (`{"items": [...]}`) or CSV, by its Content-Type. */
async function readImportBody(request: Request): Promise<ImportBody> {
  const type = mediaType(request.headers.get("content-type") ?? undefined);
  const isJson = type === "application/json" || type.endsWith("+json");
  if (!isJson && type !== "text/csv")
    throw new AppError(
      PROBLEMS.unsupportedContentType,
      `expected Content-Type application/json or text/csv, got ${type || "none"}`,
    );
  const text = decodeUtf8(await readBodyBytes(request, ADMIN_MAX_BODY_BYTES));
  return isJson ? { format: "json", value: parseJsonText(text) } : { format: "csv", text };
}

/**
 * The supplier's own data (DESIGN §13), for operations: `GET` exports a kind as JSON or, with
 * `Accept: text/csv`, CSV; `PUT` imports JSON or CSV, all rows or none (`?dry_run=true` answers
 * what would change). Each route authenticates itself, so other admin routers can share the prefix.
 */
export const adminRoutes = new Hono<AppEnv>()
  .get("/:kind", authenticate(["ops"]), async (c) => {
    const kind = kindOf(c);
    const items = await kind.load(c.env.DB);
    if (!mediaType(c.req.header("accept")).startsWith("text/csv")) return c.json({ items });
    const { header, records } = kind.toCsv(items);
    return c.body(writeCsv(header, records), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${kind.kind}.csv"`,
    });
  })
  .put("/:kind", authenticate(["ops"]), async (c) => {
    const kind = kindOf(c);
    const { dry_run } = validate(AdminImportQuery, c.req.query(), PROBLEMS.invalidRequest, "the query");
    const body = await readImportBody(c.req.raw);
    const outcome = await importItems(c.env.DB, kind, body, {
      dryRun: dry_run,
      by: { principalId: c.get("principal").id, traceId: c.get("span").context.traceId },
    });
    if (!outcome.ok) {
      const errors = [...outcome.errors].sort((a, b) => a.row - b.row);
      const first = errors[0]!;
      throw new AppError(
        PROBLEMS.invalidImport,
        `${errors.length} error(s), nothing applied; row ${first.row}${first.field ? ` ${first.field}` : ""}: ${first.message}`,
        { errors: errors.slice(0, MAX_LISTED_ERRORS), error_count: errors.length },
      );
    }
    // Orders whose stock a lower level took are told now, as after an ERP level; the cron retries any this misses.
    if (!dry_run && kind.kind === "inventory") await redeliverShortfalls(c.env);
    // Changed parts reach Vectorize once the batch has committed; the cron retries whatever this misses.
    if (!dry_run && kind.kind === "catalog") c.executionCtx.waitUntil(sweepCatalogVectors(c.env));
    return c.json(outcome.summary, 200);
  });
