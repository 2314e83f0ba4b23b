import { connectionViewSchema } from "../../accelo/schemas";
import {
  alertIdParamsSchema,
  alertRulesPageSchema,
  channelChangeSchema,
  channelListSchema,
  channelTestResultSchema,
  newChannelSchema,
  newRuleSchema,
  oneChannelSchema,
  oneRuleSchema,
  ruleChangeSchema,
} from "../../alerts/schemas";
import {
  apiTokenListSchema,
  changePasswordSchema,
  createdApiTokenSchema,
  newApiTokenSchema,
  passwordChangedSchema,
  sessionIdParamsSchema,
  sessionListSchema,
  sessionsEndedSchema,
  signInAnswerSchema,
  signInRequestSchema,
  tokenIdParamsSchema,
} from "../../auth/schemas";
import { exportQuerySchema } from "../../deliveries/export-format";
import { deliveryFiltersSchema } from "../../deliveries/filters";
import { deliveryDetailSchema } from "../../deliveries/get-delivery";
import { deliveryIdParamsSchema, deliveryListPageSchema, recentFailuresSchema } from "../../deliveries/schemas";
import { streamedDeliverySchema, streamQuerySchema } from "../../deliveries/stream";
import {
  newViewSchema,
  oneSavedViewSchema,
  savedViewListSchema,
  viewIdParamsSchema,
} from "../../deliveries/view-schemas";
import {
  bulkReplaySchema,
  deliveryForwardingSchema,
  destinationChangeSchema,
  destinationIdParamsSchema,
  destinationListSchema,
  dryRunSchema,
  newDestinationSchema,
  oneDestinationSchema,
  oneReplaySchema,
  replayIdParamsSchema,
  replayJobSchema,
  replayListSchema,
  replaySchema,
} from "../../forwarding/schemas";
import { overviewQuerySchema } from "../../insights/overview-query";
import { overviewSchema } from "../../insights/schemas";
import { receiverAnswerSchema } from "../../receiver/schemas";
import {
  deliverySnapshotSchema,
  refreshResultSchema,
  resourceKeySchema,
  resourceTimelineSchema,
  snapshotComparisonSchema,
  snapshotPairSchema,
} from "../../snapshots/schemas";
import {
  createdSubscriptionSchema,
  dispatchSchema,
  newSubscriptionSchema,
  sendTestResultSchema,
  subscriptionIdParamsSchema,
  subscriptionsPageSchema,
} from "../../subscriptions/schemas";
import { healthSchema, openApiDocumentSchema } from "../schemas";
import type { RouteContract } from "./contract";

const SESSION_COOKIE = { "Set-Cookie": "The session cookie (awm_session; __Host-awm_session over HTTPS)" };
const CLEARED_COOKIE = { "Set-Cookie": "Clears the session cookie" };
const NO_CONTENT = { description: "Done; no body" };
/** What every route that talks to Accelo may meet there. */
const ACCELO_ERRORS = ["not_configured", "upstream_unavailable", "too_many_requests"] as const;

/**
 * Every API route, once: what it takes, what it answers, who may call it. The route file passes
 * its entry to apiRoute, which parses requests with these schemas and types the handler's answer
 * by them, and GET /api/openapi.json is written from this table alone. A route added under app/api
 * gets its entry here, keyed "METHOD /path/{param}", and passes it to apiRoute;
 * tests/integration/openapi.test.ts fails until the route has an entry and until it calls the
 * route there (a success, and an error where the route has one) and checks both answers.
 */
