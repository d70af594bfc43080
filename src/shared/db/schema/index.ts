/** D1 schema: reference data, memory, observability and the indexes the OrderObjects project to. */
export * from "./reference";
export * from "./stock";
export * from "./orders";
export * from "./memory";
export * from "./edi";
export * from "./audit";
export * from "./edi-outbound";
export * from "./search";
