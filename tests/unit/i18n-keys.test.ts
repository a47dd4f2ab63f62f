import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_EVENT_TYPES } from "~/domain/audit";
import { BALLOT_TYPES, ELIGIBILITY, STANCES } from "~/domain/ballot";
import { ALTERNATIVE_RESPONSES, ANSWER_CODES, REFUSAL_BASES, REPLY_KINDS } from "~/domain/agency-reply";
import { CASE_STATES, RULES } from "~/domain/case-workflow";
import { FIX_ANSWERS } from "~/domain/fix-check";
import { RESULT_STATUSES } from "~/domain/results";
import { EMAIL_MODES, FLAG_REASONS, THREAD_SORTS } from "~/domain/deliberation";
import { DOSSIER_CSV_COLUMNS, DOSSIER_SORTS, NOTE_VISIBILITIES } from "~/domain/dossier";
import { REPORT_STATUSES } from "~/domain/report-status";
import { ROLES } from "~/domain/roles";
import en from "~/i18n/locales/en";
import id from "~/i18n/locales/id";

// A key missing from a locale renders as its own name on a button ("case.events.open_deliberation"). Every key the
// code names — literally, or as a prefix filled from a domain list — must exist in Indonesian and in English.

type Tree = { [k: string]: string | Tree };
function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}
const locales = { id: flatten(id as unknown as Tree), en: flatten(en as unknown as Tree) };
/** i18next plural forms: `ballots_one` / `ballots_other` satisfy `ballots`. */
const has = (keys: Map<string, string>, key: string) => keys.has(key) || keys.has(`${key}_one`) || keys.has(`${key}_other`);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "generated") return [];
    return statSync(full).isDirectory() ? sourceFiles(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}
const sources = sourceFiles(path.resolve("app")).map((file) => ({ file, text: readFileSync(file, "utf8") }));

/** Keys built from a prefix and a value of a domain list: the list is the truth of which keys must exist. */
const DYNAMIC: Record<string, readonly string[]> = {
  "case.events": Object.keys(RULES),
  "case.steps": CASE_STATES,
  "case.explain": CASE_STATES,
  "case.answers": ANSWER_CODES,
  "case.reply.kinds": REPLY_KINDS,
  "case.reply.kindHints": REPLY_KINDS,
  "case.reply.bases": REFUSAL_BASES,
  "case.reply.responses": [...ALTERNATIVE_RESPONSES, "tanpa_tanggapan"],
  "case.reply.respondChoices": ALTERNATIVE_RESPONSES,
  "case.reply.vote.choices": ALTERNATIVE_RESPONSES,
  "case.reply.itemDecisions": ["terima", "tolak"],
  "results.statuses": RESULT_STATUSES,
  "fix.answers": FIX_ANSWERS,
  "fix.roles": ["pelapor", "peserta", "tetangga"],
  "fix.statuses": ["menunggu", "ditanya", "dibuka_kembali", "diragukan"],
  "results.importStatus": ["antri", "berjalan", "selesai", "gagal"],
  "case.stances": STANCES,
  "case.ballotTypes": BALLOT_TYPES,
  "case.eligibilities": ELIGIBILITY,
  status: REPORT_STATUSES,
  roles: ROLES,
  "discussion.sorts": THREAD_SORTS,
  "discussion.flagReasons": FLAG_REASONS,
  "notifications.emailModes": EMAIL_MODES,
  "dprd.sorts": DOSSIER_SORTS,
  "dprd.visibilities": NOTE_VISIBILITIES,
  "dprd.csv.columns": DOSSIER_CSV_COLUMNS,
  events: AUDIT_EVENT_TYPES,
};

describe("translation keys", () => {
  it("has every key in both languages", () => {
    const onlyId = [...locales.id.keys()].filter((k) => !locales.en.has(k));
    const onlyEn = [...locales.en.keys()].filter((k) => !locales.id.has(k));
    expect({ onlyId, onlyEn }).toEqual({ onlyId: [], onlyEn: [] });
  });

  it("has every literal key the code names (t(\"…\"), error codes), in both languages", () => {
    const missing = new Set<string>();
    const named = [/\bt\(\s*["']([a-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)["']/g, /i18nKey=["']([^"']+)["']/g, /["'](errors\.[A-Za-z0-9_]+)["']/g];
    for (const { file, text } of sources) {
      if (file.includes(`${path.sep}locales${path.sep}`)) continue;
      for (const pattern of named) {
        for (const m of text.matchAll(pattern)) {
          for (const [lng, keys] of Object.entries(locales)) if (!has(keys, m[1]!)) missing.add(`${lng}: ${m[1]} (${path.relative(process.cwd(), file)})`);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });

  it("has a key for every value of the domain lists the code turns into keys", () => {
    const missing: string[] = [];
    for (const [prefix, values] of Object.entries(DYNAMIC)) {
      for (const v of values) for (const [lng, keys] of Object.entries(locales)) if (!has(keys, `${prefix}.${v}`)) missing.push(`${lng}: ${prefix}.${v}`);
    }
    expect(missing).toEqual([]);
  });

  it("knows the domain list behind every key the code builds from a prefix", () => {
    // t(`case.events.${e}`) must have its prefix in DYNAMIC above, so that its keys are checked too.
    const unknown = new Set<string>();
    for (const { text } of sources) {
      for (const m of text.matchAll(/\bt\(`([a-zA-Z0-9_.]+)\.\$\{/g)) {
        if (!(m[1]! in DYNAMIC) && !CHECKED_ELSEWHERE.has(m[1]!)) unknown.add(m[1]!);
      }
    }
    expect([...unknown]).toEqual([]);
  });
});

/** Prefixes whose values come from data rather than a domain list; both locales have the same keys under them (first test). */
const CHECKED_ELSEWHERE = new Set(["notifications.kinds", "admin.outboxKinds", "dprd.csv.outcomes", "case.reasons", "admin.kinds", "admin.queueNames", "admin.outboxStatus", "admin.jobStates", "hostLabels", "hosts.shown", "hosts.scope", "proposals.change", "proposals.amendmentStatus", "exports.status"]);
