/** EDI X12 850 and 860 in, 997 and TA1 out (DESIGN §5.4, §14): plain functions, no bindings. */
export { parseInterchange } from "./interchange-parser";
export { build997, DEFAULT_DELIMITERS, type Build997Options } from "./ack997-builder";
export { buildTa1, ta1Verdict, wantsTa1, TA1_NO_ERROR, type Ta1Status } from "./ta1";
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
