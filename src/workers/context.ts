import type { Context } from "hono";
import type { Principal } from "../shared/db/principals-repository";
import type { Span, Tracer } from "../shared/tracing";

/** What middleware puts on each request's context. */
export type AppVariables = {
  tracer: Tracer;
  span: Span;
  principal: Principal;
};

export type AppEnv = { Bindings: Env; Variables: AppVariables };
export type AppContext = Context<AppEnv>;
