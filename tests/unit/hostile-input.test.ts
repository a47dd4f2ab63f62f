import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { bodyLimitFor, FORM_BODY_LIMIT, HOOK_BODY_LIMIT, isMachinePath } from "~/body-limits.server";
import { safeLocalPath } from "~/domain/safe-path";
import { toCsv } from "~/utils/csv.server";

// Hostile input, as pure rules: spreadsheet formulas in CSV cells, return paths that leave the site, and the
// body limits per path.

describe("CSV cells never become spreadsheet formulas", () => {
  it("prefixes text that starts with =, +, -, @, a tab or a carriage return (and the full-width forms), keeps numbers", () => {
    const hostile = ['=HYPERLINK("http://evil.example","klik")', "+SUM(1,2)", "-2+3", "@cmd", "\t=1+1", "\r=1+1", "\uFF1D1+1", "\uFF20x"];
    const csv = toCsv([["teks", "angka"], ...hostile.map((h, i) => [h, -i])]);
    const rows = parse(csv, { relax_quotes: true }) as string[][];
    rows.slice(1).forEach((row, i) => {
      expect(row[0]).toBe(`'${hostile[i]}`);
      expect(row[1]).toBe(String(-i));
    });
    // Ordinary text and a negative number as a number stay as they are.
    expect(toCsv([["Jalan berlubang", -3, 2.5, null]])).toBe("Jalan berlubang,-3,2.5,\n");
    expect(toCsv([["a"]], { bom: true }).startsWith("\uFEFF")).toBe(true);
  });

  it("is the only way the app writes CSV", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) {
          if (name !== "generated") walk(full);
        } else if (/\.tsx?$/.test(name)) files.push(full);
      }
    };
    for (const dir of ["app", "workers", "scripts"]) walk(path.resolve(dir));
    const writers = files.filter((f) => /csv-stringify/.test(readFileSync(f, "utf8")));
    expect(writers.map((f) => path.relative(process.cwd(), f))).toEqual([path.join("app", "utils", "csv.server.ts")]);
    const csvRoutes = files.filter((f) => /text\/csv/.test(readFileSync(f, "utf8")));
    expect(csvRoutes.map((f) => path.relative(process.cwd(), f))).toEqual([path.join("app", "utils", "csv.server.ts")]);
  });
});

describe("a return path after log-in or a form stays on this site", () => {
  it.each([
    ["//evil.example/steal"],
    ["https://evil.example"],
    ["/\\evil.example"],
    ["/\\/evil.example"],
    ["/\t/evil.example"],
    ["/%09/evil.example"],
    ["/%5C/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/\x0b"],
    ["/\x00"],
    ["/\x7f"],
    ["/\u0085/evil.example"],
    ["/.//evil.example"],
    ["/a/..//evil.example"],
    [" /laporan"],
    ["javascript:alert(1)"],
    ["laporan/baru"],
    [""],
    ["/" + "a".repeat(3000)],
  ])("%j falls back to /", (hostile) => {
    expect(safeLocalPath(hostile)).toBe("/");
    expect(safeLocalPath(hostile, "/laporan/x")).toBe("/laporan/x");
  });

  it("keeps a local path, its query and anchor, and encodes what a header cannot carry", () => {
    expect(safeLocalPath("/laporan/baru")).toBe("/laporan/baru");
    expect(safeLocalPath("/?kota=3171&q=banjir#hasil")).toBe("/?kota=3171&q=banjir#hasil");
    expect(safeLocalPath("/laporan/ābc")).toBe("/laporan/%C4%81bc");
    expect(safeLocalPath(null)).toBe("/");
    expect(safeLocalPath(42)).toBe("/");
  });
});

describe("request body limits per path", () => {
  const photos = { maxPhotoBytes: 8 * 1024 * 1024, maxPhotos: 5 };
  it("gives photo forms room for five photos, machines their own limits, and the log-in form a few kilobytes", () => {
    expect(bodyLimitFor("/laporan/baru", photos)).toBeGreaterThan(5 * 8 * 1024 * 1024);
    expect(bodyLimitFor("/laporan/abc123/perkembangan", photos)).toBe(bodyLimitFor("/laporan/baru", photos));
    expect(bodyLimitFor("/hooks/reports", photos)).toBe(HOOK_BODY_LIMIT);
    expect(bodyLimitFor("/Hooks/Reports/", photos)).toBe(HOOK_BODY_LIMIT);
    expect(bodyLimitFor("/masuk", photos)).toBeLessThanOrEqual(16 * 1024);
    expect(bodyLimitFor("/open311/v2/requests.json", photos)).toBeLessThanOrEqual(256 * 1024);
    expect(bodyLimitFor("/laporan/abc123", photos)).toBe(FORM_BODY_LIMIT);
    expect(isMachinePath("/api/trpc/reports.list")).toBe(true);
    expect(isMachinePath("/masuk")).toBe(false);
  });
});
