import type { z } from "zod";
import { type FieldError, fieldErrorsFromZod } from "../shared/order-validation";
import { PROBLEMS, type ProblemType } from "./problems";

/** An RFC 9457 problem document (DESIGN §4). */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The one error type routes throw, always of a registered problem type; `onError` turns it into a problem document. */
export class AppError extends Error {
  constructor(
    readonly problem: ProblemType,
    readonly detail: string,
    readonly extensions: { errors?: FieldError[]; headers?: Record<string, string>; [k: string]: unknown } = {},
  ) {
    super(detail);
  }

  get status(): number {
    return this.problem.status;
  }

  toProblem(): ProblemDocument {
    const { headers: _headers, ...extensions } = this.extensions;
    return {
      type: this.problem.type,
      title: this.problem.title,
      status: this.problem.status,
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

/** `problem` for a value that failed its schema: `<subject> is invalid: ...`, each offending field in `errors`. */
export function invalidFields(problem: ProblemType, subject: string, error: z.ZodError): AppError {
  const errors = fieldErrorsFromZod(error);
  return new AppError(problem, `${subject} is invalid: ${errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`, {
    errors,
  });
}

export const notFound = (detail: string) => new AppError(PROBLEMS.notFound, detail);
export const unauthorized = (detail: string) =>
  new AppError(PROBLEMS.unauthorized, detail, { headers: { "www-authenticate": 'Bearer realm="orders"' } });
export const forbidden = (detail: string) => new AppError(PROBLEMS.forbidden, detail);
