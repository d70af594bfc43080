import { z } from "zod";

const Scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const ScalarRecord = z.record(z.string(), Scalar);

/**
 * A free-form member (exception details, proposed resolutions, sources): scalars, lists of
 * scalars, flat records, or lists of flat records. Bounded depth on purpose: these values
 * cross Durable Object RPC, whose types cannot follow a recursive JSON type.
 */
export const JsonMember = z.union([Scalar, z.array(Scalar), ScalarRecord, z.array(ScalarRecord)]);
export type JsonMember = z.infer<typeof JsonMember>;

export const JsonObject = z.record(z.string(), JsonMember);
export type JsonObject = z.infer<typeof JsonObject>;
