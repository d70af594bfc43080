/** EDI X12 850 and 860 in, 997 out (DESIGN §5.4): plain functions, no bindings. */
export { parseInterchange } from "./interchange-parser";
export { build997, DEFAULT_DELIMITERS, type Build997Options } from "./ack997-builder";
export {
  changeSets,
  EdiOrderAnswer,
  interchangeErrors,
  interchangeFingerprint,
  interchangeQueryBudget,
  isAmendmentSet,
  MAX_SETS_PER_INTERCHANGE,
  orderSets,
  setKey,
  TakenSet,
  takeableSets,
  withTakenSets,
  type AmendmentSet,
  type OrderSet,
} from "./interchange-progress";
export { readAck997, type Ack997, type Ack997GroupStatus, type Ack997SetStatus } from "./ack997-reader";
export type {
  EdiAmendment,
  EdiDelimiters,
  EdiError,
  EdiGroupResult,
  EdiInterchangeResult,
  EdiTransactionResult,
  IsaEnvelopeInfo,
  TradingPartners,
} from "./types";
