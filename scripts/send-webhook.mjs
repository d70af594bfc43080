#!/usr/bin/env node
// `npm run webhook -- <erp|carrier> '<json event>'`: signs an event with the local secret from
// .dev.vars (Standard Webhooks) and posts it to the running instance, printing the answer.
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const [source, json, base = "http://127.0.0.1:8787"] = process.argv.slice(2);
if ((source !== "erp" && source !== "carrier") || !json) {
  console.error("usage: npm run webhook -- <erp|carrier> '<json event>' [base-url]");
  process.exit(2);
}
const vars = Object.fromEntries(
  readFileSync(new URL("../.dev.vars", import.meta.url), "utf8")
    .split("\n")
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
);
const secret = source === "erp" ? vars.ERP_WEBHOOK_SECRET : vars.CARRIER_WEBHOOK_SECRET;
const body = JSON.stringify(JSON.parse(json));
const id = `msg_${Date.now().toString(36)}`;
const now = new Date();
const res = await fetch(`${base}/v1/webhooks/${source}`, {
  method: "POST",
  headers: {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(now.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, now, body),
  },
  body,
});
console.log(res.status, await res.text());
