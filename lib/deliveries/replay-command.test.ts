import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPLAY_SHELLS, type ReplayableRequest, replayCommand, shellWord } from "./replay-command";

interface Captured {
  method: string;
  url: string;
  /** Raw header pairs as they arrived on the wire. */
  headers: [string, string][];
  body: Buffer;
}

// A real HTTP server and a real shell: the command is proven by what arrives, not by its text.
let server: http.Server;
let baseUrl: string;
let lastRequest: Captured | undefined;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const pairs: [string, string][] = [];
      for (let index = 0; index < request.rawHeaders.length; index += 2) {
        pairs.push([request.rawHeaders[index], request.rawHeaders[index + 1]]);
      }
      lastRequest = {
        method: request.method ?? "",
        url: request.url ?? "",
        headers: pairs,
        body: Buffer.concat(chunks),
      };
      response.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Runs the command the way a person would paste it, in one of the shells it is written for. */
async function replay(
  request: ReplayableRequest,
  path = "/api/webhooks/accelo?x=1",
  shell: (typeof REPLAY_SHELLS)[number] = "bash",
): Promise<Captured> {
  lastRequest = undefined;
  await promisify(execFile)(shell, ["-c", replayCommand(request, `${baseUrl}${path}`).command]);
  if (!lastRequest) throw new Error(`the command sent nothing in ${shell}`);
  return lastRequest;
}

const acceloHeaders: [string, string][] = [
  ["Host", "monitor.example.com"],
  ["Content-Type", "application/x-www-form-urlencoded"],
  ["Content-Length", "61"],
  ["X-Accelo-Event", "assign_task"],
  ["X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567"],
  ["Connection", "close"],
  ["X-Forwarded-For", "203.0.113.9"],
  ["X-Forwarded-Proto", "https"],
];

describe("replayCommand", () => {
  it("sends the method, path, body and every end-to-end header as received, not forwarding ones", async () => {
    const body = Buffer.from("id=7&resource_url=https%3A%2F%2Facme.api.accelo.com%2Fapi%2Fv0%2Ftasks%2F7");
    const captured = await replay({ method: "POST", headers: acceloHeaders, body });
    expect(captured.method).toBe("POST");
    expect(captured.url).toBe("/api/webhooks/accelo?x=1");
    expect(captured.body.equals(body)).toBe(true);
    const sent = captured.headers.filter(([name]) => !["host", "content-length"].includes(name.toLowerCase()));
    expect(sent).toEqual([
      ["Content-Type", "application/x-www-form-urlencoded"],
      ["X-Accelo-Event", "assign_task"],
      ["X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567"],
    ]);
    expect(captured.headers.find(([name]) => name === "Host")?.[1]).toBe(new URL(baseUrl).host);
  });

  it.each([
    ["quotes, newlines and unicode", Buffer.from(`{"a":"it's \\"quoted\\"",\n"b":"é ✓ $HOME \`id\` !!"}\n`)],
    ["a leading @, which curl would otherwise read as a file name", Buffer.from("@/etc/passwd")],
    ["binary bytes and NUL", Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 13, 39, 0x80])],
    ["a carriage return and a tab", Buffer.from("a\r\nb\tc")],
    ["a byte-order mark", Buffer.from("\uFEFF{}")],
    ["a bidirectional override", Buffer.from("safe\u202Eevil")],
  ])("reproduces a body with %s byte for byte", async (_, body) => {
    const captured = await replay({ method: "POST", headers: [["Content-Type", "application/json"]], body });
    expect(captured.body.equals(body)).toBe(true);
  });

  it("shows a paste-safe text body literally and other bodies as base64", () => {
    const text = replayCommand({ method: "POST", headers: [], body: Buffer.from('{"id":1}') }, "http://h/x").command;
    expect(text).toContain(`--data-raw '{"id":1}'`);
    const binary = replayCommand({ method: "POST", headers: [], body: Buffer.from([0, 255]) }, "http://h/x").command;
    expect(binary.startsWith("printf '%s' 'AP8=' | base64 -d | curl 'http://h/x'")).toBe(true);
    expect(binary).toContain("--data-binary @-");
  });

  it("adds no header curl would invent: no Content-Type, Accept or User-Agent the delivery lacked", async () => {
    const captured = await replay({
      method: "POST",
      headers: [["X-Accelo-Event", "create_task"]],
      body: Buffer.from("id=1"),
    });
    const names = captured.headers.map(([name]) => name.toLowerCase());
    expect(names.sort()).toEqual(["content-length", "host", "x-accelo-event"]);
  });

  it("decompresses the answer when the delivery asked for compression, without changing the header", async () => {
    const { command } = replayCommand(
      { method: "POST", headers: [["Accept-Encoding", "gzip, br"]], body: Buffer.from("{}") },
      `${baseUrl}/x`,
    );
    expect(command).toContain("--compressed");
    const captured = await replay({
      method: "POST",
      headers: [["Accept-Encoding", "gzip, br"]],
      body: Buffer.from("{}"),
    });
    expect(captured.headers).toContainEqual(["Accept-Encoding", "gzip, br"]);
    expect(replayCommand({ method: "POST", headers: [], body: Buffer.from("{}") }, "http://h/x").command).not.toContain(
      "--compressed",
    );
  });

  it("keeps duplicate headers and empty values", async () => {
    const captured = await replay({
      method: "POST",
      headers: [
        ["X-Hub-Signature", "aa"],
        ["X-Hub-Signature", "bb"],
        ["X-Empty", ""],
      ],
      body: Buffer.from("{}"),
    });
    expect(captured.headers.filter(([name]) => name !== "Host" && name !== "Content-Length")).toEqual([
      ["X-Hub-Signature", "aa"],
      ["X-Hub-Signature", "bb"],
      ["X-Empty", ""],
    ]);
  });

  it("sends an empty POST as a POST", async () => {
    const captured = await replay({ method: "POST", headers: [], body: new Uint8Array() });
    expect(captured.method).toBe("POST");
    expect(captured.body.length).toBe(0);
  });

  it("names any other method", async () => {
    const captured = await replay({ method: "PUT", headers: [], body: Buffer.from("x") });
    expect(captured.method).toBe("PUT");
    expect(captured.body.toString()).toBe("x");
  });
});

