import "server-only";
import nodemailer from "nodemailer";
import { forwardingConfig } from "../forwarding/config";
import { guardedPost, isRetryable } from "../http/guarded-post";
import type { OpenChannel } from "./channels";
import { smtpConfig } from "./config";
import { type AlertMessage, chatBody, textLines, titleOf } from "./message";
import type { ChannelKind } from "./schemas";

/** A chat service answers within seconds or not at all. */
const SEND_TIMEOUT_MS = 10_000;

export type SendOutcome =
  | { kind: "sent"; detail: string }
  | {
      kind: "failed";
      detail: string;
      /** False when trying again cannot help (a refused address, a 4xx, no SMTP_URL). */
      retryable: boolean;
    };

async function postChat(kind: Exclude<ChannelKind, "email">, url: string, message: AlertMessage): Promise<SendOutcome> {
  const result = await guardedPost(
    {
      url,
      headers: { "content-type": "application/json", "user-agent": "accelo-webhook-monitor" },
      body: Buffer.from(JSON.stringify(chatBody(kind, message))),
      timeoutMs: SEND_TIMEOUT_MS,
    },
    // The same rule as forwarding: a channel may be on a private network only when that is allowed.
    forwardingConfig().allowPrivateNetworks,
  );
  if (result.httpStatus !== null && result.httpStatus >= 200 && result.httpStatus < 300) {
    return { kind: "sent", detail: `Answered ${result.httpStatus}` };
  }
  const excerpt = result.excerpt ? Buffer.from(result.excerpt).toString("utf8").slice(0, 200).trim() : "";
  const detail = result.error ?? `Answered ${result.httpStatus}${excerpt ? `: ${excerpt}` : ""}`;
  return { kind: "failed", detail, retryable: isRetryable(result) };
}

async function sendEmail(to: readonly string[], message: AlertMessage): Promise<SendOutcome> {
  let settings: ReturnType<typeof smtpConfig>;
  try {
    settings = smtpConfig();
  } catch (error) {
    return { kind: "failed", detail: (error as Error).message, retryable: false };
  }
  const { url: smtpUrl, from: smtpFrom } = settings;
  if (!smtpUrl) return { kind: "failed", detail: "SMTP_URL is not set, so no email can be sent", retryable: false };
  // The server is the operator's own (SMTP_URL), not an address typed in the dashboard.
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: SEND_TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({
      from: smtpFrom,
      to: [...to],
      subject: titleOf(message),
      text: textLines(message).join("\n"),
    });
    return { kind: "sent", detail: `Accepted by the SMTP server: ${info.response}` };
  } catch (error) {
    const { responseCode, message: words } = error as Error & { responseCode?: number };
    // A 5xx SMTP answer is final (a refused recipient); anything else may pass.
    return { kind: "failed", detail: words, retryable: !(responseCode !== undefined && responseCode >= 500) };
  } finally {
    transport.close();
  }
}

/** Sends one message through one channel, once; the caller records the outcome and retries. */
export function sendToChannel(channel: OpenChannel, message: AlertMessage): Promise<SendOutcome> {
  const { target } = channel;
  return target.kind === "email" ? sendEmail(target.to, message) : postChat(target.kind, target.url, message);
}
