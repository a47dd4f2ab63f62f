import { writeFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import sharp from "sharp";
import { db } from "~/db.server";
import { hashPassword } from "~/services/accounts.server";
import { incomingDir } from "~/services/photos.server";

export const KELURAHAN = "3171050001"; // Pondok Pinang, Kebayoran Lama, Jakarta Selatan
export const KECAMATAN = "3171050";
export const KOTA = "3171";

export const validReport = {
  categorySlug: "jalan-rusak",
  title: "Jalan berlubang di depan SDN 03",
  description: "Lubang sedalam 20 cm, sudah ada pengendara yang jatuh.",
  kelurahanCode: KELURAHAN,
  lat: "-6.2440",
  lng: "106.8000",
};

let n = 0;
export async function createUser(role = "warga", extra: { agencyId?: string } = {}) {
  n += 1;
  return db.user.create({
    data: {
      email: `user${n}-${randomUUID().slice(0, 8)}@contoh.id`,
      name: `Pengguna ${n}`,
      role,
      passwordHash: await hashPassword("kata-sandi-rahasia"),
      homeKelurahanCode: KELURAHAN,
      agencyId: extra.agencyId ?? null,
    },
    select: { id: true, email: true },
  });
}

/** A real image file in the incoming folder, as the multipart parser would leave it. */
export async function incomingImage(format: "jpeg" | "png" | "webp" = "jpeg", size = 800): Promise<{ filepath: string }> {
  await mkdir(incomingDir(), { recursive: true });
  const filepath = path.join(incomingDir(), randomUUID());
  const image = sharp({ create: { width: size, height: Math.round(size * 0.75), channels: 3, background: { r: 200, g: 120, b: 40 } } });
  await writeFile(filepath, await image[format]().toBuffer());
  return { filepath };
}

/** A file that is not an image at all (or pretends to be one). */
export async function incomingBytes(bytes: Uint8Array | string): Promise<{ filepath: string }> {
  await mkdir(incomingDir(), { recursive: true });
  const filepath = path.join(incomingDir(), randomUUID());
  await writeFile(filepath, bytes);
  return { filepath };
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > until) throw new Error("waitFor timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A month `n` months after `from` as YYYY-MM (Jakarta): an execution period that is never in the past, whatever today is. */
export function monthsAhead(n: number, from = new Date()): string {
  const jakarta = new Date(from.getTime() + 7 * 3600_000);
  const total = jakarta.getUTCFullYear() * 12 + jakarta.getUTCMonth() + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, "0")}`;
}

/** An agency's acceptance as its form sends it. */
export const acceptance = (over: Record<string, string> = {}) => ({ kind: "terima", cost: "25.000.000", period: monthsAhead(2), unit: "Suku Dinas Bina Marga Jakarta Selatan", ...over });
