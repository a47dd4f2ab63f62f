// A local SMTP capture for development and tests: accepts every message on loopback and hands it to
// `onMessage` (npm start writes them to data/mail/*.eml so you can read what users would receive).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export interface CapturedMail { from: string; to: string[]; raw: string }

export function startMailCapture(port: number, onMessage: (mail: CapturedMail) => void): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        onMessage({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      // A client that resets its connection in the middle of a message (an RST, a killed sender) is that
      // connection's problem: smtp-server reports it as an error of the whole server, which unhandled would
      // stop the capture. Log it and keep listening.
      server.on("error", (error: Error & { code?: string; remoteAddress?: string }) => {
        console.warn(`[mail] connection from ${error.remoteAddress ?? "?"} failed (${error.code ?? "error"}): ${error.message}; still listening`);
      });
      resolve(server);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const port = Number(new URL(process.env.SMTP_URL ?? "smtp://127.0.0.1:2525").port || 2525);
  const dir = path.resolve(process.env.MAIL_CAPTURE_DIR ?? "data/mail");
  mkdirSync(dir, { recursive: true });
  await startMailCapture(port, (mail) => {
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${mail.to[0] ?? "unknown"}.eml`);
    writeFileSync(file, mail.raw);
    console.log(`[mail] captured for ${mail.to.join(", ")} → ${path.relative(process.cwd(), file)}`);
  });
  console.log(`[mail] local capture listening on 127.0.0.1:${port}; messages go to ${dir}`);
}
