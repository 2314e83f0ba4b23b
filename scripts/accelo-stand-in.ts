// npm run stand-in [-- --port 4010 --host 127.0.0.1 --token-lifetime 2592000]
// Runs the Accelo API stand-in (NOT Accelo) for the demo and for browser tests. Point the app at it
// with the lines it prints, and `npm run simulate` deliveries at it so that snapshots show real
// contents and diffs. Change an object with:
//   curl -X POST localhost:4010/__control/objects/tasks/42 -d '{"status":"complete"}'
import { parseArgs } from "node:util";
import { STAND_IN_BANNER, STAND_IN_CLIENT_ID, STAND_IN_CLIENT_SECRET, startStandIn } from "./stand-in/start-stand-in";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: process.env.STAND_IN_PORT ?? "4010" },
    host: { type: "string", default: "127.0.0.1" },
    "token-lifetime": { type: "string" },
    quiet: { type: "boolean", default: false },
  },
});

const standIn = await startStandIn({
  port: Number(values.port),
  host: values.host,
  tokenLifetimeSeconds: values["token-lifetime"] ? Number(values["token-lifetime"]) : undefined,
  log: !values.quiet,
});

console.log(`${STAND_IN_BANNER}
listening on ${standIn.origin}

Point the app at it (these are the stand-in's own made-up credentials):
  ACCELO_API_BASE_URL=${standIn.origin} ACCELO_CLIENT_ID=${STAND_IN_CLIENT_ID} ACCELO_CLIENT_SECRET=${STAND_IN_CLIENT_SECRET}
Send deliveries that point at it:
  npm run simulate -- --api-base ${standIn.origin}
Control: POST/DELETE ${standIn.origin}/__control/objects/{type}/{id}, POST/DELETE /__control/faults,
         POST /__control/tokens/revoke, GET /__control/requests, POST /__control/reset`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void standIn.close().then(() => process.exit(0)));
}
