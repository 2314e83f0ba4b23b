// Made-up objects for the Accelo stand-in, shaped like Accelo's: ids and numbers as strings, dates
// as unix timestamps in strings, linked objects as ids. Every type has ids 1 to SAMPLE_ID_LIMIT (so
// that `npm run simulate`'s random ids find an object); any other id is unknown until a test creates it.

export const STAND_IN_TYPES = ["tasks", "issues", "requests", "quotes", "contacts", "companies"] as const;
export type StandInType = (typeof STAND_IN_TYPES)[number];

export type AcceloObject = Record<string, string | number | boolean | null | Record<string, unknown>>;

export const SAMPLE_ID_LIMIT = 1_999_999;

/** Fields Accelo returns when `_fields` is not given. */
export const DEFAULT_FIELDS: Record<StandInType, string[]> = {
  tasks: ["id", "title"],
  issues: ["id", "title"],
  requests: ["id", "title"],
  quotes: ["id", "title"],
  contacts: ["id", "firstname", "surname"],
  companies: ["id", "name"],
};

const WORDS = [
  "Website",
  "Onboarding",
  "Invoice",
  "Server",
  "Contract",
  "Quarterly",
  "Migration",
  "Audit",
  "Design",
  "Support",
];
const NOUNS = ["review", "rollout", "follow-up", "fix", "renewal", "report", "cleanup", "check", "kickoff", "handover"];
const FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Radia", "Donald", "Frances", "Linus"];
const SURNAMES = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Dijkstra",
  "Liskov",
  "Thompson",
  "Perlman",
  "Knuth",
  "Allen",
  "Torvalds",
];
const COMPANIES = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Hooli",
  "Vandelay",
  "Stark",
  "Wayne",
  "Tyrell",
  "Cyberdyne",
];

/** A fixed moment the sample dates count from, so that every run serves the same objects. */
const EPOCH = 1_767_225_600; // 2026-01-01T00:00:00Z

function pick<T>(list: readonly T[], id: number, salt: number): T {
  return list[(id * 7 + salt * 3) % list.length];
}

function stamp(id: number, daysAfterEpoch: number): string {
  return String(EPOCH + (id % 90) * 86_400 + daysAfterEpoch * 86_400);
}

export function sampleObject(type: StandInType, id: number): AcceloObject {
  const title = `${pick(WORDS, id, 1)} ${pick(NOUNS, id, 2)} #${id}`;
  const companyId = String((id % 40) + 1);
  switch (type) {
    case "tasks":
      return {
        id: String(id),
        title,
        description: `Stand-in task ${id}`,
        status: "pending",
        standing: "pending",
        priority: String((id % 5) + 1),
        assignee: String((id % 9) + 1),
        manager: "1",
        against_type: "company",
        against_id: companyId,
        billable: String((id % 4) * 900),
        logged: "0",
        date_created: stamp(id, 0),
        date_due: stamp(id, 14),
        date_modified: stamp(id, 1),
      };
    case "issues":
      return {
        id: String(id),
        title,
        description: `Stand-in issue ${id}`,
        standing: "open",
        status: "1",
        type_id: String((id % 3) + 1),
        class_id: "1",
        priority: String((id % 5) + 1),
        company: companyId,
        contact: String((id % 25) + 1),
        assignee: String((id % 9) + 1),
        date_submitted: stamp(id, 0),
        date_opened: stamp(id, 1),
        date_resolved: null,
        date_modified: stamp(id, 1),
      };
    case "requests":
      return {
        id: String(id),
        title,
        body: `Stand-in request ${id}`,
        standing: "pending",
        source: pick(["email", "web", "phone"], id, 3),
        type_id: String((id % 3) + 1),
        priority: String((id % 5) + 1),
        affiliation: String((id % 25) + 1),
        lead_id: "0",
        date_created: stamp(id, 0),
        date_modified: stamp(id, 1),
      };
    case "quotes":
      return {
        id: String(id),
        title,
        introduction: `Stand-in quote ${id}`,
        standing: "draft",
        against_type: "company",
        against_id: companyId,
        manager: "1",
        portal_access: "0",
        date_created: stamp(id, 0),
        date_expiry: stamp(id, 30),
        date_modified: stamp(id, 1),
      };
    case "contacts":
      return {
        id: String(id),
        firstname: pick(FIRST_NAMES, id, 4),
        surname: pick(SURNAMES, id, 5),
        email: `contact${id}@example.com`,
        phone: `+61 2 5550 ${String(1000 + id).slice(-4)}`,
        position: pick(["Director", "Engineer", "Accounts", "Office manager"], id, 6),
        status: "active",
        date_created: stamp(id, 0),
        date_modified: stamp(id, 1),
      };
    case "companies":
      return {
        id: String(id),
        name: `${pick(COMPANIES, id, 7)} ${id} Pty Ltd`,
        website: `https://company${id}.example.com`,
        phone: `+61 3 5550 ${String(2000 + id).slice(-4)}`,
        standing: "active",
        status: "1",
        comments: "",
        date_created: stamp(id, 0),
        date_modified: stamp(id, 1),
      };
  }
}
