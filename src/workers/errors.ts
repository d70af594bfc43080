import type { FieldError } from "../shared/order-validation";

/** An RFC 9457 problem document (DESIGN §4). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The one error type routes throw; `onError` turns it into a problem document. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail);
  }

  toProblem(): ProblemDocument {
    const { headers: _headers, ...extensions } = this.extensions;
    return {
      type: `https://errors.edge-orders.dev/${this.slug}`,
      title: TITLES[this.status] ?? "Error",
      status: this.status,
      detail: this.detail,
      ...extensions,
    };
  }
}

/** Renders a problem document as a response. */
export function problemResponse(problem: ProblemDocument, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { "content-type": "application/problem+json", ...headers },
  });
}

export const badRequest = (slug: string, detail: string, errors?: FieldError[]) =>
  new AppError(400, slug, detail, errors ? { errors } : {});
export const notFound = (detail: string) => new AppError(404, "not-found", detail);
export const unauthorized = (detail: string) =>
  new AppError(401, "unauthorized", detail, { headers: { "www-authenticate": 'Bearer realm="orders"' } });
export const forbidden = (detail: string) => new AppError(403, "forbidden", detail);
