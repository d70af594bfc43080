/** The base of every problem `type` URI (DESIGN §4); a type is this base and the problem's slug. */
export const PROBLEM_BASE = "https://errors.edge-orders.dev/";

/** Each status's title: RFC 9457 suggests the HTTP reason phrase when the type says nothing more. */
export const STATUS_TITLES = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  413: "Content Too Large",
  422: "Unprocessable Content",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
} as const;

type ProblemStatus = keyof typeof STATUS_TITLES;

declare const registered: unique symbol;

/**
 * One problem type of the API. Only this registry can make one (the brand), so every problem an
 * answer carries is one listed here: a route cannot invent a type on the spot.
 */
export interface ProblemType {
  readonly slug: string;
  readonly status: ProblemStatus;
  readonly title: string;
  readonly type: string;
  readonly [registered]: true;
}

function define<const T extends Record<string, readonly [slug: string, status: ProblemStatus]>>(
  table: T,
): { readonly [K in keyof T]: ProblemType } {
  return Object.fromEntries(
    Object.entries(table).map(([name, [slug, status]]) => [
      name,
      { slug, status, title: STATUS_TITLES[status], type: `${PROBLEM_BASE}${slug}` } as ProblemType,
    ]),
  ) as { readonly [K in keyof T]: ProblemType };
}

/** Every problem type the API answers with, by name: its slug (the end of its `type` URI) and status. */
export const PROBLEMS = define({
  // The request as a whole: reading the body, its headers, its query.
  invalidRequest: ["invalid-request", 400],
  unsupportedContentType: ["unsupported-content-type", 400],
  invalidEncoding: ["invalid-encoding", 400],
  malformedJson: ["malformed-json", 400],
  jsonTooDeep: ["json-too-deep", 400],
  jsonObjectRequired: ["json-object-required", 400],
  invalidCursor: ["invalid-cursor", 400],
  invalidIdempotencyKey: ["invalid-idempotency-key", 400],
  bodyTooLarge: ["body-too-large", 413],
  upgradeRequired: ["upgrade-required", 426],
  // Who is asking.
  unauthorized: ["unauthorized", 401],
  invalidSignature: ["invalid-signature", 401],
  forbidden: ["forbidden", 403],
  notFound: ["not-found", 404],
  ambiguousPoNumber: ["ambiguous-po-number", 409],
  rateLimited: ["rate-limited", 429],
  // Bodies that fail their schema, each naming the offending fields in `errors`.
  invalidPurchaseOrder: ["invalid-purchase-order", 422],
  invalidEmail: ["invalid-email", 422],
  unreadableEmail: ["unreadable-email", 422],
  invalidInterchange: ["invalid-interchange", 422],
  invalidWebhookEvent: ["invalid-webhook-event", 422],
  invalidDecision: ["invalid-decision", 422],
  purchaseOrderRequired: ["purchase-order-required", 422],
  invalidCsat: ["invalid-csat", 422],
  invalidAmendment: ["invalid-amendment", 422],
  invalidImport: ["invalid-import", 422],
  invalidTokenRequest: ["invalid-token-request", 422],
  invalidRuleChange: ["invalid-rule-change", 422],
  // Repeats and refusals.
  duplicatePurchaseOrder: ["duplicate-purchase-order", 409],
  duplicateInterchange: ["duplicate-interchange", 409],
  idempotencyKeyInUse: ["idempotency-key-in-use", 409],
  idempotencyKeyReused: ["idempotency-key-reused", 422],
  webhookIdReused: ["webhook-id-reused", 422],
  alreadyDecided: ["already-decided", 409],
  decisionRefused: ["decision-refused", 409],
  csatRefused: ["csat-refused", 409],
  amendmentRefused: ["amendment-refused", 409],
  eventRefused: ["event-refused", 409],
  interchangeTooLarge: ["interchange-too-large", 413],
  admissionFull: ["admission-full", 429],
  // Our side.
  internal: ["internal", 500],
  interchangeIncomplete: ["interchange-incomplete", 503],
  carrierUnavailable: ["carrier-unavailable", 503],
  webhookNotConfigured: ["webhook-not-configured", 503],
});
