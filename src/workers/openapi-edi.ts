import { OutboundListQuery } from "./http/request-schemas";
import { bearer, errors, queryParameters } from "./openapi-components";

/** The EDI conversation's paths (DESIGN §5.4, §14): X12 in, acknowledgments back, documents out. */
export const EDI_PATHS = {
  "/v1/orders/edi": {
    post: {
      summary:
        "EDI X12 intake (ops: the EDI gateway); answers the orders, a 997 and a TA1 when one is due; a partner's 997 sets ack_status",
      security: bearer,
      requestBody: { required: true, content: { "application/edi-x12": { schema: { type: "string" } } } },
      responses: {
        "202": {
          description:
            "{interchange_control_number, orders, ack_997, ta1}: ta1 is the TA1 interchange acknowledgment as X12 text, " +
            "null unless ISA14 is 1 (a 422 for a rejected envelope carries ack_997 and ta1 too)",
        },
        "200": {
          description: "a 997: {interchange_control_number, orders: [], ack_997: null, acknowledged, unmatched}",
        },
        ...errors(400, 401, 403, 409, 413, 422, 503),
      },
    },
  },
  "/v1/edi/outbound": {
    get: {
      summary: "X12 documents sent to trading partners (ops: the EDI gateway), oldest first",
      security: bearer,
      parameters: queryParameters(OutboundListQuery),
      responses: {
        "200": {
          description:
            "{documents: [{id, partner, type, po_number, control_number, created_at, ack_status}], next_cursor}",
        },
        ...errors(400, 401, 403),
      },
    },
  },
  "/v1/edi/outbound/{id}": {
    get: {
      summary: "One document as X12 text",
      security: bearer,
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": {
          description: "the interchange",
          content: { "application/edi-x12": { schema: { type: "string" } } },
        },
        ...errors(401, 403, 404),
      },
    },
  },
};
