import type { SMTPServer } from "smtp-server";
import { startMailCapture, type CapturedMail } from "../../scripts/mail-capture";

/** A real SMTP capture on this test file's SMTP_URL port; `inbox` fills as mail arrives. */
export async function captureMail(): Promise<{ inbox: CapturedMail[]; close: () => Promise<void>; server: SMTPServer }> {
  const inbox: CapturedMail[] = [];
  const port = Number(new URL(process.env.SMTP_URL ?? "").port);
  const server = await startMailCapture(port, (m) => inbox.push(m));
  return { inbox, server, close: () => new Promise((r) => server.close(() => r())) };
}

/** The decoded text of a captured message (quoted-printable soft breaks undone). */
export function mailText(raw: string): string {
  const body = raw.split(/\r?\n\r?\n/).slice(1).join("\n\n");
  return body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** A decoded header of a captured message (folded lines joined, RFC 2047 encoded words undone). */
export function mailHeader(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  if (!line) return "";
  const value = line.slice(name.length + 1).trim();
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, "$1")
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === "B"
        ? Buffer.from(text, "base64").toString("utf8")
        : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8"),
    );
}
