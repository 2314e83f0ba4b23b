import { z } from "zod";

// What the alert routes take and answer; the pages read the same types.

const name = z.string().trim().min(1).max(100);
const threshold = z.number().int().min(1).max(1_000_000);
/** Fractions allowed (0.5 is 30 s), so a test or a noisy integration can use a short window. */
const windowMinutes = z
  .number()
  .min(0.1)
  .max(7 * 24 * 60);
const eventId = z.string().trim().min(1).max(200).nullable().default(null);

/** Each kind of rule with its parameters; `kind` is the one discriminant. */
export const ruleConditionSchema = z.discriminatedUnion("kind", [
  /** Deliveries (of `eventId`, or of any event) that failed the signature check: `threshold` or more in `windowMinutes`. */
  z.object({ kind: z.literal("signature_failures"), threshold, windowMinutes, eventId }),
  /** No delivery (of `eventId`, or of any event when it is null) for `hours`. */
  z.object({
    kind: z.literal("no_deliveries"),
    hours: z
      .number()
      .positive()
      .max(24 * 90),
    eventId,
  }),
  /** Snapshot fetches that ended in an error: `threshold` or more in `windowMinutes`. */
  z.object({ kind: z.literal("fetch_failures"), threshold, windowMinutes }),
  /** This hour's Accelo API requests at `percent` of ACCELO_HOURLY_BUDGET or more. */
  z.object({ kind: z.literal("api_budget"), percent: z.number().int().min(1).max(100) }),
  /** A subscription made here that Accelo deleted on its own (the subscription watch). */
  z.object({ kind: z.literal("subscription_vanished") }),
  /** A subscription whose deliveries fail the signature check: its secret is not the one set here. */
  z.object({ kind: z.literal("secret_out_of_step") }),
  /** The Accelo token expires within 7 days (the banner's warning). */
  z.object({ kind: z.literal("token_expiry") }),
]);
export type RuleCondition = z.output<typeof ruleConditionSchema>;
export type RuleKind = RuleCondition["kind"];
export const RULE_KINDS = [
  "signature_failures",
  "no_deliveries",
  "fetch_failures",
  "api_budget",
  "subscription_vanished",
  "secret_out_of_step",
  "token_expiry",
] as const satisfies readonly RuleKind[];

const channelIds = z
  .array(z.number().int().positive().max(2_147_483_647))
  .max(50)
  .transform((ids) => [...new Set(ids)]);

export const newRuleSchema = z.object({
  name,
  condition: ruleConditionSchema,
  /** The channels it notifies; absent or null for every channel. */
  channels: channelIds.nullable().default(null),
  enabled: z.boolean().default(true),
});
export type NewRule = z.output<typeof newRuleSchema>;

export const ruleChangeSchema = z
  .object({ name, condition: ruleConditionSchema, channels: channelIds.nullable(), enabled: z.boolean() })
  .partial()
  .refine((change) => Object.keys(change).length > 0, "Nothing to change");
export type RuleChange = z.output<typeof ruleChangeSchema>;

export const CHANNEL_KINDS = ["webhook", "slack", "teams", "email"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const webhookUrl = z.string().trim().min(1).max(2000);
const recipients = z
  .array(z.email().max(320))
  .min(1)
  .max(20)
  .transform((list) => [...new Set(list)]);

/** A channel's kind with where it sends: a URL for the three webhook kinds, recipients for email. */
export const channelTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("webhook"), url: webhookUrl }),
  z.object({ kind: z.literal("slack"), url: webhookUrl }),
  z.object({ kind: z.literal("teams"), url: webhookUrl }),
  z.object({ kind: z.literal("email"), to: recipients }),
]);
export type ChannelTarget = z.output<typeof channelTargetSchema>;

export const newChannelSchema = z.intersection(
  channelTargetSchema,
  z.object({ name, enabled: z.boolean().default(true) }),
);
export type NewChannel = z.output<typeof newChannelSchema>;

export const channelChangeSchema = z
  .object({ name, enabled: z.boolean() })
  .partial()
  .refine((change) => Object.keys(change).length > 0, "Nothing to change");
export type ChannelChange = z.output<typeof channelChangeSchema>;

export const alertIdParamsSchema = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

export const channelViewSchema = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  /** Scheme and host of a URL (never its path or query, which carry the token), or "3 recipients". */
  displayTarget: z.string(),
  enabled: z.boolean(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  lastSentAt: z.string().nullable(),
  /** Notifications still being retried, and the attempts the most retried of them has used. */
  retrying: z.number(),
  maxAttempts: z.number(),
  createdAt: z.string(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

export const incidentViewSchema = z.object({
  id: z.number(),
  ruleId: z.number(),
  ruleName: z.string(),
  openedAt: z.string(),
  resolvedAt: z.string().nullable(),
  summary: z.string(),
  count: z.number().nullable(),
  reasons: z.array(z.string()),
  /** The filtered delivery list, a path on this app. */
  link: z.string().nullable(),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

export const ruleViewSchema = z.object({
  id: z.number(),
  name: z.string(),
  condition: ruleConditionSchema,
  channels: z.array(z.number()).nullable(),
  enabled: z.boolean(),
  createdAt: z.string(),
  /** The open incident, when the condition holds now. */
  firing: incidentViewSchema.nullable(),
});
export type RuleView = z.infer<typeof ruleViewSchema>;

export const alertRulesPageSchema = z.object({
  rules: z.array(ruleViewSchema),
  incidents: z.array(incidentViewSchema),
});
export const channelListSchema = z.object({ channels: z.array(channelViewSchema) });
export const oneRuleSchema = z.object({ rule: ruleViewSchema });
export const oneChannelSchema = z.object({ channel: channelViewSchema });

export const channelTestResultSchema = z.object({
  ok: z.boolean(),
  /** What went wrong in words, or what answered. */
  detail: z.string(),
  channel: channelViewSchema,
});
export type ChannelTestResult = z.infer<typeof channelTestResultSchema>;
