import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../helpers/fixtures";
import { freePort } from "../helpers/redis-server";

// `npm start`'s local mail capture (scripts/mail-capture.ts) as its own process: a client that resets its
// connection in the middle of a message (RST) must not bring it down; it logs and keeps capturing.
let capture: ChildProcess;
let port: number;
let output = "";
const dir = mkdtempSync(path.join(tmpdir(), "mail-capture-"));

beforeAll(async () => {
  port = await freePort();
  capture = spawn(process.execPath, ["--import", "tsx", "scripts/mail-capture.ts"], {
    env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_CAPTURE_DIR: dir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  capture.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  capture.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await waitFor(async () => output.includes("listening"), 20_000);
});

afterAll(() => {
  capture?.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

/** Speaks SMTP up to the middle of a message, then sends a TCP RST instead of a goodbye. */
async function resetMidMessage(stage: "mail" | "data"): Promise<void> {
  const socket: Socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  let received = "";
  socket.on("data", (c: Buffer) => (received += c.toString()));
  const expectReply = (code: string) =>
    waitFor(async () => new RegExp(`^${code} `, "m").test(received), 5000).then(
      () => (received = ""),
      (error: Error) => {
        throw new Error(`${error.message}: no ${code} reply (got ${JSON.stringify(received)}); capture's output:\n${output}`);
      },
    );
  await expectReply("220");
  socket.write("EHLO client.example\r\n");
  await expectReply("250");
  socket.write("MAIL FROM:<warga@contoh.id>\r\n");
  await expectReply("250");
  if (stage === "data") {
    socket.write("RCPT TO:<petugas@contoh.id>\r\n");
    await expectReply("250");
    socket.write("DATA\r\n");
    await expectReply("354");
    socket.write("Subject: terputus\r\n\r\nSetengah pesan");
  }
  socket.resetAndDestroy();
  await new Promise((r) => socket.once("close", r));
}

async function send(subject: string): Promise<void> {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
  await transport.sendMail({ from: "no-reply@musyawarah.local", to: "warga@contoh.id", subject, text: "Isi pesan." });
  transport.close();
}

describe("the local mail capture", () => {
  it("survives connections reset in the middle of a message and keeps capturing", async () => {
    await send("sebelum");
    for (const stage of ["mail", "data", "mail", "data"] as const) await resetMidMessage(stage);
    await new Promise((r) => setTimeout(r, 300));
    expect(capture.exitCode).toBeNull();
    expect(capture.signalCode).toBeNull();

    await send("sesudah");
    const subjects = () => readdirSync(dir).map((f) => readFileSync(path.join(dir, f), "utf8").match(/^Subject: (.*)$/m)?.[1]);
    await waitFor(async () => subjects().includes("sesudah"), 5000);
    expect(subjects().sort()).toEqual(["sebelum", "sesudah"]);
    expect(output).toMatch(/\[mail\] connection from 127\.0\.0\.1 failed \(ECONNRESET\)/);
  });
});
