// The alert routes with any input: every answer is the route's success or a 400/404 in the one
// error shape, never a 500; a body the route's schema refuses is always a 400; what succeeds
// validates against the schemas the pages read it with.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteRule, PATCH as patchRule } from "../../../app/api/alert-rules/[id]/route";
import { GET as listRules, POST as postRule } from "../../../app/api/alert-rules/route";
import { DELETE as deleteChannel, PATCH as patchChannel } from "../../../app/api/channels/[id]/route";
import { GET as listChannels, POST as postChannel } from "../../../app/api/channels/route";
import {
  alertRulesPageSchema,
  CHANNEL_KINDS,
  channelListSchema,
  channelViewSchema,
  newChannelSchema,
  newRuleSchema,
  RULE_KINDS,
  ruleViewSchema,
} from "../../../lib/alerts/schemas";
import { apiErrorBodySchema } from "../../../lib/http/errors";

const SEED = 20261128;
const json = (method: string, body: unknown) => ({
  method,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});
const context = (id: string) => ({ params: Promise.resolve({ id }) });

async function expectAnswer(
  response: Response,
  success: number,
  schema?: { safeParse(v: unknown): { success: boolean } },
) {
  const body: unknown = response.status === 204 ? undefined : await response.json();
  if (response.status === success) {
    if (schema) expect(schema.safeParse(body).success).toBe(true);
    return;
  }
  expect([400, 404]).toContain(response.status);
  expect(apiErrorBodySchema.safeParse(body).success).toBe(true);
}

const anyNumber = fc.oneof(
  fc.integer({ min: -5, max: 2_000_000 }),
  fc.double(),
  fc.constant(0.5),
  fc.string({ maxLength: 4 }),
);
const maybeEvent = fc.option(fc.oneof(fc.string({ maxLength: 30 }), fc.constant("assign_task")), { nil: null });

/** Rule bodies near the valid ones, and arbitrary JSON. */
const ruleBody = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      name: fc.oneof(fc.string({ maxLength: 120 }), fc.constant("rule")),
      condition: fc.record(
        {
          kind: fc.oneof(fc.constantFrom(...RULE_KINDS), fc.string({ maxLength: 10 })),
          threshold: anyNumber,
          windowMinutes: anyNumber,
          hours: anyNumber,
          percent: anyNumber,
          eventId: maybeEvent,
        },
        { requiredKeys: ["kind"] },
      ),
      channels: fc.option(fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 3 }), { nil: null }),
      enabled: fc.oneof(fc.boolean(), fc.constant("yes")),
    },
    { requiredKeys: [] },
  ),
);

const channelBody = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      kind: fc.oneof(fc.constantFrom(...CHANNEL_KINDS), fc.string({ maxLength: 8 })),
      name: fc.oneof(fc.string({ maxLength: 120 }), fc.constant("chan")),
      url: fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string({ maxLength: 40 }), fc.constant("ftp://x")),
      to: fc.array(fc.oneof(fc.emailAddress(), fc.string({ maxLength: 20 })), { maxLength: 3 }),
      enabled: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
);

beforeAll(() => {
  // Generated URLs name hosts that do not exist: the address rule is what forwarding's tests prove.
  process.env.FORWARD_ALLOW_PRIVATE_NETWORKS = "true";
});
afterAll(() => {
  delete process.env.FORWARD_ALLOW_PRIVATE_NETWORKS;
});

describe("alert routes", () => {
  it("answer any rule body with a rule or the one error shape, a body the schema refuses with 400", async () => {
    await fc.assert(
      fc.asyncProperty(ruleBody, fc.string({ maxLength: 12 }), async (body, id) => {
        const created = await postRule(new Request("http://localhost/api/alert-rules", json("POST", body)));
        if (!newRuleSchema.safeParse(body).success) expect(created.status).toBe(400);
        await expectAnswer(created, 201, { safeParse: (v) => ruleViewSchema.safeParse((v as { rule: unknown }).rule) });
        const changed = await patchRule(
          new Request("http://localhost/api/alert-rules/x", json("PATCH", body)),
          context(id),
        );
        await expectAnswer(changed, 200);
        await expectAnswer(await deleteRule(new Request("http://localhost/x", { method: "DELETE" }), context(id)), 204);
      }),
      { seed: SEED, numRuns: 100 },
    );
    const page = await listRules(new Request("http://localhost/api/alert-rules"));
    expect(alertRulesPageSchema.safeParse(await page.json()).success).toBe(true);
  });

  it("answer any channel body with a channel or the one error shape, a body the schema refuses with 400", async () => {
    await fc.assert(
      fc.asyncProperty(channelBody, fc.string({ maxLength: 12 }), async (body, id) => {
        const created = await postChannel(new Request("http://localhost/api/channels", json("POST", body)));
        if (!newChannelSchema.safeParse(body).success) expect(created.status).toBe(400);
        await expectAnswer(created, 201, {
          safeParse: (v) => channelViewSchema.safeParse((v as { channel: unknown }).channel),
        });
        const changed = await patchChannel(
          new Request("http://localhost/api/channels/x", json("PATCH", body)),
          context(id),
        );
        await expectAnswer(changed, 200);
        await expectAnswer(
          await deleteChannel(new Request("http://localhost/x", { method: "DELETE" }), context(id)),
          204,
        );
      }),
      { seed: SEED, numRuns: 100 },
    );
    const list = await listChannels(new Request("http://localhost/api/channels"));
    expect(channelListSchema.safeParse(await list.json()).success).toBe(true);
  });
});