describe("in bash, zsh and fish", () => {
  // Characters a header value can hold on the wire (Node reads them as Latin-1), and any body byte.
  const headerChar = fc.oneof(
    fc.integer({ min: 0x20, max: 0x7e }),
    fc.constant(0x09),
    fc.integer({ min: 0x80, max: 0xff }),
  );
  const headerValue = fc
    .array(headerChar, { maxLength: 40 })
    .map((codes) => String.fromCharCode(...codes).trim())
    .filter((value) => value !== "");

  it("every command reproduces the exact header bytes and body of the delivery", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom("X-Accelo-Event", "X-Hub-Signature", "X-Note"), headerValue), {
          maxLength: 3,
        }),
        fc.uint8Array({ maxLength: 64 }),
        fc.string({ maxLength: 12 }),
        async (headers, body, query) => {
          const path = `/api/webhooks/accelo?q=${encodeURIComponent(query)}`;
          for (const shell of REPLAY_SHELLS) {
            const captured = await replay({ method: "POST", headers, body }, path, shell);
            expect(captured.body.equals(Buffer.from(body)), shell).toBe(true);
            expect(captured.url, shell).toBe(path);
            const sent = captured.headers.filter(([name]) => headers.some(([expected]) => expected === name));
            // Node hands raw header values back as Latin-1, one character per byte, as they were stored.
            expect(sent, shell).toEqual(headers);
          }
        },
      ),
      { seed: 20261127, numRuns: 25 },
    );
  }, 60_000);

  it.each(REPLAY_SHELLS)("%s reads a hostile header literally: quotes, backslashes, $, backticks", async (shell) => {
    const hostile = `it's \\' "x" $HOME \`id\` ; echo pwned \\`;
    const captured = await replay(
      { method: "POST", headers: [["X-Note", hostile]], body: Buffer.from("{}") },
      "/x",
      shell,
    );
    expect(captured.headers).toContainEqual(["X-Note", hostile]);
  });

  it("leaves out redacted credentials and says which", () => {
    const { command, leftOut } = replayCommand(
      {
        method: "POST",
        headers: [
          ["Authorization", "[redacted: 41 bytes, sha256 0123abcd]"],
          ["X-Accelo-Event", "assign_task"],
        ],
        body: Buffer.from("{}"),
      },
      "http://h/x",
    );
    expect(leftOut).toEqual(["Authorization"]);
    expect(command).not.toContain("Authorization");
  });
});

describe("shellWord", () => {
  it.each(REPLAY_SHELLS)("keeps every character literal in %s", async (shell) => {
    const value = `it's $HOME \`id\` "x" \\ ! é \u2028 end`;
    const { stdout } = await promisify(execFile)(shell, ["-c", `printf '%s' ${shellWord(value)}`]);
    expect(stdout).toBe(value);
  });
});