export const API_ROUTES = {
  "GET /api/health": {
    summary: "Liveness: the process answers (the database is not asked)",
    access: "public",
    responses: { 200: healthSchema },
    errors: [],
  },
  "GET /api/openapi.json": {
    summary: "This description of the API, as OpenAPI 3.1",
    access: "public",
    responses: { 200: openApiDocumentSchema },
    errors: [],
  },
  "POST /api/webhooks/accelo": {
    summary: "The receiver: Accelo posts each delivery here",
    description:
      "Stores every delivery, even one whose signature fails (answered 401, or 202 in observe-only mode). " +
      "Never answers 410 or a 5xx for bad input, which would make Accelo drop the subscription.",
    access: "public",
    headers: {
      "X-Hub-Signature": "The HMAC hex digest of the exact body with the subscription's secret",
      "X-Accelo-Event": "The event id, e.g. create_task",
    },
    body: {
      description: "The delivery as Accelo sends it; stored byte for byte",
      contentTypes: ["application/x-www-form-urlencoded", "application/json"],
    },
    responses: { 200: receiverAnswerSchema, 202: receiverAnswerSchema },
    errors: ["bad_request", "invalid_signature", "payload_too_large", "database_unavailable"],
  },
  "POST /api/auth/sign-in": {
    summary: "Signs in with the dashboard password and sets the session cookie",
    access: "public",
    body: signInRequestSchema,
    answerHeaders: SESSION_COOKIE,
    responses: { 200: signInAnswerSchema },
    errors: ["unauthorized", "forbidden", "too_many_requests", "database_unavailable"],
  },
  "POST /api/auth/sign-out": {
    summary: "Ends this browser's session and sends it to the login page",
    access: "public",
    responses: { 303: { description: "To /login", headers: { Location: "/login", ...CLEARED_COOKIE } } },
    errors: ["forbidden", "database_unavailable"],
  },
  "POST /api/auth/password": {
    summary: "Changes the dashboard password; every session ends, this browser is signed in again",
    access: "session-only",
    body: changePasswordSchema,
    answerHeaders: SESSION_COOKIE,
    responses: { 200: passwordChangedSchema },
    errors: ["conflict", "too_many_requests", "database_unavailable"],
  },
  "GET /api/accelo/connection": {
    summary: "The link to Accelo: token, budgets, last error",
    access: "signed-in",
    responses: { 200: connectionViewSchema },
    errors: ["database_unavailable"],
  },
  "GET /api/sessions": {
    summary: "Every live session, this browser's marked current",
    access: "session-only",
    responses: { 200: sessionListSchema },
    errors: ["database_unavailable"],
  },
  "DELETE /api/sessions": {
    summary: "Signs out everywhere",
    access: "session-only",
    answerHeaders: CLEARED_COOKIE,
    responses: { 200: sessionsEndedSchema },
    errors: ["database_unavailable"],
  },
  "DELETE /api/sessions/{id}": {
    summary: "Ends one session; ending this browser's own also clears its cookie",
    access: "session-only",
    params: sessionIdParamsSchema,
    responses: {
      204: { ...NO_CONTENT, headers: { "Set-Cookie": "Clears the cookie when the session was this browser's" } },
    },
    errors: ["not_found", "database_unavailable"],
  },
  "GET /api/tokens": {
    summary: "Every API token, without its value",
    access: "session-only",
    responses: { 200: apiTokenListSchema },
    errors: ["database_unavailable"],
  },
  "POST /api/tokens": {
    summary: "Creates an API token and answers its value, the only time it is shown",
    access: "session-only",
    body: newApiTokenSchema,
    responses: { 201: createdApiTokenSchema },
    errors: ["database_unavailable"],
  },
  "DELETE /api/tokens/{id}": {
    summary: "Revokes an API token",
    access: "session-only",
    params: tokenIdParamsSchema,
    responses: { 204: NO_CONTENT },
    errors: ["not_found", "database_unavailable"],
  },
  "GET /api/subscriptions": {
    summary: "Accelo's subscriptions and event types, each subscription's last day, the watch's findings",
    access: "signed-in",
    responses: { 200: subscriptionsPageSchema },
    errors: [...ACCELO_ERRORS, "database_unavailable"],
  },
  "POST /api/subscriptions": {
    summary: "Creates a subscription to this app, its secret generated and sealed here",
    access: "signed-in",
    body: newSubscriptionSchema,
    responses: { 201: createdSubscriptionSchema },
    errors: [...ACCELO_ERRORS, "database_unavailable"],
  },
  "DELETE /api/subscriptions/{id}": {
    summary: "Deletes the subscription on Accelo; its secret is accepted for the grace period still",
    access: "signed-in",
    params: subscriptionIdParamsSchema,
    responses: { 204: NO_CONTENT },
    errors: [...ACCELO_ERRORS, "not_found", "database_unavailable"],
  },
  "POST /api/subscriptions/{id}/dispatch": {
    summary: "Has Accelo send one delivery now; answers what Accelo reported beside what arrived",
    access: "signed-in",
    params: subscriptionIdParamsSchema,
    body: dispatchSchema,
    responses: { 200: sendTestResultSchema },
    errors: [...ACCELO_ERRORS, "not_found", "database_unavailable"],
  },
  "GET /api/alert-rules": {
    summary: "Every alert rule with its state (quiet, or firing since when), and the latest incidents",
    access: "signed-in",
    responses: { 200: alertRulesPageSchema },
    errors: ["database_unavailable"],
  },
  "POST /api/alert-rules": {
    summary: "Adds an alert rule; the alert loop evaluates it from its next round",
    access: "signed-in",
    body: newRuleSchema,
    responses: { 201: oneRuleSchema },
    errors: ["database_unavailable"],
  },
  "PATCH /api/alert-rules/{id}": {
    summary: "Changes a rule: its name, condition, channels, or whether it is evaluated",
    access: "signed-in",
    params: alertIdParamsSchema,
    body: ruleChangeSchema,
    responses: { 200: oneRuleSchema },
    errors: ["not_found", "database_unavailable"],
  },
  "DELETE /api/alert-rules/{id}": {
    summary: "Deletes a rule with its incidents",
    access: "signed-in",
    params: alertIdParamsSchema,
    responses: { 204: NO_CONTENT },
    errors: ["not_found", "database_unavailable"],
  },
  "GET /api/channels": {
    summary: "Every alert channel with its last error and retries; never its URL's token or its recipients",
    access: "signed-in",
    responses: { 200: channelListSchema },
    errors: ["database_unavailable"],
  },
  "POST /api/channels": {
    summary: "Adds an alert channel; a webhook's address is checked and its target sealed",
    access: "signed-in",
    body: newChannelSchema,
    responses: { 201: oneChannelSchema },
    errors: ["database_unavailable"],
  },
  "PATCH /api/channels/{id}": {
    summary: "Renames a channel, or turns it off and on",
    access: "signed-in",
    params: alertIdParamsSchema,
    body: channelChangeSchema,
    responses: { 200: oneChannelSchema },
    errors: ["not_found", "database_unavailable"],
  },
  "DELETE /api/channels/{id}": {
    summary: "Deletes a channel and the notifications it was still owed",
    access: "signed-in",
    params: alertIdParamsSchema,
    responses: { 204: NO_CONTENT },
    errors: ["not_found", "database_unavailable"],
  },
  "POST /api/channels/{id}/test": {
    summary: "Sends a test message through the channel now; a failed send is a 200 with ok: false",
    access: "signed-in",
    params: alertIdParamsSchema,
    responses: { 200: channelTestResultSchema },
    errors: ["not_found", "conflict", "database_unavailable"],
  },
  "GET /api/views": {
    summary: "The list views pinned in the navigation: the three built in, then the saved ones",
    access: "signed-in",
    responses: { 200: savedViewListSchema },
    errors: ["database_unavailable"],
  },
  "POST /api/views": {
    summary: "Saves the list's filters (its query string) under a name",
    access: "signed-in",
    body: newViewSchema,
    responses: { 201: oneSavedViewSchema },
    errors: ["conflict", "database_unavailable"],
  },
  "DELETE /api/views/{id}": {
    summary: "Deletes a saved view; a built-in one answers 403",
    access: "signed-in",
    params: viewIdParamsSchema,
    responses: { 204: NO_CONTENT },
    errors: ["forbidden", "not_found", "database_unavailable"],
  },
  "GET /api/overview": {
    summary: "The overview's figures for a range (24h, 7d, 30d, or from/to), read from the hourly rollups",
    access: "signed-in",
    query: overviewQuerySchema,
    responses: { 200: overviewSchema },
    errors: ["database_unavailable"],
  },
  "GET /api/destinations": {
    summary: "Every forwarding destination with its last day's success rate and backlog",
    access: "signed-in",
    responses: { 200: destinationListSchema },
    errors: ["database_unavailable"],
  },
  "POST /api/destinations": {
    summary: "Adds a destination; its address is checked, its URL and secret sealed",
    access: "signed-in",
    body: newDestinationSchema,
    responses: { 201: oneDestinationSchema },
    errors: ["database_unavailable"],
  },
  "PATCH /api/destinations/{id}": {
    summary: "Changes a destination; enabled: true resumes one the monitor paused",
    access: "signed-in",
    params: destinationIdParamsSchema,
    body: destinationChangeSchema,
    responses: { 200: oneDestinationSchema },
    errors: ["not_found", "database_unavailable"],
  },
  "DELETE /api/destinations/{id}": {
    summary: "Deletes a destination and what it was still owed",
    access: "signed-in",
    params: destinationIdParamsSchema,
    responses: { 204: NO_CONTENT },
    errors: ["not_found", "database_unavailable"],
  },
  "GET /api/deliveries": {
    summary: "One page of the delivery list, newest first, by the list's filters",
    access: "signed-in",
    query: deliveryFiltersSchema,
    responses: { 200: deliveryListPageSchema },
    errors: ["database_unavailable"],
  },
  "GET /api/deliveries/recent-failures": {
    summary: "How many deliveries failed their signature check in the last 24 hours",
    access: "signed-in",
    responses: { 200: recentFailuresSchema },
    errors: ["database_unavailable"],
  },
  "GET /api/deliveries/export": {
    summary: "Every delivery the list's filters match, newest first, streamed as NDJSON or CSV",
    description:
      "Takes the list's query parameters (cursor and limit are ignored). Each row holds the stored " +
      "fields and the body as text when its bytes are UTF-8, base64 otherwise (bodyEncoding says which); " +
      "a CSV cell that a spreadsheet would run as a formula is written with a leading '.",
    access: "signed-in",
    query: exportQuerySchema,
    responses: {
      200: {
        description: "One delivery per line (NDJSON) or per record after a header record (CSV, RFC 4180)",
        contentTypes: ["application/x-ndjson", "text/csv"],
        headers: { "Content-Disposition": "attachment, with a file name for the moment of the export" },
      },
    },
    errors: ["database_unavailable"],
  },
  "GET /api/deliveries/stream": {
    summary: "Deliveries as they arrive, as server-sent events",
    description:
      "Each event's id is the delivery's id and its data the JSON that x-event-data describes. " +
      "A client that lost the connection resumes with Last-Event-ID and misses nothing.",
    access: "signed-in",
    query: streamQuerySchema,
    headers: { "Last-Event-ID": "Resume after this delivery id" },
    responses: {
      200: {
        description: "An event per delivery, and comments as heartbeats",
        contentTypes: ["text/event-stream"],
        eventData: streamedDeliverySchema,
      },
    },
    errors: ["database_unavailable"],
  },
  "GET /api/deliveries/{id}": {
    summary: "One delivery: headers, body, signature verdict and its explanation",
    access: "signed-in",
    params: deliveryIdParamsSchema,
    responses: { 200: deliveryDetailSchema },
    errors: ["not_found", "database_unavailable"],
  },
  "GET /api/deliveries/{id}/attempts": {
    summary: "Each destination's attempts at this delivery",
    access: "signed-in",
    params: deliveryIdParamsSchema,
    responses: { 200: deliveryForwardingSchema },
    errors: ["not_found", "database_unavailable"],
  },
  "POST /api/deliveries/{id}/replay": {
    summary: "Sends the delivery to one destination again",
    access: "signed-in",
    params: deliveryIdParamsSchema,
    body: replaySchema,
    responses: { 202: replayJobSchema },
    errors: ["not_found", "conflict", "database_unavailable"],
  },
  "GET /api/deliveries/{id}/snapshot": {
    summary: "The snapshot of the Accelo object the delivery points to, and what became of its fetch",
    access: "signed-in",
    params: deliveryIdParamsSchema,
    responses: { 200: deliverySnapshotSchema },
    errors: ["not_found", "database_unavailable"],
  },
  "POST /api/deliveries/{id}/refresh": {
    summary: "Fetches the delivery's object from Accelo now; answers the new snapshot and what changed",
    access: "signed-in",
    params: deliveryIdParamsSchema,
    responses: { 200: refreshResultSchema },
    errors: [...ACCELO_ERRORS, "not_found", "database_unavailable"],
  },
  "GET /api/replays": {
    summary: "The last 20 bulk replays with their progress",
    access: "signed-in",
    responses: { 200: replayListSchema },
    errors: ["database_unavailable"],
  },
  "POST /api/replays": {
    summary: "Sends everything the list's filters match to a destination again (dryRun: counts them)",
    access: "signed-in",
    body: bulkReplaySchema,
    responses: { 200: dryRunSchema, 202: oneReplaySchema },
    errors: ["not_found", "conflict", "database_unavailable"],
  },
  "GET /api/replays/{id}": {
    summary: "How far a bulk replay has come",
    access: "signed-in",
    params: replayIdParamsSchema,
    responses: { 200: oneReplaySchema },
    errors: ["not_found", "database_unavailable"],
  },
  "POST /api/replays/{id}/cancel": {
    summary: "Stops a bulk replay; what is owed and unsent is dropped",
    access: "signed-in",
    params: replayIdParamsSchema,
    responses: { 200: oneReplaySchema },
    errors: ["not_found", "database_unavailable"],
  },
  "GET /api/resources/{type}/{id}": {
    summary: "One Accelo object's deliveries and snapshots, newest first",
    access: "signed-in",
    params: resourceKeySchema,
    responses: { 200: resourceTimelineSchema },
    errors: ["not_found", "database_unavailable"],
  },
  "GET /api/resources/{type}/{id}/diff": {
    summary: "Two snapshots of one object and the field changes between them",
    access: "signed-in",
    params: resourceKeySchema,
    query: snapshotPairSchema,
    responses: { 200: snapshotComparisonSchema },
    errors: ["not_found", "database_unavailable"],
  },
} satisfies Record<string, RouteContract>;

export type ApiRouteKey = keyof typeof API_ROUTES;
