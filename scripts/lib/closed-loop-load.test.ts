import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { combineLoadResults, type LoadResult, runClosedLoop, runPacedLoad } from "./closed-loop-load";
import { createHttpSender } from "./http-sender";
import { summarizeLatencies } from "./latency";

// A real server on loopback: every other request is refused with 503, and the body echoes the
// request's counter so the test can tell which answer belongs to which request.
let server: http.Server;
let origin: string;
let inFlight = 0;
let mostInFlight = 0;

beforeAll(async () => {
  let served = 0;
  server = http.createServer((request, response) => {
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    const body: Buffer[] = [];
    request.on("data", (chunk: Buffer) => body.push(chunk));
    request.on("end", () =>
      setTimeout(() => {
        inFlight--;
        response.writeHead(served++ % 2 === 0 ? 200 : 503).end(Buffer.concat(body));
      }, 10),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("runClosedLoop", () => {
  it("stops at the request cap, keeps the concurrency, and counts every status", async () => {
    const sender = createHttpSender(origin, { connections: 4 });
    const echoed: string[] = [];
    const result = await runClosedLoop({
      sender,
      concurrency: 4,
      durationMs: 30_000,
      maxRequests: 40,
      request: (index) => ({ method: "POST", body: String(index) }),
      onAnswer: (answer) => echoed.push(answer.body),
    });
    sender.close();

    expect(result.requests).toBe(40);
    expect(result.statuses).toEqual({ 200: 20, 503: 20 });
    expect(result.non2xx).toBe(20);
    expect(result.failures).toBe(0);
    expect(result.latencyMs.count).toBe(40);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(4);
    expect(echoed.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index));
  });

  it("stops when its time is up", async () => {
    const sender = createHttpSender(origin, { connections: 2 });
    const result = await runClosedLoop({
      sender,
      concurrency: 2,
      durationMs: 200,
      maxRequests: 1_000_000,
      request: () => ({ method: "GET" }),
    });
    sender.close();
    expect(result.requests).toBeGreaterThan(0);
    expect(result.requests).toBeLessThan(1_000_000);
    expect(result.seconds).toBeLessThan(5);
  });

  it("sends nothing more once its stop condition holds", async () => {
    const sender = createHttpSender(origin, { connections: 3 });
    let answered = 0;
    const result = await runClosedLoop({
      sender,
      concurrency: 3,
      durationMs: 30_000,
      maxRequests: 1_000,
      request: () => ({ method: "GET" }),
      onAnswer: () => answered++,
      stopWhen: () => answered >= 10,
    });
    sender.close();
    // The senders already waiting when the tenth answer came may each finish that one request.
    expect(result.requests).toBeGreaterThanOrEqual(10);
    expect(result.requests).toBeLessThanOrEqual(12);
  });

  it("counts requests nobody answered as failures instead of throwing", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));

    const sender = createHttpSender(`http://127.0.0.1:${port}/`, { connections: 2 });
    const result = await runClosedLoop({
      sender,
      concurrency: 2,
      durationMs: 5_000,
      maxRequests: 6,
      request: () => ({ method: "GET" }),
    });
    sender.close();
    expect(result).toMatchObject({ requests: 6, failures: 6, non2xx: 0, requestsPerSecond: 0 });
    expect(result.firstFailure).toMatch(/ECONNREFUSED/);
  });
});

describe("runPacedLoad", () => {
  it("sends at the rate it is given, not as fast as answers come", async () => {
    const sender = createHttpSender(origin, { connections: 4 });
    const result = await runPacedLoad({
      sender,
      concurrency: 4,
      ratePerSecond: 20,
      durationMs: 1_000,
      maxRequests: 1_000,
      request: () => ({ method: "GET" }),
    });
    sender.close();
    // Due at 0, 50, …, 950 ms: a closed loop at 4 in flight would send ~400 in that second.
    expect(result.requests).toBe(20);
    expect(result.seconds).toBeGreaterThanOrEqual(0.95);
  });

  it("counts each answer time from when the request was due, so a queue shows", async () => {
    const sender = createHttpSender(origin, { connections: 1 });
    const result = await runPacedLoad({
      sender,
      concurrency: 1,
      // Far faster than one sender can go against a server that takes 10 ms an answer.
      ratePerSecond: 1_000,
      durationMs: 500,
      maxRequests: 1_000,
      request: () => ({ method: "GET" }),
    });
    sender.close();
    expect(result.requests).toBeLessThan(100);
    expect(result.latencyMs.max).toBeGreaterThan(200);
  });
});

describe("combineLoadResults", () => {
  it("adds counts and time, and takes percentiles over every answer of every part", () => {
    const part = (
      samplesMs: number[],
      seconds: number,
      statuses: Record<string, number>,
      failures = 0,
    ): LoadResult => ({
      requests: samplesMs.length + failures,
      seconds,
      requestsPerSecond: samplesMs.length / seconds,
      latencyMs: summarizeLatencies(samplesMs),
      statuses,
      non2xx: statuses[503] ?? 0,
      failures,
      firstFailure: failures ? "socket hang up" : undefined,
      samplesMs,
    });
    const combined = combineLoadResults([part([1, 2, 3], 1, { 200: 3 }), part([100, 200], 1, { 200: 1, 503: 1 }, 1)]);
    expect(combined).toMatchObject({
      requests: 6,
      seconds: 2,
      requestsPerSecond: 2.5,
      latencyMs: { count: 5, p50: 3, p99: 200, max: 200 },
      statuses: { 200: 4, 503: 1 },
      non2xx: 1,
      failures: 1,
      firstFailure: "socket hang up",
    });
  });
});
