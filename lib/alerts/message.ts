import type { ChannelKind } from "./schemas";

// What a notification says, and the body each kind of channel expects it in: a generic JSON
// document, Slack's incoming-webhook message (text with mrkdwn), and the Adaptive Card message
// that Microsoft Teams' incoming webhooks (Workflows) take.

export interface AlertMessage {
  /** "opened": the condition began to hold; "resolved": it stopped; "test": a person pressed Send test. */
  event: "opened" | "resolved" | "test";
  rule: { id: number; name: string; kind: string } | null;
  incident: { id: number; openedAt: string; resolvedAt: string | null } | null;
  /** What happened, in one sentence, and how often (null when there is no count). */
  summary: string;
  count: number | null;
  /** Why, in words: for signatures, which reason from which source. */
  reasons: string[];
  /** The filtered delivery list (absolute when PUBLIC_URL is set). */
  link: string | null;
}

export function absoluteLink(path: string | null, publicUrl: string | undefined): string | null {
  if (path === null) return null;
  return publicUrl ? `${publicUrl}${path}` : path;
}

export function titleOf(message: AlertMessage): string {
  const name = message.rule?.name ?? "Accelo Webhook Monitor";
  if (message.event === "test") return "Test notification from Accelo Webhook Monitor";
  return message.event === "opened" ? `Alert: ${name}` : `Resolved: ${name}`;
}

/** The message as plain text lines: an email's body, and the text the chat formats start from. */
export function textLines(message: AlertMessage): string[] {
  const lines = [message.summary];
  if (message.event === "resolved" && message.incident?.resolvedAt) {
    lines.push(`Resolved at ${message.incident.resolvedAt}; it began at ${message.incident.openedAt}.`);
  } else if (message.incident) {
    lines.push(`Since ${message.incident.openedAt}.`);
  }
  if (message.reasons.length > 0) lines.push("", "Why:", ...message.reasons.map((reason) => `- ${reason}`));
  if (message.link) lines.push("", `See the deliveries: ${message.link}`);
  return lines;
}

/** The JSON body a webhook, Slack or Teams channel is sent. */
export function chatBody(kind: Exclude<ChannelKind, "email">, message: AlertMessage): unknown {
  const title = titleOf(message);
  switch (kind) {
    case "webhook":
      return { type: `alert.${message.event}`, title, ...message };
    case "slack": {
      const reasons = message.reasons.map((reason) => `• ${reason}`).join("\n");
      const link = message.link ? `\n<${message.link}|See the deliveries>` : "";
      const text = `*${title}*\n${message.summary}${reasons ? `\n${reasons}` : ""}${link}`;
      return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
    }
    case "teams":
      return {
        type: "message",
        attachments: [
          {
            contentType: "application/vnd.microsoft.card.adaptive",
            contentUrl: null,
            content: {
              $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
              type: "AdaptiveCard",
              version: "1.4",
              body: [
                { type: "TextBlock", text: title, weight: "Bolder", size: "Medium", wrap: true },
                { type: "TextBlock", text: message.summary, wrap: true },
                ...message.reasons.map((reason) => ({
                  type: "TextBlock",
                  text: `- ${reason}`,
                  wrap: true,
                  spacing: "None",
                })),
                ...(message.link
                  ? [{ type: "TextBlock", text: `See the deliveries: ${message.link}`, wrap: true }]
                  : []),
              ],
              // A card button needs an absolute URL: without PUBLIC_URL the path stays in the text only.
              actions: message.link?.startsWith("http")
                ? [{ type: "Action.OpenUrl", title: "See the deliveries", url: message.link }]
                : [],
            },
          },
        ],
      };
  }
}
