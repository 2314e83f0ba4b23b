// npm run listen -- --url https://monitor.example.com --forward-to http://localhost:8080/hook
//   [--token <API token, or AWM_TOKEN>] [--events a,b] [--verified-only] [--from <delivery id>]
// Streams deliveries from the monitor as they arrive and POSTs each to a local URL with its
// original bytes and headers, printing one line per delivery. Resumes after a lost connection.
import { parseArgs } from "node:util";
import { formatLine, listen } from "./lib/listen";

const HELP = `npm run listen -- --url <monitor> --forward-to <local URL> [--token <token>] [--events a,b] [--verified-only] [--from <id>]
  --url           the monitor, e.g. https://monitor.example.com
  --forward-to    where each delivery is POSTed, e.g. http://localhost:8080/hook
  --token         an API token from Settings (read scope is enough); or set AWM_TOKEN
  --events        only these events, comma-separated
  --verified-only only deliveries whose signature is valid
  --from          replay from this delivery id on, then follow`;

function fail(message: string): never {
  console.error(`listen: ${message}\n\n${HELP}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        url: { type: "string" },
        "forward-to": { type: "string" },
        token: { type: "string" },
        events: { type: "string" },
        "verified-only": { type: "boolean", default: false },
        from: { type: "string" },
        help: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    return fail((error as Error).message);
  }
})();
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const token = values.token ?? process.env.AWM_TOKEN;
if (!values.url || !URL.canParse(values.url)) fail("--url must be the monitor's URL");
if (!values["forward-to"] || !URL.canParse(values["forward-to"])) fail("--forward-to must be a URL");
if (!token) fail("--token (or AWM_TOKEN) is required");
const from = values.from === undefined ? undefined : Number(values.from);
if (from !== undefined && !(Number.isSafeInteger(from) && from > 0)) fail("--from must be a delivery id");

const controller = new AbortController();
process.once("SIGINT", () => controller.abort());
console.log(`Forwarding deliveries from ${values.url} to ${values["forward-to"]} (Ctrl-C to stop)`);
await listen(
  {
    url: values.url,
    token,
    forwardTo: values["forward-to"],
    events: values.events
      ?.split(",")
      .map((event) => event.trim())
      .filter(Boolean),
    verifiedOnly: values["verified-only"],
    from,
  },
  {
    signal: controller.signal,
    onLine: (line) => console.log(formatLine(line)),
    onStatus: (status) => console.log(status),
  },
).catch((error: unknown) => {
  console.error(`listen: ${(error as Error).message}`);
  process.exit(1);
});
