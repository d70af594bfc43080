import type { z } from "zod";
import { AppError } from "../errors";
import { PROBLEMS } from "../problems";

/**
 * A list's paging cursor: the last row's sort key as base64 JSON, read back through its schema, so
 * a cursor this API did not issue is a 400 `invalid-cursor` rather than a query on made-up keys.
 */
export function cursorCodec<T>(schema: z.ZodType<T>) {
  return {
    encode: (c: T): string => btoa(JSON.stringify(c)).replace(/=+$/, ""),
    decode(raw: string): T {
      try {
        return schema.parse(JSON.parse(atob(raw)));
      } catch {
        throw new AppError(PROBLEMS.invalidCursor, "the cursor is not one this API issued");
      }
    },
  };
}
