import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  STAND_IN_ACCESS_TOKEN,
  STAND_IN_BANNER,
  STAND_IN_CLIENT_ID,
  STAND_IN_CLIENT_SECRET,
  STAND_IN_HEADER,
  type StandIn,
  startStandIn,
} from "./start-stand-in";

let standIn: StandIn;
beforeAll(async () => {
  standIn = await startStandIn();
});
afterAll(async () => {
  await standIn.close();
});

const bearer = { authorization: `Bearer ${STAND_IN_ACCESS_TOKEN}` };
const get = (path: string, headers: Record<string, string> = bearer) => fetch(`${standIn.origin}${path}`, { headers });

describe("the Accelo stand-in", () => {
  it("answers in Accelo's envelope, with default fields unless asked, and says it is a stand-in", async () => {
    const response = await get("/api/v0/contacts/3");
    expect(response.status).toBe(200);
    expect(response.headers.get(STAND_IN_HEADER)).toBe(STAND_IN_BANNER);
    expect(response.headers.get("x-ratelimit-limit")).toBe("5000");
    const body = await response.json();
    expect(body.meta).toMatchObject({ status: "ok", more_info: STAND_IN_BANNER });
    expect(Object.keys(body.response)).toEqual(["id", "firstname", "surname"]);

    const picked = await (await get("/api/v0/contacts/3?_fields=email,company()")).json();
    expect(Object.keys(picked.response)).toEqual(["id", "firstname", "surname", "email"]);
    const all = await (await get("/api/v0/contacts/3?_fields=_ALL")).json();
    expect(all.response).toMatchObject({ id: "3", status: "active", date_created: expect.stringMatching(/^\d+$/) });
  });

  it("answers invalid_request with a null response for an unknown id, and 401 for a bad token", async () => {
    const unknown = await get("/api/v0/tasks/0");
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ meta: { status: "invalid_request" }, response: null });

    const badToken = await get("/api/v0/tasks/1", { authorization: "Bearer nope" });
    expect(badToken.status).toBe(401);
    expect((await badToken.json()).meta.status).toBe("invalid_client");
  });

  it("issues tokens for the client-credentials grant with HTTP Basic, and only then", async () => {
    const ask = (id: string, secret: string, grant = "client_credentials") =>
      fetch(`${standIn.origin}/oauth2/v0/token`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: `grant_type=${grant}&scope=read(all)`,
      });
    const granted = await ask(STAND_IN_CLIENT_ID, STAND_IN_CLIENT_SECRET);
    const { access_token, expires_in, token_type } = await granted.json();
    expect({ status: granted.status, expires_in, token_type }).toEqual({
      status: 200,
      expires_in: 2_592_000,
      token_type: "bearer",
    });
    expect((await get("/api/v0/tasks/1", { authorization: `Bearer ${access_token}` })).status).toBe(200);
    expect(standIn.issuedTokens()).toContain(access_token);

    expect((await ask(STAND_IN_CLIENT_ID, "wrong")).status).toBe(401);
    expect((await ask(STAND_IN_CLIENT_ID, STAND_IN_CLIENT_SECRET, "password")).status).toBe(400);
  });

  it("lets a test change objects and switch faults through /__control", async () => {
    const control = (path: string, method: string, body?: unknown) =>
      fetch(`${standIn.origin}/__control/${path}`, {
        method,
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    await control("objects/issues/9", "POST", { standing: "resolved" });
    expect((await (await get("/api/v0/issues/9?_fields=standing")).json()).response.standing).toBe("resolved");

    await control("faults", "POST", { kind: "rate_limited", resetInSeconds: 30, times: 1 });
    const limited = await get("/api/v0/issues/9");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000 + 20);
    expect((await get("/api/v0/issues/9")).status).toBe(200);

    await control("faults", "POST", { kind: "unauthorized", times: 1 });
    const refused = await get("/api/v0/issues/9");
    expect(refused.status).toBe(401);
    expect((await refused.json()).meta.status).toBe("invalid_client");
    expect((await get("/api/v0/issues/9")).status).toBe(200);

    await control("objects/issues/9", "DELETE");
    expect((await get("/api/v0/issues/9")).status).toBe(400);
    const log = (await (await control("requests", "GET")).json()) as { path: string }[];
    expect(log.at(-1)?.path).toBe("/api/v0/issues/9");
  });

  it("keeps a fault that names a path for requests to that path", async () => {
    standIn.setFault({ kind: "server_error", times: 1, path: "/api/v0/tasks/8" });
    expect((await get("/api/v0/tasks/7")).status).toBe(200);
    expect((await get("/api/v0/tasks/8")).status).toBe(500);
    expect((await get("/api/v0/tasks/8")).status).toBe(200);
  });
});
